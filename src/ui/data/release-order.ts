/**
 * Kernels in release order (5.10 before 6.1 before 6.12, not as loaded or as strings sort):
 * what the relocation matrix, the target list and "diff across kernels" show and pick.
 */
import type { FileMeta } from '../store/files-slice';

/** The leading numbers of a release: '6.12.113-s390x.min' → [6, 12, 113]; [] when it has none. */
export function releaseParts(release: string | undefined): number[] {
  const m = release ? /(\d+(?:\.\d+)*)/.exec(release) : null;
  return m ? m[1]!.split('.').map(Number) : [];
}

function releaseOf(f: FileMeta): number[] {
  const fromGuess = releaseParts(f.summary?.releaseGuess);
  return fromGuess.length ? fromGuess : releaseParts(f.label);
}

/** Older first; files without a release after those with one (their order kept by callers). */
export function compareReleases(x: FileMeta, y: FileMeta): number {
  const a = releaseOf(x);
  const b = releaseOf(y);
  if (!a.length || !b.length) return (a.length ? 0 : 1) - (b.length ? 0 : 1);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

/** A stable sort into release order. */
export function inReleaseOrder<T extends FileMeta>(files: readonly T[]): T[] {
  return files
    .map((f, i) => ({ f, i }))
    .sort((x, y) => compareReleases(x.f, y.f) || x.i - y.i)
    .map((x) => x.f);
}
