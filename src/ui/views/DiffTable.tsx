/**
 * The changed-types table of a diff: thousands of rows, so virtualized; filtered by name,
 * kind and change, sorted client-side (by name, by size change, by members moved).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { DiffRow } from '../../worker/protocol';
import { useAppStore } from '../store/app-store';
import type { DiffSort } from '../url/url-state';
import { SafeText } from '../text/SafeText';

const delta = (r: DiffRow) => (r.byteSizeAfter ?? 0) - (r.byteSizeBefore ?? 0);
const SORTS: Record<DiffSort, (a: DiffRow, b: DiffRow) => number> = {
  name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  size: (a, b) => Math.abs(delta(b)) - Math.abs(delta(a)) || SORTS.name(a, b),
  moved: (a, b) => b.moved - a.moved || b.memberChanges - a.memberChanges || SORTS.name(a, b),
};

/** The rows in the table's order for `sort` (also what its CSV/Markdown export lists). */
export function sortDiffRows(rows: readonly DiffRow[], sort: DiffSort): DiffRow[] {
  return [...rows].sort(SORTS[sort]);
}

export function rowKey(r: DiffRow): string {
  return `${r.kind}:${r.name}`;
}

export function DiffTable({
  rows,
  sort,
  selected,
  onSelect,
  onSort,
}: {
  rows: DiffRow[];
  sort: DiffSort;
  selected: string | undefined;
  onSelect: (key: string) => void;
  onSort: (s: DiffSort) => void;
}) {
  const sorted = useMemo(() => sortDiffRows(rows, sort), [rows, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const ROW_PX = useAppStore((s) => (s.largeText ? 36 : 28));
  const v = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 20 });
  useEffect(() => v.measure(), [ROW_PX, v]);
  useEffect(() => {
    requestAnimationFrame(() => performance.mark('btfscope:diff-painted'));
  }, [rows]);
  const th = (s: DiffSort | undefined, label: string, cls = '') =>
    s ? (
      <button type="button" role="columnheader" className={`dt-cell th-btn ${cls}`} aria-sort={sort === s ? 'descending' : 'none'} onClick={() => onSort(s)}>
        {label}
        {sort === s ? ' ▼' : ''}
      </button>
    ) : (
      <span role="columnheader" className={`dt-cell ${cls}`}>
        {label}
      </span>
    );
  return (
    <div className="diff-table" data-testid="diff-table" data-rows={sorted.length} role="grid" aria-label="Changed types" aria-rowcount={sorted.length + 1}>
      <div className="dt-head" role="row">
        {th(undefined, 'change')}
        {th(undefined, 'kind')}
        {th('name', 'name')}
        {th(undefined, 'size before', 'num')}
        {th(undefined, 'size after', 'num')}
        {th('size', 'Δ size', 'num')}
        {th('moved', 'moved', 'num')}
        {th(undefined, 'changes', 'num')}
      </div>
      <div className="dt-body" ref={scroller} tabIndex={0} role="rowgroup" aria-label="Changed types, one row per type">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((it) => {
            const r = sorted[it.index]!;
            const key = rowKey(r);
            const d = delta(r);
            return (
              <div
                key={key}
                className={`dt-row change-${r.change}${selected === key ? ' selected' : ''}`}
                style={{ transform: `translateY(${it.start}px)`, height: ROW_PX }}
                onClick={() => onSelect(key)}
                data-testid="diff-row"
                data-key={key}
                role="row"
                aria-selected={selected === key}
              >
                <span role="gridcell" className="dt-cell dt-change">{r.change}</span>
                <span role="gridcell" className="dt-cell muted">{r.kind}</span>
                <span role="gridcell" className="dt-cell mono">
                  <SafeText text={r.name} />
                </span>
                <span role="gridcell" className="dt-cell num">{r.byteSizeBefore ?? ''}</span>
                <span role="gridcell" className="dt-cell num">{r.byteSizeAfter ?? ''}</span>
                <span role="gridcell" className={`dt-cell num ${d > 0 ? 'tone-warn' : d < 0 ? 'tone-ok' : ''}`}>{r.change === 'changed' && d ? (d > 0 ? `+${d}` : d) : ''}</span>
                <span role="gridcell" className="dt-cell num">{r.moved || ''}</span>
                <span role="gridcell" className="dt-cell num">
                  {r.memberChanges || ''}
                  {r.renamed ? <span className="rename-mark" title={`${r.renamed} renamed`}> ↻{r.renamed}</span> : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
