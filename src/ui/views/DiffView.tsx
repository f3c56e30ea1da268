/**
 * Diff view: kernel A vs kernel B — summary counts per kind, the table of changed, added and
 * removed types, and the selected type in detail. Types are matched by kind + name; the
 * worker runs core's diff engine (its per-kernel indexes are reused across pairs).
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DIFF_KINDS } from '../../core/diff/diff-model';
import type { DiffRow } from '../../worker/protocol';
import { FileSelect } from '../components/FileSelect';
import { QueryError } from '../components/QueryError';
import { archNoticeOf } from '../data/arch-tag';
import { useWorkerQuery } from '../data/use-worker-query';
import { useAppStore } from '../store/app-store';
import { fileForRef } from '../store/selectors';
import { DiffDetail } from './DiffDetail';
import { DiffTable, sortDiffRows } from './DiffTable';
import { ExportButtons } from '../components/ExportButtons';
import { diffTable, toCsv, toMarkdown } from '../data/export-formats';
import { workerClient } from '../data/worker-instance';
import { ShareButton } from '../share/ShareButton';
import './diff.css';

const fmt = new Intl.NumberFormat('en-US');
/** A label as part of a file name. */
const fileStem = (label: string) => label.replace(/[^A-Za-z0-9._+-]+/g, '_').slice(0, 60) || 'kernel';
const CHANGES = ['changed', 'added', 'removed'] as const;

export function DiffView() {
  const { aRef, bRef, type, dsort } = useAppStore(useShallow((s) => ({ aRef: s.view.a, bRef: s.view.b, type: s.view.type, dsort: s.view.dsort })));
  const a = useAppStore((s) => fileForRef(s.files, aRef));
  const b = useAppStore((s) => fileForRef(s.files, bRef));
  const navigate = useAppStore((s) => s.navigate);
  const refine = useAppStore((s) => s.refine);
  const [filter, setFilter] = useState('');
  const [changes, setChanges] = useState<string[]>(['changed']);
  const [kinds, setKinds] = useState<string[]>(['struct', 'union']);
  const args = a && b ? { aFileId: a.id, bFileId: b.id } : null;
  useEffect(() => {
    // For the e2e benchmark: the diff of this pair is asked for now.
    if (args) performance.mark('btfscope:diff-start');
  }, [args?.aFileId, args?.bFileId]);
  const q = useWorkerQuery('diff', args);
  const rows = useMemo(() => {
    const text = filter.trim().toLowerCase();
    return (q.data?.rows ?? []).filter((r: DiffRow) => changes.includes(r.change) && (!kinds.length || kinds.includes(r.kind)) && (!text || r.name.toLowerCase().includes(text)));
  }, [q.data, filter, changes, kinds]);
  const archNotice = archNoticeOf(a, b);
  const toggle = (list: string[], set: (v: string[]) => void, x: string) => set(list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  return (
    <section className="view diff-view" aria-label="Diff">
      <div className="toolbar">
        <FileSelect label="A" value={aRef} onChange={(ref) => navigate({ a: ref })} testId="diff-a" withArch />
        <button type="button" className="btn" title="Swap A and B" onClick={() => navigate({ a: bRef, b: aRef })}>
          ⇄
        </button>
        <FileSelect label="B" value={bRef} onChange={(ref) => navigate({ b: ref })} testId="diff-b" withArch />
        {q.data && <span className="muted">diffed in {q.data.timingsMs.diff} ms</span>}
        <ShareButton kind="diff" />
      </div>
      {!args && <p className="empty">{aRef && bRef ? 'Loading the kernels…' : 'Load two kernels (or two objects) and choose them as A and B.'}</p>}
      {archNotice && (
        <p className="notice arch-notice" role="note" data-testid="arch-notice">
          {archNotice}
        </p>
      )}
      <QueryError error={q.error} />
      {q.data && (
        <>
          <table className="summary-table" data-testid="diff-summary">
            <caption className="sr-only">Types added, removed, changed and unchanged, by kind</caption>
            <thead>
              <tr>
                <th>kind</th>
                {['added', 'removed', 'changed', 'unchanged'].map((c) => (
                  <th key={c} className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {DIFF_KINDS.map((k) => {
                const c = q.data!.summary[k];
                return (
                  <tr key={k} data-kind={k}>
                    <td>{k}</td>
                    <td className="num tone-ok">{fmt.format(c.added)}</td>
                    <td className="num tone-bad">{fmt.format(c.removed)}</td>
                    <td className="num tone-warn">{fmt.format(c.changed)}</td>
                    <td className="num muted">{fmt.format(c.unchanged)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="toolbar">
            <label className="field grow">
              <span className="field-label">Filter</span>
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="type name contains…" aria-label="Filter changed types" />
            </label>
            <div className="chips">
              {CHANGES.map((c) => (
                <button key={c} type="button" className={changes.includes(c) ? 'chip on' : 'chip'} aria-pressed={changes.includes(c)} onClick={() => toggle(changes, setChanges, c)}>
                  {c}
                </button>
              ))}
            </div>
            <div className="chips">
              {DIFF_KINDS.map((k) => (
                <button key={k} type="button" className={kinds.includes(k) ? 'chip on' : 'chip'} aria-pressed={kinds.includes(k)} onClick={() => toggle(kinds, setKinds, k)}>
                  {k}
                </button>
              ))}
            </div>
            <span className="count">{fmt.format(rows.length)} types</span>
          </div>
          <div className="toolbar">
            <ExportButtons
              label="Changed types"
              items={[
                {
                  // All of it, as `btfscope diff A B --json` prints it; the table's rows are a view of it.
                  format: 'JSON',
                  filename: `${fileStem(a!.label)}-${fileStem(b!.label)}.diff.json`,
                  mime: 'application/json',
                  // Straight from the worker: a whole-kernel document (~10 MB) is not kept in the query cache.
                  text: () => workerClient().request('diffJson', { ...args!, before: a!.label, after: b!.label }),
                },
                { format: 'CSV', filename: `${fileStem(a!.label)}-${fileStem(b!.label)}.types.csv`, mime: 'text/csv', text: () => toCsv(diffTable(sortDiffRows(rows, dsort))) },
                {
                  format: 'Markdown',
                  filename: `${fileStem(a!.label)}-${fileStem(b!.label)}.types.md`,
                  mime: 'text/markdown',
                  text: () => toMarkdown(diffTable(sortDiffRows(rows, dsort))),
                },
              ]}
            />
          </div>
          <DiffTable rows={rows} sort={dsort} selected={type} onSelect={(key) => navigate({ type: key })} onSort={(s) => refine({ dsort: s })} />
          {type && args && <DiffDetail args={args} type={type} labels={[a!.label, b!.label]} onOpenType={(key) => navigate({ type: key })} />}
        </>
      )}
    </section>
  );
}
