/**
 * One type across two kernels: size before → after, the members of both sides aligned row
 * by row (moved, resized, retyped members colored; renames marked with the evidence; member
 * types open their own diff), optionally only the members that truly changed (member-rows.ts),
 * and a Monaco diff of the two C definitions. Renders the worker's DiffTypeView.
 */
import { formatBitOffset } from '../../core/diff/format-diff';
import type { AlignedMember, AlignedSide, DiffRequestArgs } from '../../worker/protocol';
import { ExportButtons } from '../components/ExportButtons';
import { QueryError } from '../components/QueryError';
import { cliJson, memberDiffTable, toCsv, toMarkdown } from '../data/export-formats';
import { useWorkerQuery } from '../data/use-worker-query';
import { MonacoDiff } from '../monaco/MonacoDiff';
import { useAppStore } from '../store/app-store';
import { countMemberRows, visibleMemberRows } from './member-rows';
import './diff.css';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

const size = (s: AlignedSide) => (s.bitfield || s.bitSize % 8 ? `${s.bitSize} bits` : String(s.bitSize / 8));

export function DiffDetail({
  args,
  type,
  labels,
  onOpenType,
}: {
  args: DiffRequestArgs;
  type: string;
  labels: [string, string];
  /** Opens another type's diff between the same kernels. */
  onOpenType?: ((key: string) => void) | undefined;
}) {
  const q = useWorkerQuery('diffType', { ...args, type });
  const v = q.data;
  const t = v?.diffs[0];
  const d = t && t.byteSizeBefore !== undefined && t.byteSizeAfter !== undefined ? t.byteSizeAfter - t.byteSizeBefore : undefined;
  return (
    <div className="panel diff-detail" data-testid="diff-detail">
      <QueryError error={q.error} />
      {t && (
        <h3 className="mono">
          {t.kind} {t.name} <span className="muted">· {t.change}</span>
          {t.byteSizeBefore !== undefined && (
            <span className="muted">
              {' '}
              · size {t.byteSizeBefore} → {t.byteSizeAfter ?? '—'}
              {d ? ` (${d > 0 ? '+' : ''}${d})` : ''}
            </span>
          )}
          {v && v.diffs.length > 1 && <span className="muted"> · {v.diffs.length} pairings (duplicate names); showing the first</span>}
        </h3>
      )}
      {t && v && (
        <ExportButtons
          label="Diff"
          items={[
            { format: 'JSON', filename: `${t.name}.diff.json`, mime: 'application/json', text: () => cliJson({ version: 1, before: labels[0], after: labels[1], types: v.diffs }) },
            { format: 'CSV', filename: `${t.name}.diff.csv`, mime: 'text/csv', text: () => toCsv(memberDiffTable(t)) },
            { format: 'Markdown', filename: `${t.name}.diff.md`, mime: 'text/markdown', text: () => toMarkdown(memberDiffTable(t)) },
          ]}
        />
      )}
      {v && v.aligned.length > 0 && <AlignedTable rows={v.aligned} labels={labels} onOpenType={onOpenType} />}
      {t && !v?.aligned.length && (t.values?.length || t.params?.length || t.typeBefore !== t.typeAfter) ? (
        <ul className="mono">
          {t.values?.map((x) => (
            <li key={x.name}>
              {x.change} {x.name} {x.valueBefore ?? ''} {x.valueAfter !== undefined ? `→ ${x.valueAfter}` : ''}
            </li>
          ))}
          {t.params?.map((p) => (
            <li key={p.index}>
              param {p.index + 1} {p.change}: {p.typeBefore ?? ''} {p.nameBefore ?? ''} → {p.typeAfter ?? ''} {p.nameAfter ?? ''}
            </li>
          ))}
          {t.typeBefore !== t.typeAfter && (
            <li>
              {t.typeBefore ?? '—'} → {t.typeAfter ?? '—'}
            </li>
          )}
        </ul>
      ) : null}
      {v && (v.cBefore || v.cAfter) && (
        <>
          <h3>
            C definitions <span className="muted">(<SafeText text={labels[0] ?? ''} /> ← → <SafeText text={labels[1] ?? ''} />)</span>
          </h3>
          <MonacoDiff original={v.cBefore} modified={v.cAfter} label={`C diff of ${type}`} heightPx={Math.min(640, 60 + 21 * Math.max(v.cBefore.split('\n').length, v.cAfter.split('\n').length))} />
        </>
      )}
    </div>
  );
}

function AlignedTable({ rows, labels, onOpenType }: { rows: AlignedMember[]; labels: [string, string]; onOpenType?: ((key: string) => void) | undefined }) {
  const changedOnly = useAppStore((s) => s.view.changedOnly);
  const refine = useAppStore((s) => s.refine);
  const counts = countMemberRows(rows);
  const shown = visibleMemberRows(rows, changedOnly);
  return (
    <>
      <div className="toolbar">
        <p className="muted" data-testid="member-counts">
          {counts.total} members · {counts.differ} differ
          {counts.movedOnly > 0 && ` (${counts.movedOnly} only moved)`}
          {changedOnly && ` · showing ${shown.length}`} · offsets in bytes (<code>byte:bit</code> for bitfields)
        </p>
        <label className="check" title="Hide members that are the same, and members whose only change is their offset">
          <input type="checkbox" checked={changedOnly} onChange={(e) => refine({ changedOnly: e.target.checked })} data-testid="changed-only" /> changed members
          only (hide moved-only)
        </label>
      </div>
      <div className="aligned-wrap">
        <table className="aligned" data-testid="aligned-members">
          <caption className="sr-only">
            Members of both versions side by side: {visibleText(labels[0])} and {visibleText(labels[1])}
          </caption>
          <thead>
            <tr>
              <th colSpan={4} className="side-head">
                {labels[0]}
              </th>
              <th className="gap" />
              <th colSpan={4} className="side-head">
                {labels[1]}
              </th>
            </tr>
            <tr>
              <th className="num">offset</th>
              <th className="num">size</th>
              <th>member</th>
              <th>type</th>
              <th className="gap" />
              <th className="num">offset</th>
              <th className="num">size</th>
              <th>member</th>
              <th>type</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr
                key={i}
                className={`al-${r.change}${r.diff?.aspects.length ? ' ' + r.diff.aspects.map((x: string) => `asp-${x}`).join(' ') : ''}`}
                data-testid="aligned-row"
                data-change={r.change}
                data-aspects={r.diff?.aspects.join(',') ?? ''}
                data-reordered={r.reordered ? 'true' : undefined}
                data-before={r.before?.path ?? ''}
                data-after={r.after?.path ?? ''}
              >
                <Side s={r.before} onOpenType={onOpenType} />
                <td className="gap">
                  {r.change === 'renamed' ? (
                    <span className="rename-mark" title={visibleText(r.diff?.renameEvidence?.join(', ') ?? '')}>
                      ↻
                    </span>
                  ) : r.reordered ? (
                    <span className="rename-mark" title="moved past other members">
                      ⇅
                    </span>
                  ) : r.change === 'same' ? (
                    ''
                  ) : (
                    '≠'
                  )}
                </td>
                <Side s={r.after} note={r.change === 'renamed' ? `renamed from ${r.diff?.renamedFrom ?? r.before?.path}` : r.diff ? aspectNote(r.diff.aspects) : undefined} onOpenType={onOpenType} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** "moved, retyped": what changed, in words, for members that changed more than their place. */
function aspectNote(aspects: readonly string[]): string | undefined {
  return aspects.length > 1 || (aspects.length === 1 && aspects[0] !== 'moved') ? aspects.join(', ') : undefined;
}

function Side({ s, note, onOpenType }: { s: AlignedSide | undefined; note?: string | undefined; onOpenType?: ((key: string) => void) | undefined }) {
  if (!s) return <td colSpan={4} className="absent" />;
  return (
    <>
      <td className="num">{formatBitOffset(s.bitOffset)}</td>
      <td className="num">{size(s)}</td>
      <td className="mono">
        <SafeText text={s.path} />
        {note && <span className="rename-note"> ({visibleText(note)})</span>}
      </td>
      <td className="mono type-cell">
        {s.typeKey && onOpenType ? (
          <button type="button" className="btn-link type-link" title={visibleText(`Diff of ${s.typeKey.replace(':', ' ')}`)} onClick={() => onOpenType(s.typeKey!)} data-testid="member-type-link">
            <SafeText text={s.typeName} />
          </button>
        ) : (
          <SafeText text={s.typeName} />
        )}
      </td>
    </>
  );
}
