/** Derived values from the store: plain functions, used with narrow selectors. */
import type { FileId } from '../../worker/protocol';
import { type FileRef, refsOf } from '../url/url-state';
import type { AppStore } from './app-store';
import { type FileMeta, refMatches } from './files-slice';

export type AppState = 'idle' | 'loading' | 'error';

/**
 * What the root's data-state says: loading wins (a file loading, a query in flight, or a
 * bundled sample the URL names that has not started loading yet), then undismissed errors.
 */
export function selectAppState(s: AppStore): AppState {
  if (s.busy > 0 || s.files.some((f) => f.status === 'loading')) return 'loading';
  const samplePending = refsOf(s.view).some((r) => r.startsWith('sample:') && !s.files.some((f) => refMatches(r, f)));
  if (samplePending) return 'loading';
  if (s.files.some((f) => f.status === 'error' && !f.dismissed)) return 'error';
  return 'idle';
}

/** The ready file a reference names (views query only ready files). */
export function fileForRef(files: readonly FileMeta[], ref: FileRef | undefined): FileMeta | undefined {
  if (!ref) return undefined;
  return files.find((f) => f.status === 'ready' && refMatches(ref, f));
}

export function fileById(files: readonly FileMeta[], id: FileId | undefined): FileMeta | undefined {
  return id ? files.find((f) => f.id === id) : undefined;
}

export function readyFiles(files: readonly FileMeta[], role?: 'kernel' | 'module' | 'object'): FileMeta[] {
  return files.filter((f) => f.status === 'ready' && (!role || f.summary?.role === role));
}

/** Kernels (and modules) a relocation or a diff can target. */
export function targetFiles(files: readonly FileMeta[]): FileMeta[] {
  return files.filter((f) => f.status === 'ready' && f.summary?.role !== 'object');
}
