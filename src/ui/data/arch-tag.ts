/** A kernel's architecture as the badges and chips show it ("x86-64 LE"); objects have none. */
import { describeArchDifference, formatArchShort } from '../../core/kernel-arch';
import type { FileMeta } from '../store/files-slice';

export function archTagOf(f: FileMeta | undefined): string | undefined {
  const s = f?.summary;
  return s?.arch && s.role !== 'object' ? formatArchShort(s.arch) : undefined;
}

/** The Diff view's notice when kernels A and B may not share an ABI (core/kernel-arch.ts). */
export function archNoticeOf(a: FileMeta | undefined, b: FileMeta | undefined): string | undefined {
  const x = a?.summary;
  const y = b?.summary;
  if (!x?.arch || !y?.arch || x.role === 'object' || y.role === 'object') return undefined;
  return describeArchDifference(x.arch, y.arch);
}
