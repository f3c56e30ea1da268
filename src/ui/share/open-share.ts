/**
 * Opening a share link: the fragment's `share=` payload carries the files the view needs
 * (docs/share-links.md). They are decoded here (core's decodeSharePayload: strict
 * validation, size and decompression limits) and loaded like dropped files; the link's
 * file references name them by the sha256 of those bytes, so the view finds them. Files a
 * payload only refers to are loaded (bundled samples) or left for the user to drop: hash
 * references and https URLs alike. A URL is never fetched (the app makes no request off its
 * origin, and a link must not make the page request anything): it is returned, to be shown
 * as text with "download it, then drop it here".
 */
import { type Diagnostic, decodeSharePayload, parseSourceRef } from '../../core/index';
import { addSharedFile, loadSample } from '../data/file-actions';
import { useAppStore } from '../store/app-store';

/** Payloads already opened in this page: a re-render or a re-encoded URL must not reload. */
const opened = new Set<string>();

/** A file a link names by https URL: shown to the user, never fetched. */
export interface RemoteFile {
  label: string;
  url: string;
}

export interface OpenShareResult {
  diagnostics: Diagnostic[];
  files: number;
  remote: RemoteFile[];
}

export async function openSharePayload(payload: string): Promise<OpenShareResult> {
  if (opened.has(payload)) return { diagnostics: [], files: 0, remote: [] };
  opened.add(payload);
  const r = decodeSharePayload(payload);
  if (!r.value) return { diagnostics: r.diagnostics, files: 0, remote: [] };
  const remote: RemoteFile[] = [];
  const have = useAppStore.getState().files;
  const loads: Promise<unknown>[] = [];
  for (const blob of r.value.blobs) {
    if (blob.bytes) {
      // The same name and bytes already loaded (e.g. the sender's own tab): nothing to do.
      if (have.some((f) => f.name === blob.label && f.byteSize === blob.bytes!.length && f.status !== 'error')) continue;
      const file = new File([blob.bytes as Uint8Array<ArrayBuffer>], blob.label, { type: 'application/octet-stream' });
      loads.push(addSharedFile(file, blob.displayLabel));
      continue;
    }
    const ref = blob.ref ? parseSourceRef(blob.ref) : undefined;
    if (ref?.kind === 'sample') {
      // The sender's label for a sample, unless the receiver has renamed it themselves.
      const shown = blob.displayLabel;
      loads.push(
        loadSample(ref.name).then((m) => {
          if (m && shown && m.label === m.sample) useAppStore.getState().setLabel(m.id, shown);
          return m;
        }),
      );
    }
    else if (ref?.kind === 'url') remote.push({ label: blob.label, url: ref.url });
  }
  useAppStore.getState().setRemoteFiles(remote);
  await Promise.all(loads);
  return { diagnostics: r.diagnostics, files: loads.length, remote };
}

/** Test hook: forget what was opened. */
export function resetOpenedShares(): void {
  opened.clear();
}
