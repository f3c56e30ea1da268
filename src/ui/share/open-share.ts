/**
 * Opening a share link: the fragment's `share=` payload carries the files the view needs
 * (docs/share-links.md). They are decoded here (core's decodeSharePayload: strict
 * validation, size and decompression limits) and loaded like dropped files; the link's
 * file references name them by the sha256 of those bytes, so the view finds them. Files a
 * payload only refers to are fetched (https), loaded (bundled samples) or left for the user
 * to drop (hash references, listed by the missing-files notice).
 */
import { type Diagnostic, decodeSharePayload, parseSourceRef } from '../../core/index';
import { addFiles, loadSample } from '../data/file-actions';
import { useAppStore } from '../store/app-store';

/** Payloads already opened in this page: a re-render or a re-encoded URL must not reload. */
const opened = new Set<string>();

export interface OpenShareResult {
  diagnostics: Diagnostic[];
  files: number;
}

export async function openSharePayload(payload: string): Promise<OpenShareResult> {
  if (opened.has(payload)) return { diagnostics: [], files: 0 };
  opened.add(payload);
  const r = decodeSharePayload(payload);
  if (!r.value) return { diagnostics: r.diagnostics, files: 0 };
  const have = useAppStore.getState().files;
  const loads: Promise<unknown>[] = [];
  for (const blob of r.value.blobs) {
    if (blob.bytes) {
      // The same name and bytes already loaded (e.g. the sender's own tab): nothing to do.
      if (have.some((f) => f.name === blob.label && f.byteSize === blob.bytes!.length && f.status !== 'error')) continue;
      const file = new File([blob.bytes as Uint8Array<ArrayBuffer>], blob.label, { type: 'application/octet-stream' });
      loads.push(...addFiles([file]));
      continue;
    }
    const ref = blob.ref ? parseSourceRef(blob.ref) : undefined;
    if (ref?.kind === 'sample') loads.push(loadSample(ref.name));
    else if (ref?.kind === 'url') loads.push(fetchInto(ref.url, blob.label));
  }
  await Promise.all(loads);
  return { diagnostics: r.diagnostics, files: loads.length };
}

/** A file the link names by https URL: fetched by this browser, never by a server of ours. */
async function fetchInto(url: string, name: string): Promise<void> {
  const res = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  await Promise.all(addFiles([new File([bytes], name)]));
}

/** Test hook: forget what was opened. */
export function resetOpenedShares(): void {
  opened.clear();
}
