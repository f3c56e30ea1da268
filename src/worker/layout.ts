/**
 * The getLayout request: core's pahole-identical layout of a struct or union, and its pahole
 * text. A typedef key lays out the struct or union it names, as `btfscope layout` does.
 */
import { type Btf, compositeThroughTypedefs, computeStructLayout, formatPaholeLayout } from '../core/index';
import type { LayoutView } from './layout-view-model';
import { WorkerErrorCode } from './protocol';
import { findTypeKey } from './type-key';
import { WorkerError } from './worker-error';

export function layoutView(btf: Btf, key: string, cachelineBytes = 64): LayoutView {
  const ids = [...new Set(findTypeKey(btf, key).map((id) => compositeThroughTypedefs(btf, id)))].filter((id) => id > 0);
  const id = ids[0];
  if (id === undefined) throw new WorkerError(WorkerErrorCode.UnknownType, `${key.replace(':', ' ')} is not a struct or union in this file`);
  const r = computeStructLayout(btf, id, { cachelineBytes });
  if (!r.value) throw new WorkerError(r.diagnostics[0]?.code ?? 'internal-error', r.diagnostics[0]?.message ?? 'no layout', r.diagnostics);
  return { key, id, duplicates: ids.length, layout: r.value, paholeText: formatPaholeLayout(r.value) };
}
