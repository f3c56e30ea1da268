/**
 * One row per CO-RE relocation: program, instruction, kind, the access as C, the value before
 * (in the object) and after on each kernel — the same cells `btfscope relocs` prints — and a
 * verdict. Sortable by column (client-side: an object has tens to hundreds of relocations);
 * a row expands in place.
 */
import { Fragment, useState } from 'react';
import type { RelocationView } from '../../core/core-relo/report';
import type { RelocationsView } from '../../worker/protocol';
import { RelocDetail, type RelocDetailNav } from './RelocDetail';
import { REACH_WORDS, cellText, poisonReach, reloTone } from './relo-cells';
import './relocations.css';
import { SafeText } from '../text/SafeText';

type SortKey = 'ordinal' | 'program' | 'insn' | 'kind' | 'access';

const SORTERS: Record<SortKey, (a: RelocationView, b: RelocationView) => number> = {
  ordinal: (a, b) => a.ordinal - b.ordinal,
  program: (a, b) => (a.program ?? '').localeCompare(b.program ?? '') || a.ordinal - b.ordinal,
  insn: (a, b) => (a.insnIndex ?? -1) - (b.insnIndex ?? -1) || a.ordinal - b.ordinal,
  kind: (a, b) => a.kindName.localeCompare(b.kindName) || a.ordinal - b.ordinal,
  access: (a, b) => a.access.localeCompare(b.access) || a.ordinal - b.ordinal,
};

export function RelocTable({
  view,
  labels,
  open,
  onToggle,
  detail,
}: {
  view: RelocationsView;
  labels: string[];
  open: number | undefined;
  onToggle: (ordinal: number) => void;
  /** The Relocations view's selection (kernel in the URL, scroll requests, links); absent in the playground. */
  detail?: RelocDetailNav | undefined;
}) {
  const [sort, setSort] = useState<SortKey>('ordinal');
  const rows = [...view.report.relocations].sort(SORTERS[sort]);
  const head = (key: SortKey, label: string, cls = '') => (
    <th className={cls} aria-sort={sort === key ? 'ascending' : 'none'}>
      <button type="button" className="th-btn" onClick={() => setSort(key)}>
        {label}
        {sort === key ? ' ▲' : ''}
      </button>
    </th>
  );
  return (
    // Its own scroll box: on a phone the kernel columns scroll sideways under the pinned access
    // column (relocations.css) instead of widening the page.
    <div className="relo-scroll scroll-x" data-testid="relo-scroll" role="region" aria-label="Relocations, scrolls sideways" tabIndex={0}>
    <table className="relo-table" data-testid="relo-table">
      <caption className="sr-only">CO-RE relocations: the value in the object and after relocation on each kernel</caption>
      <thead>
        <tr>
          {head('ordinal', '#', 'num')}
          {head('program', 'program')}
          {head('insn', 'insn', 'num')}
          {head('kind', 'kind')}
          {head('access', 'access', 'pin')}
          <th className="num">local</th>
          {labels.map((l, i) => (
            <th key={l + i} className="num">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((v) => {
          const isOpen = open === v.ordinal;
          return (
            <Fragment key={v.ordinal}>
              <tr
                className={isOpen ? 'relo-row open' : 'relo-row'}
                data-testid="relo-row"
                data-ordinal={v.ordinal}
                data-program={v.program ?? ''}
                data-insn={v.insnIndex ?? ''}
                data-kind={v.kindName}
                data-access={v.access}
                data-before={v.results[0]?.before ?? '-'}
                // The whole row is a click target; keyboard users get the button in its first
                // cell (a click on it bubbles here), which carries the expanded state.
                onClick={() => onToggle(v.ordinal)}
              >
                <td className="num">
                  <button type="button" className="row-toggle" aria-expanded={isOpen} aria-label={`relocation ${v.ordinal}, details`}>
                    {v.ordinal}
                  </button>
                </td>
                <td className="mono">
                  <SafeText text={v.program ?? `(${v.section})`} />
                </td>
                <td className="num">{v.insnIndex ?? '-'}</td>
                <td className="mono">{v.kindName}</td>
                <td className="mono pin">
                  <SafeText text={v.access} />
                </td>
                <td className="num">{v.results[0]?.before ?? '-'}</td>
                {v.results.map((r, i) => {
                  const reach = poisonReach(view.report.targets[i], v, r);
                  return (
                    <td
                      key={i}
                      className={`num cell tone-${reloTone(view.report.targets[i], v, r)}`}
                      data-testid="relo-after"
                      data-target-label={labels[i]}
                      data-after={cellText(r)}
                      data-reached={reach}
                      title={reach ? REACH_WORDS[reach] : undefined}
                    >
                      {cellText(r)}
                    </td>
                  );
                })}
              </tr>
              {isOpen && (
                <tr className="relo-detail-row">
                  <td colSpan={6 + labels.length}>
                    <RelocDetail v={v} objectFileId={view.objectFileId} targetFileIds={view.targetFileIds} labels={labels} nav={detail} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}
