/**
 * Compatibility matrix: relocations × kernels at a glance. One row per kernel with its load
 * verdict (loads, loads with guarded poison, fails: a poisoned instruction is reached, may fail,
 * does not open, fails at relocation N), one square per relocation,
 * colored by outcome; a square opens that relocation on that kernel.
 */
import type { RelocationsView } from '../../worker/protocol';
import { REACH_WORDS, cellText, matrixVerdictText, poisonReach, reloTone, verdictTone } from './relo-cells';
import './relocations.css';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

export function CompatMatrix({
  view,
  labels,
  onOpen,
  open,
  openKernel = -1,
}: {
  view: RelocationsView;
  labels: string[];
  /** Opens relocation `ordinal` on kernel `ti` (its index in `labels`). */
  onOpen: (ordinal: number, ti: number) => void;
  open: number | undefined;
  openKernel?: number;
}) {
  const { report } = view;
  return (
    <div className="matrix" data-testid="compat-matrix">
      {report.targets.map((t, ti) => {
        const failed = t.failedAt ? report.relocations[t.failedAt.ordinal] : undefined;
        const kind = view.libbpfRefuses ? 'does-not-open' : t.verdict.kind;
        return (
          <div className="matrix-row" key={t.label}>
            <span className={`matrix-verdict tone-${verdictTone(kind)}`} data-testid="verdict" data-target-label={labels[ti]} data-verdict={kind} title={visibleText(t.verdict.text)}>
              <strong>
                <SafeText text={labels[ti] ?? ''} />
              </strong>{' '}
              {visibleText(matrixVerdictText(t, failed?.access, !!view.libbpfRefuses))}
            </span>
            <span className="matrix-cells">
              {report.relocations.map((v) => {
                const r = v.results[ti];
                const reach = poisonReach(t, v, r);
                const words = `${cellText(r)}${reach ? `, ${REACH_WORDS[reach]}` : ''}`;
                return (
                  <button
                    key={v.ordinal}
                    type="button"
                    className={`matrix-cell tone-${reloTone(t, v, r)}${open === v.ordinal && (openKernel < 0 || openKernel === ti) ? ' open' : ''}`}
                    data-testid="matrix-cell"
                    data-ordinal={v.ordinal}
                    data-target-label={labels[ti]}
                    data-reached={reach}
                    title={visibleText(`#${v.ordinal} ${v.kindName} ${v.access}: ${words}`)}
                    aria-label={visibleText(`relocation ${v.ordinal} on ${labels[ti]}: ${words}`)}
                    onClick={() => onOpen(v.ordinal, ti)}
                  />
                );
              })}
            </span>
          </div>
        );
      })}
    </div>
  );
}
