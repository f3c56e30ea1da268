/**
 * The message protocol between the page and the BTF worker.
 *
 * The worker owns every parsed file; the page asks small questions and gets small view models
 * back (never a whole spec). Each request is `{ id, kind, args }`; each reply is
 * `{ id, ok: true, value }` or `{ id, ok: false, error }`; slow requests also send
 * `{ id, kind: 'progress', phase, done, total }` events first. `RequestMap` names every request
 * kind with its argument and value types in one place, so `client.request('listTypes', …)` is
 * typed end to end. Bump PROTOCOL_VERSION whenever a message changes shape: a page and a
 * worker of different builds refuse to talk (see client.ts).
 */
import type { Diagnostic } from '../core/diagnostics';
import type { KernelArch } from '../core/kernel-arch';
import type { AlignedMember, AlignedSide, DiffRequestArgs, DiffRow, DiffSummaryView, DiffTypeView } from './diff-view-model';
import type { LayoutView, TypeCView, UsedByView } from './layout-view-model';
import type { RelocationsView } from './relo-view-model';
import type { ShareArgs, ShareResult } from './share';

export const PROTOCOL_VERSION = 1;

/** Session-local handle of a loaded file, chosen by the page ('f1', 'f2', …). Not stable. */
export type FileId = string & { readonly __brand: 'FileId' };

export type FileRole = 'kernel' | 'module' | 'object';

/** What a failed or a good load can tell about the bytes (error reports carry it). */
export interface FileFacts {
  name: string;
  byteSize: number;
  /** Lower-case hex sha256 of the bytes as dropped (before unpacking). */
  sha256: string;
  headHex: string;
  tailHex: string;
}

export interface FileSummary extends FileFacts {
  fileId: FileId;
  role: FileRole;
  format: 'raw-btf' | 'elf';
  /** Packings removed, outermost first, e.g. ['xz', 'tar:5.4.0-42-generic.btf']. */
  layers: string[];
  /** Kernel release guessed from the name or the contents, e.g. '6.1.0-50-amd64'. */
  releaseGuess?: string | undefined;
  /** For split BTF (modules): the kernel it was parsed on. */
  baseFileId?: FileId | undefined;
  littleEndian: boolean;
  /** Architecture, byte order and word size (core/kernel-arch.ts); `arch` absent when the BTF does not tell. */
  arch?: KernelArch | undefined;
  /** Ids [startId, startId + ownTypeCount) are this file's own types. */
  startId: number;
  ownTypeCount: number;
  /** Own types per kind, bpftool spelling ('STRUCT': 10234). */
  kindCounts: Record<string, number>;
  /** Warnings (a file with errors does not load). */
  diagnostics: Diagnostic[];
  object?: { programs: number; coreRelos: number; lineInfos: number } | undefined;
  /** Milliseconds spent in the worker, per phase (hash, unpack, parse, index). */
  timingsMs: Record<string, number>;
}

/** Rows per type-list page; a load answers with the first page already (id order, no filter). */
export const TYPE_PAGE_ROWS = 200;

export type LoadResult =
  | { status: 'ready'; file: FileSummary; firstWindow?: TypeWindow | undefined }
  /** Split BTF: no loaded kernel fits (candidates empty) or several do; see `chooseBase`. */
  | { status: 'needs-base'; fileId: FileId; facts: FileFacts; candidates: FileId[]; /** Release from `.modinfo` vermagic. */ builtFor?: string | undefined };

export type TypeFilterMode = 'substring' | 'fuzzy';
export type TypeSortColumn = 'id' | 'kind' | 'name' | 'size' | 'members';

export interface TypeQuery {
  text: string;
  mode: TypeFilterMode;
  /** BtfKind numbers to keep; empty keeps every kind. */
  kinds: number[];
}

export interface TypeSort {
  column: TypeSortColumn;
  desc: boolean;
}

export interface ListTypesArgs {
  fileId: FileId;
  query: TypeQuery;
  sort: TypeSort;
  /** Rows [start, start + count) of the filtered, sorted list. */
  range: { start: number; count: number };
  /** Also report where this type id sits in the list (jump to id). */
  revealId?: number | undefined;
}

/** One window of the type list, column by column (the id columns are transferred). */
export interface TypeWindow {
  total: number;
  start: number;
  ids: Uint32Array;
  kinds: Uint8Array;
  /** Byte size, or -1 where the kind has none (func, fwd, …). */
  byteSizes: Float64Array;
  /** Members, enum values, params, vars (the vlen). */
  vlens: Uint32Array;
  names: string[];
  /** Row index of `revealId` in the whole list; -1 when filtered out or absent. */
  revealIndex?: number | undefined;
}

/** A type named by kind + name ('struct:task_struct') or, for anonymous types, by id ('#42'). */
export type TypeKey = string;

export interface TypeArgs {
  fileId: FileId;
  type: TypeKey;
}

export interface RelocationsArgs {
  objectFileId: FileId;
  /** Kernels to relocate on; `label` names the kernel in results and explanations. */
  targets: { fileId: FileId; label: string }[];
}

/** Every request kind: its arguments and the value of a successful reply. */
export interface RequestMap {
  hello: { args: { protocolVersion: number }; value: { protocolVersion: number } };
  load: {
    /** A Blob (a dropped File) is read by the worker itself; an ArrayBuffer is transferred. */
    args: { fileId: FileId; name: string; bytes: ArrayBuffer | Blob; baseFileId?: FileId | undefined };
    value: LoadResult;
  };
  /** Parse a split-BTF file kept from a 'needs-base' load on this base ('auto': match again). */
  chooseBase: { args: { fileId: FileId; baseFileId: FileId | 'auto' }; value: LoadResult };
  unload: { args: { fileId: FileId }; value: { unloaded: boolean } };
  /**
   * Runs the validation a load deferred (whole raw kernels are answered after the index pass;
   * the page asks once it has shown the file). An invalid file is unloaded and the reply is an
   * error with its diagnostics.
   */
  validate: { args: { fileId: FileId }; value: { diagnostics: Diagnostic[] } };
  listTypes: { args: ListTypesArgs; value: TypeWindow };
  getLayout: { args: TypeArgs; value: LayoutView };
  dumpC: { args: TypeArgs; value: TypeCView };
  /**
   * The type and everything it needs as C (`btfscope dump --format c --type #ID`), streamed
   * into a Blob in chunks: the whole text that `dumpC` may show only an excerpt of.
   */
  downloadC: { args: TypeArgs; value: { blob: Blob; fileName: string; byteSize: number } };
  /** The type and what it needs, as `btfscope dump --format c --type <key>` ("Copy C"). */
  dumpCWithDeps: { args: TypeArgs; value: { key: TypeKey; text: string } };
  usedBy: { args: TypeArgs & { limit?: number }; value: UsedByView };
  diff: { args: DiffRequestArgs; value: DiffSummaryView };
  diffType: { args: DiffRequestArgs & { type: TypeKey }; value: DiffTypeView };
  /** The whole diff as `btfscope diff A B --json` prints it, `before`/`after` naming the sides. */
  diffJson: { args: DiffRequestArgs & { before: string; after: string }; value: string };
  relocations: { args: RelocationsArgs; value: RelocationsView };
  /** A share link's payload and file references for the type, diff or relocation view (#6). */
  share: { args: ShareArgs; value: ShareResult };
}

export type RequestKind = keyof RequestMap;
export type ArgsFor<K extends RequestKind> = RequestMap[K]['args'];
export type ResponseFor<K extends RequestKind> = RequestMap[K]['value'];

export type Request = { [K in RequestKind]: { id: number; kind: K; args: ArgsFor<K> } }[RequestKind];

export interface SerializedError {
  /** A core ErrorCode or one of the worker's own ('protocol-mismatch', 'unknown-file', …). */
  code: string;
  message: string;
  diagnostics: Diagnostic[];
  file?: FileFacts | undefined;
}

export const WorkerErrorCode = {
  ProtocolMismatch: 'protocol-mismatch',
  UnknownFile: 'unknown-file',
  UnknownType: 'unknown-type',
  BadRequest: 'bad-request',
  WorkerCrashed: 'worker-crashed',
  Cancelled: 'cancelled',
  Stale: 'stale',
  NotAvailable: 'not-available',
  TooLarge: 'too-large',
} as const;

export interface ProgressEvent {
  id: number;
  kind: 'progress';
  phase: 'read' | 'hash' | 'unpack' | 'parse' | 'index';
  done: number;
  /** 0 when unknown (e.g. an xz file whose Index cannot be read: a vmlinuz payload). */
  total: number;
}

export type Response =
  | { id: number; ok: true; value: ResponseFor<RequestKind> }
  | { id: number; ok: false; error: SerializedError };

export type WorkerMessage = Response | ProgressEvent;

export function isProgress(m: WorkerMessage): m is ProgressEvent {
  return (m as ProgressEvent).kind === 'progress';
}

export type { LayoutView, TypeCView, UsedByView, TypeRef } from './layout-view-model';
export type { AlignedMember, AlignedSide, DiffRequestArgs, DiffRow, DiffSummaryView, DiffTypeView };
export type { RelocationsView, SourceFileView, SourceLine } from './relo-view-model';
export type { ShareArgs, ShareResult };
