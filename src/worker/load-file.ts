/**
 * The load pipeline of one dropped file: hash → unpack (gz/xz/zstd/tar/vmlinuz) → sniff and
 * parse (raw BTF or ELF) → for split BTF, find its base among the loaded kernels.
 * Bad input never throws out of here as anything but a WorkerError carrying the diagnostics
 * and the file's facts (name, size, sha256, head/tail bytes) for the error panel.
 */
import {
  type Btf,
  type BtfSource,
  type Diagnostic,
  ErrorCode,
  type ParseResult,
  computeBtfInfo,
  describeForeign,
  inferKernelArch,
  hasFileErrors,
  isFileError,
  moduleRelease,
  openBtf,
  parseBtf,
  unpack,
  validateBtf,
} from '../core/index';
import { type BaseCandidate, looksSplit, matchBase } from './base-match';
import { fileFacts, releaseFromContents, releaseFromName } from './file-facts';
import type { FileFacts, FileId, FileRole, FileSummary, ProgressEvent } from './protocol';
import { WorkerError } from './worker-error';

const EM_BPF = 247;

export type Progress = (phase: ProgressEvent['phase'], done: number, total: number) => void;

/** A file that parsed, with what the session keeps of it. */
export interface ParsedFile {
  summary: FileSummary;
  source: BtfSource;
  /** The unpacked bytes (what the BTF and ELF views point into). */
  bytes: Uint8Array;
  /** False while validateBtf is still to run (whole raw kernels: after the load answer). */
  validated?: boolean;
}

/** Split BTF waiting for the user to pick its base (bytes already unpacked). */
export interface PendingSplit {
  fileId: FileId;
  facts: FileFacts;
  bytes: Uint8Array;
  layers: string[];
  releaseGuess: string | undefined;
  /** The release in the module's `.modinfo` vermagic, if it has one: the kernel to drop. */
  builtFor: string | undefined;
  diagnostics: Diagnostic[];
  timingsMs: Record<string, number>;
}

export type LoadOutcome = { parsed: ParsedFile } | { pending: PendingSplit; candidates: FileId[] };

export async function loadFile(
  fileId: FileId,
  name: string,
  raw: Uint8Array,
  kernels: readonly BaseCandidate[],
  explicitBase: BaseCandidate | undefined,
  progress: Progress,
  /** sha256 of `raw`, computed elsewhere (hasher.ts) while this parses. */
  hash: Promise<string>,
): Promise<LoadOutcome> {
  // performance.timeOrigin + now() is wall-clock in every thread: the page can place this.
  const timingsMs: Record<string, number> = { startedAtMs: Math.round(performance.timeOrigin + performance.now()) };
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timingsMs[phase] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  hash.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
  progress('unpack', 0, 0);
  // `total` is the output size an xz file announces (0: unknown), so big .xz files get a real bar.
  const un = await unpack(raw, { onProgress: (_p, done, total) => progress('unpack', done, total) });
  lap('unpack');
  const diagnostics: Diagnostic[] = [...un.diagnostics];
  if (un.format !== 'elf' && un.format !== 'raw-btf') {
    const r = openBtf(un.bytes);
    const foreign = un.format === 'unknown' ? describeForeign(un.bytes) : undefined;
    throw new WorkerError(ErrorCode.UnsupportedFormat, `${name}: ${foreign ? `this is ${foreign}, ` : ''}not a BTF or ELF file`, [...diagnostics, ...r.diagnostics], fileFacts(name, raw, await hash));
  }
  const tarName = un.layers.find((l) => l.startsWith('tar:'));
  const releaseGuess =
    releaseFromName(name) ?? (tarName ? releaseFromName(tarName) : undefined) ?? releaseFromContents(raw) ?? releaseFromContents(un.bytes);

  progress('parse', 0, un.bytes.length);
  // A whole raw kernel BTF is validated right after the answer (see Session.validate): the
  // index pass alone makes decoding safe, and the table can paint meanwhile.
  const deferValidation = un.format === 'raw-btf' && !explicitBase;
  const first = deferValidation ? openRawUnvalidated(un.bytes) : openBtf(un.bytes, explicitBase ? { base: explicitBase.btf } : {});
  lap('parse');
  if (!explicitBase && first.value && looksSplit(first.value.btf)) {
    const facts = fileFacts(name, raw, await hash);
    lap('hash');
    if (deferValidation) first.diagnostics.push(...validateBtf(first.value.btf));
    const builtFor = first.value.elf ? moduleRelease(first.value.elf) : undefined;
    const pending: PendingSplit = { fileId, facts, bytes: un.bytes, layers: un.layers, releaseGuess, builtFor, diagnostics, timingsMs };
    const m = matchBase(un.bytes, kernels);
    lap('base-match');
    if (m.fits.length === 1) {
      const fit = m.fits[0]!;
      return { parsed: summarize(fileId, facts, fit.source, 'module', pending, [...diagnostics, ...fit.diagnostics], fit.fileId, un.bytes) };
    }
    return { pending, candidates: m.fits.map((f) => f.fileId) };
  }
  diagnostics.push(...first.diagnostics);
  // Errors confined to one type (validate-kernel-rules.ts) leave the rest usable: that type is
  // shown as invalid, the file loads.
  if (!first.value || hasFileErrors(diagnostics)) {
    const code = diagnostics.find(isFileError)?.code ?? ErrorCode.Internal;
    throw new WorkerError(code, `${name}: could not read its BTF`, diagnostics, fileFacts(name, raw, await hash));
  }
  const kindCounts = computeBtfInfo(first.value.btf, 0).kindCounts;
  lap('index');
  // The digest runs elsewhere (hasher.ts) while this parses: waiting for it comes last.
  const facts = fileFacts(name, raw, await hash);
  lap('hash');
  const role: FileRole = explicitBase ? 'module' : first.value.elf?.machine === EM_BPF ? 'object' : 'kernel';
  const parts = { layers: un.layers, releaseGuess, timingsMs };
  const parsed = summarize(fileId, facts, first.value, role, parts, diagnostics, explicitBase?.fileId, un.bytes, kindCounts);
  parsed.validated = !deferValidation;
  return { parsed };
}

function kindCountsOf(btf: Btf, timingsMs: Record<string, number>): Record<string, number> {
  const t = performance.now();
  const counts = computeBtfInfo(btf, 0).kindCounts;
  timingsMs['index'] = Math.round((performance.now() - t) * 10) / 10;
  return counts;
}

function openRawUnvalidated(bytes: Uint8Array): ParseResult<BtfSource> {
  const r = parseBtf(bytes, { validate: false });
  return { value: r.value && { btf: r.value, format: 'raw-btf', btfFileOffset: 0 }, diagnostics: r.diagnostics };
}

/** Parses a pending split BTF on the chosen base; errors become a WorkerError. */
export function parseOnBase(p: PendingSplit, base: BaseCandidate): ParsedFile {
  const r = openBtf(p.bytes, { base: base.btf });
  const diagnostics = [...p.diagnostics, ...r.diagnostics];
  if (!r.value || hasFileErrors(diagnostics)) {
    const code = diagnostics.find(isFileError)?.code ?? ErrorCode.Internal;
    throw new WorkerError(code, `${p.facts.name}: does not parse on that base`, diagnostics, p.facts);
  }
  return summarize(p.fileId, p.facts, r.value, 'module', p, diagnostics, base.fileId, p.bytes);
}

function summarize(
  fileId: FileId,
  facts: FileFacts,
  source: BtfSource,
  role: FileRole,
  parts: { layers: string[]; releaseGuess: string | undefined; timingsMs: Record<string, number> },
  diagnostics: Diagnostic[],
  baseFileId: FileId | undefined,
  bytes: Uint8Array,
  kindCounts = kindCountsOf(source.btf, parts.timingsMs),
): ParsedFile {
  const summary: FileSummary = {
    ...facts,
    fileId,
    role,
    format: source.format,
    layers: parts.layers,
    releaseGuess: role === 'object' ? undefined : parts.releaseGuess,
    baseFileId,
    littleEndian: source.btf.littleEndian,
    arch: inferKernelArch(source.btf, source.elf),
    startId: source.btf.startId,
    ownTypeCount: source.btf.ownTypeCount,
    kindCounts,
    diagnostics,
    timingsMs: parts.timingsMs,
  };
  return { summary, source, bytes };
}
