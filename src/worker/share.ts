/**
 * The Share request (#6): the link that opens the current type, diff or relocation view with
 * no files and no server. The worker holds the parsed files, so it cuts them (core's
 * buildTypeShare / buildDiffShare / buildRelocationShare), packs the payload and hashes
 * each carried file the way `load` hashes a dropped one, so the link's file references find them again on
 * the receiving side. See docs/share-links.md.
 */
import {
  type BuiltShare,
  type ParseResult,
  type ShareLinkState,
  buildDiffShare,
  buildRelocationShare,
  buildTypeShare,
  encodeSharePayload,
  hasErrors,
  relocateObject,
  shareFileName,
  withFileRefs,
} from '../core/index';
import { sha256Hex } from './file-facts';
import { type FileId, WorkerErrorCode } from './protocol';
import { bpfObjectOf } from './relocations';
import type { LoadedFile } from './session';
import { WorkerError } from './worker-error';

/** `labels`: what the sender's page shows for each file (by id), carried as display labels (v2). */
export type ShareArgs = (
  | { route: 'diff'; aFileId: FileId; bFileId: FileId; type: string }
  | { route: 'type'; fileId: FileId; type: string }
  | { route: 'relocs'; objectFileId: FileId; targets: { fileId: FileId; label: string }[]; relo?: number | undefined }
) & { labels?: Record<string, string> | undefined };

export interface ShareResult {
  /** The value of `share=`. */
  payload: string;
  /** The view state with file references to the carried files (formatShareLink builds the URL). */
  link: ShareLinkState;
  files: { name: string; byteSize: number }[];
}

/** The name a carried file is loaded under: the original name without packing suffixes. */
function carriedName(f: LoadedFile, suffix = ''): string {
  let n = f.summary.name.replace(/^.*[\\/]/, '');
  for (let i = 0; i < 4; i++) n = n.replace(/\.(xz|gz|zst|tar)$/, '');
  if (!suffix) return n;
  return /\.btf$/.test(n) ? n.replace(/\.btf$/, `${suffix}.btf`) : `${n}${suffix}`;
}

export async function shareView(args: ShareArgs, file: (id: FileId) => LoadedFile): Promise<ShareResult> {
  let built: ParseResult<BuiltShare>;
  if (args.route === 'diff') {
    const a = file(args.aFileId);
    const b = file(args.bFileId);
    built = buildDiffShare(
      { label: carriedName(a), sha256: a.summary.sha256.slice(0, 16), btf: a.source.btf },
      { label: carriedName(b), sha256: b.summary.sha256.slice(0, 16), btf: b.source.btf },
      args.type,
    );
  } else if (args.route === 'type') {
    const f = file(args.fileId);
    built = buildTypeShare({ label: carriedName(f), sha256: f.summary.sha256.slice(0, 16), btf: f.source.btf }, args.type);
  } else {
    const o = file(args.objectFileId);
    const obj = bpfObjectOf(o);
    const targets = args.targets.map((t) => ({ ...t, f: file(t.fileId) }));
    const report = relocateObject(obj, targets.map((t) => ({ label: t.label, btf: t.f.source.btf })));
    built = buildRelocationShare(
      { label: carriedName(o), sha256: o.summary.sha256.slice(0, 16), elf: obj.elf },
      targets.map((t) => ({ label: t.label, sha256: t.f.summary.sha256.slice(0, 16), btf: t.f.source.btf })),
      report,
    );
    // Carried targets are named after their files, not the labels the report uses.
    if (built.value) built.value.payload.blobs.slice(1).forEach((blob, i) => (blob.label = shareFileName(carriedName(targets[i]!.f, '.min'))));
  }
  if (built.value && args.labels) {
    const ids = args.route === 'diff' ? [args.aFileId, args.bFileId] : args.route === 'type' ? [args.fileId] : [args.objectFileId, ...args.targets.map((t) => t.fileId)];
    built.value.payload.blobs.forEach((blob, i) => {
      const shown = ids[i] !== undefined ? args.labels![ids[i]!] : undefined;
      if (shown !== undefined) blob.displayLabel = shown;
    });
  }
  if (!built.value || hasErrors(built.diagnostics)) {
    const why = built.diagnostics.find((d) => d.severity === 'error')?.message ?? 'nothing to share';
    throw new WorkerError(WorkerErrorCode.BadRequest, `cannot share this view: ${why}`);
  }
  const payload = encodeSharePayload(built.value.payload);
  const hashes = await Promise.all(built.value.payload.blobs.map((b) => (b.bytes ? sha256Hex(b.bytes) : Promise.resolve(''))));
  const link = withFileRefs(built.value, hashes);
  if (args.route === 'relocs' && args.relo !== undefined) link.relo = args.relo;
  return { payload, link, files: built.value.payload.blobs.map((b) => ({ name: b.label, byteSize: b.bytes?.length ?? 0 })) };
}
