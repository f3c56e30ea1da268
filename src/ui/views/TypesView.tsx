/**
 * Types view: every type of one file in a virtualized table, filtered by name (substring or
 * fuzzy) and kind, sorted by any column, with jump-to-id. Filter text refines the URL
 * (replaceState); opening a type navigates (pushState).
 */
import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FileSelect } from '../components/FileSelect';
import { openType } from '../data/nav';
import { useAppStore } from '../store/app-store';
import { fileForRef } from '../store/selectors';
import { KIND_WORDS } from '../url/url-state';
import { TypeTable } from './TypeTable';
import { type TypeRow, typeQuery } from './type-rows';

const fmt = new Intl.NumberFormat('en-US');
const KIND_CHIPS = ['struct', 'union', 'enum', 'typedef', 'func', 'var', 'int', 'ptr', 'array', 'fwd', 'enum64', 'func_proto'];

export function TypesView() {
  const { fileRef, q, fuzzy, kinds, sort } = useAppStore(
    useShallow((s) => ({ fileRef: s.view.file, q: s.view.q, fuzzy: s.view.fuzzy, kinds: s.view.kinds, sort: s.view.sort })),
  );
  const file = useAppStore((s) => fileForRef(s.files, fileRef));
  const refine = useAppStore((s) => s.refine);
  const navigate = useAppStore((s) => s.navigate);
  const [total, setTotal] = useState<number | undefined>();
  const [reveal, setReveal] = useState<{ id: number } | undefined>();
  const query = useMemo(() => typeQuery(q, fuzzy, kinds), [q, fuzzy, kinds]);
  const onOpen = useCallback((r: TypeRow) => openType(fileRef, r.key), [fileRef]);
  const toggleKind = (k: string) => refine({ kinds: kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k] });

  return (
    <section className="view types-view" aria-label="Types">
      <div className="toolbar">
        <FileSelect label="File" value={fileRef} onChange={(ref) => navigate({ file: ref })} testId="types-file" />
        <label className="field grow">
          <span className="field-label">Filter</span>
          <input
            type="search"
            value={q}
            placeholder={fuzzy ? 'fuzzy: tskst → task_struct' : 'name contains…'}
            onChange={(e) => refine({ q: e.target.value })}
            aria-label="Filter by name"
            data-testid="type-filter"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') (document.querySelector('.tt-body') as HTMLElement | null)?.focus();
            }}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={fuzzy} onChange={(e) => refine({ fuzzy: e.target.checked })} /> fuzzy
        </label>
        <label className="field">
          <span className="field-label">Jump to id</span>
          <input
            className="narrow"
            inputMode="numeric"
            aria-label="Jump to type id"
            onKeyDown={(e) => {
              const id = Number((e.target as HTMLInputElement).value);
              if (e.key === 'Enter' && Number.isInteger(id)) setReveal({ id });
            }}
          />
        </label>
        <span className="count" data-testid="types-count">
          {total === undefined ? '…' : fmt.format(total)}
          {file?.summary && total !== file.summary.ownTypeCount ? ` of ${fmt.format(file.summary.ownTypeCount)}` : ''} types
        </span>
      </div>
      <div className="chips" role="group" aria-label="Kinds">
        <button type="button" className={kinds.length ? 'chip' : 'chip on'} onClick={() => refine({ kinds: [] })}>
          all
        </button>
        {KIND_CHIPS.filter((k) => (KIND_WORDS as readonly string[]).includes(k)).map((k) => (
          <button key={k} type="button" className={kinds.includes(k) ? 'chip on' : 'chip'} aria-pressed={kinds.includes(k)} onClick={() => toggleKind(k)}>
            {k}
            {file?.summary ? <span className="chip-n">{fmt.format(file.summary.kindCounts[k.toUpperCase()] ?? 0)}</span> : null}
          </button>
        ))}
      </div>
      {file ? (
        <TypeTable
          key={file.id}
          fileId={file.id}
          query={query}
          sort={sort}
          onSort={(s) => refine({ sort: s })}
          onOpen={onOpen}
          revealId={reveal?.id}
          onTotal={setTotal}
        />
      ) : (
        <p className="empty">Choose a file.</p>
      )}
    </section>
  );
}
