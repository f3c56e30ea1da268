/**
 * The virtualized table of every type of one file: TanStack Table in manual mode (the worker
 * filters and sorts) over the visible window of fixed-height rows (use-row-window.ts). Only
 * the rows in the viewport (plus a small overscan) become table rows, so the row model is a
 * few dozen rows even on a 130k-type kernel; pages of rows around the window are fetched from
 * the worker (200 rows per page, cached).
 * Keyboard: ↑/↓, PageUp/PageDown, Home/End move the selection, Enter opens the type.
 */
import { type ColumnDef, type SortingState, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileId, TypeQuery, TypeSort, TypeWindow } from '../../worker/protocol';
import { cachedQuery, fetchQuery } from '../data/use-worker-query';
import { useAppStore } from '../store/app-store';
import type { SortColumn } from '../url/url-state';
import { PAGE_ROWS, type TypeRow, pageArgs, rowAt } from './type-rows';
import { useRowWindow } from './use-row-window';
import './type-table.css';
import { SafeText } from '../text/SafeText';

const fmt = new Intl.NumberFormat('en-US');

/** A row with its position in the whole list, so a rendered row finds its virtual slot. */
interface PlacedRow {
  index: number;
  row: TypeRow;
}

/** Columns sorted descending on the first click (big first). */
const DESC_FIRST: ReadonlySet<string> = new Set(['size', 'members']);

function columns(onOpen: (r: TypeRow) => void): ColumnDef<PlacedRow>[] {
  return [
    { id: 'id', header: 'id', cell: ({ row }) => row.original.row.id },
    { id: 'kind', header: 'kind', cell: ({ row }) => row.original.row.kindName },
    {
      id: 'name',
      header: 'name',
      cell: ({ row }) => (
        <button type="button" className="link" tabIndex={-1} onClick={() => onOpen(row.original.row)}>
          {row.original.row.name ? <SafeText text={row.original.row.name} /> : <em className="anon">(anon)</em>}
        </button>
      ),
    },
    { id: 'size', header: 'size', cell: ({ row }) => (row.original.row.byteSize >= 0 ? fmt.format(row.original.row.byteSize) : '') },
    { id: 'members', header: 'members', cell: ({ row }) => row.original.row.members || '' },
  ];
}

export interface TypeTableProps {
  fileId: FileId;
  query: TypeQuery;
  sort: TypeSort;
  onSort: (sort: TypeSort) => void;
  onOpen: (row: TypeRow) => void;
  /** Jump to this type id when it changes. */
  revealId?: number | undefined;
  onTotal?: (total: number | undefined) => void;
}

export function TypeTable({ fileId, query, sort, onSort, onOpen, revealId, onTotal }: TypeTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const ROW_PX = useAppStore((s) => (s.largeText ? 38 : 30));
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState(0);
  const page = (p: number) => cachedQuery('listTypes', pageArgs(fileId, query, sort, p));
  const first = page(0);
  // Keep showing the previous answer until the new one arrives: no flash while typing.
  const lastTotal = useRef<number>(0);
  const total = first?.total ?? lastTotal.current;
  if (first) lastTotal.current = first.total;

  // Overscan: a few rows past each edge (more only lengthens the first paint).
  const win = useRowWindow(scroller, total, ROW_PX, 12);
  const firstPage = Math.floor(win.first / PAGE_ROWS);
  const lastPage = Math.max(firstPage, Math.floor(win.last / PAGE_ROWS));
  const queryKey = JSON.stringify([fileId, query, sort]);

  useEffect(() => {
    let live = true;
    for (let p = firstPage; p <= Math.max(firstPage, lastPage); p++) {
      if (page(p)) continue;
      void fetchQuery('listTypes', pageArgs(fileId, query, sort, p)).then(
        () => live && setVersion((v) => v + 1),
        () => {},
      );
    }
    return () => {
      live = false;
    };
    // Pages are keyed by the query; refetch when it or the visible pages change.
  }, [queryKey, firstPage, lastPage]);

  useEffect(() => onTotal?.(first?.total), [first?.total, onTotal]);

  useEffect(() => {
    if (first && typeof performance !== 'undefined') {
      // For the e2e benchmark: the first rows of this file are on screen. A task queued from
      // requestAnimationFrame runs after that frame's style, layout and paint.
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => performance.mark('btfscope:types-painted', { detail: { fileId } });
        ch.port2.postMessage(null);
      });
    }
  }, [first !== undefined, fileId]);

  useEffect(() => {
    if (revealId === undefined) return;
    void fetchQuery('listTypes', { ...pageArgs(fileId, query, sort, 0), range: { start: 0, count: 0 }, revealId }).then((w) => {
      if (w.revealIndex !== undefined && w.revealIndex >= 0) {
        setSelected(w.revealIndex);
        win.scrollToIndex(w.revealIndex, 'center');
      }
    });
  }, [revealId, queryKey]);

  useEffect(() => setSelected(0), [queryKey]);

  const rowFor = (index: number): TypeRow | undefined => {
    const w: TypeWindow | undefined = page(Math.floor(index / PAGE_ROWS));
    return w ? rowAt(w, index) : undefined;
  };
  // Stable while nothing visible changes: TanStack Table recomputes its row model whenever
  // `data` is a new array.
  const rows = useMemo(() => {
    const out: PlacedRow[] = [];
    for (let i = win.first; i <= win.last; i++) {
      const row = rowFor(i);
      if (row) out.push({ index: i, row });
    }
    return out;
  }, [queryKey, win.first, win.last, version, first]);
  const cols = useMemo(() => columns(onOpen), [onOpen]);
  const sorting: SortingState = useMemo(() => [{ id: sort.column, desc: sort.desc }], [sort.column, sort.desc]);
  const table = useReactTable({
    data: rows,
    columns: cols,
    state: { sorting },
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.index),
  });

  const move = (to: number) => {
    const i = Math.max(0, Math.min(total - 1, to));
    setSelected(i);
    win.scrollToIndex(i);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_PX) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + pageRows),
      PageUp: () => move(selected - pageRows),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const r = rowFor(selected);
        if (r) onOpen(r);
      },
    };
    const act = keys[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  };

  return (
    <div className="type-table" role="grid" aria-label="Types" aria-rowcount={total} data-testid="type-table" data-total={first?.total}>
      <div className="tt-head" role="row">
        {table.getHeaderGroups()[0]!.headers.map((h) => {
          const dir = h.column.getIsSorted();
          return (
            <button
              key={h.id}
              type="button"
              role="columnheader"
              className={`tt-cell tt-${h.id}`}
              aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
              onClick={() => onSort({ column: h.id as SortColumn, desc: dir ? dir === 'asc' : DESC_FIRST.has(h.id) })}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
              <span className="sort-mark">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
            </button>
          );
        })}
      </div>
      <div className="tt-body" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} role="rowgroup" aria-label="Types, one row per type">
        <div style={{ height: win.totalPx, position: 'relative' }}>
          {table.getRowModel().rows.map((r) => {
            const { index, row } = r.original;
            return (
              <div
                key={index}
                role="row"
                aria-rowindex={index + 1}
                aria-selected={index === selected}
                className={index === selected ? 'tt-row selected' : 'tt-row'}
                style={{ transform: `translateY(${index * ROW_PX}px)`, height: ROW_PX }}
                onClick={() => setSelected(index)}
                onDoubleClick={() => onOpen(row)}
              >
                {r.getVisibleCells().map((cell) => (
                  <span key={cell.column.id} role="gridcell" className={`tt-cell tt-${cell.column.id} kind-${row.kindName}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
        {first && total === 0 && <p className="empty">No type matches.</p>}
      </div>
    </div>
  );
}
