/**
 * Files slice: what the page knows about each file — handles and metadata only. The parsed
 * models live in the worker; big query results in the query cache (data/use-worker-query.ts).
 */
import type { StateCreator } from 'zustand';
import type { FileId, FileSummary, ProgressEvent, SerializedError } from '../../worker/protocol';
import type { FileRef } from '../url/url-state';
import type { AppStore } from './app-store';

export type FileStatus = 'loading' | 'ready' | 'needs-base' | 'error';

export interface FileMeta {
  id: FileId;
  name: string;
  /** Shown everywhere instead of the name; editable. A kernel release when one is known. */
  label: string;
  /** Bundled sample id ('6.18'), if it came from the demo. */
  sample?: string | undefined;
  status: FileStatus;
  progress?: Pick<ProgressEvent, 'phase' | 'done' | 'total'> | undefined;
  summary?: FileSummary | undefined;
  error?: SerializedError | undefined;
  /** needs-base: kernels the split BTF fits (empty: none loaded fits). */
  candidates?: FileId[] | undefined;
  /** needs-base: the kernel release the module was built for (its `.modinfo` vermagic). */
  builtFor?: string | undefined;
  /** The error panel entry was closed. */
  dismissed?: boolean | undefined;
  byteSize: number;
}

export interface FilesSlice {
  files: FileMeta[];
  addFile(meta: FileMeta): void;
  updateFile(id: FileId, patch: Partial<FileMeta>): void;
  removeFile(id: FileId): void;
  setLabel(id: FileId, label: string): void;
  dismissError(id: FileId): void;
}

export const createFilesSlice: StateCreator<AppStore, [], [], FilesSlice> = (set) => ({
  files: [],
  addFile: (meta) => set((s) => ({ files: [...s.files.filter((f) => f.id !== meta.id), meta] })),
  updateFile: (id, patch) => set((s) => ({ files: s.files.map((f) => (f.id === id ? { ...f, ...patch } : f)) })),
  removeFile: (id) => set((s) => ({ files: s.files.filter((f) => f.id !== id && f.summary?.baseFileId !== id) })),
  setLabel: (id, label) =>
    set((s) => ({ files: s.files.map((f) => (f.id === id ? { ...f, label: label.trim() || f.name } : f)) })),
  dismissError: (id) => set((s) => ({ files: s.files.map((f) => (f.id === id ? { ...f, dismissed: true } : f)) })),
});

/** The stable reference a URL uses for a file, once known. */
export function fileRefOf(f: FileMeta): FileRef | undefined {
  if (f.sample) return `sample:${f.sample}`;
  const sha = f.summary?.sha256 ?? f.error?.file?.sha256;
  return sha ? `sha256:${sha.slice(0, 16)}~${f.name.replace(/[^A-Za-z0-9._+-]+/g, '_').slice(0, 120) || 'file'}` : undefined;
}

/** Whether `f` is the file `ref` names (a sample id, or a sha256 prefix). */
export function refMatches(ref: FileRef, f: FileMeta): boolean {
  if (ref.startsWith('sample:')) return f.sample === ref.slice(7);
  const m = /^sha256:([0-9a-f]{16})~/.exec(ref);
  return !!m && !!f.summary && f.summary.sha256.startsWith(m[1]!);
}
