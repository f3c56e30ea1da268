/**
 * Compatibility matrix: relocations × kernels at a glance. One row per kernel with its verdict
 * (libbpf completes CO-RE relocation, or fails at relocation N), one square per relocation,
 * colored by outcome; a square opens that relocation.
 */
import type { RelocationsView } from '../../worker/protocol';
import { cellText, toneOf } from './relo-cells';
import './relocations.css';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

export function CompatMatrix({ view, labels, onOpen, open }: { view: RelocationsView; labels: string[]; onOpen: (ordinal: number) => void; open: number | undefined }) {
  const { report } = view;
  return (
    <div className="matrix" data-testid="compat-matrix">
      {report.targets.map((t, ti) => {
        const c = t.counts;
        const failed = t.failedAt ? report.relocations[t.failedAt.ordinal] : undefined;
        // An object libbpf does not open loads nowhere, whatever its relocations would give.
        const ok = t.ok && !view.libbpfRefuses;
        return (
          <div className="matrix-row" key={t.label}>
            <span className={`matrix-verdict ${ok ? 'tone-ok' : 'tone-bad'}`} data-testid="verdict" data-target-label={labels[ti]}>
              <strong>
                <SafeText text={labels[ti] ?? ''} />
              </strong>{' '}
              {view.libbpfRefuses
                ? `not opened by libbpf · relocations would give ${c.patched} patched${c.poisoned ? `, ${c.poisoned} poisoned` : ''}`
                : t.ok
                  ? `loads · ${c.patched} patched${c.poisoned ? `, ${c.poisoned} poisoned` : ''}`
                  : `fails at #${failed?.ordinal ?? '?'} (${visibleText(failed?.access ?? t.failedAt?.section ?? '')}) · errno ${t.failedAt?.errno}`}
            </span>
            <span className="matrix-cells">
              {report.relocations.map((v) => {
                const r = v.results[ti];
                return (
                  <button
                    key={v.ordinal}
                    type="button"
                    className={`matrix-cell tone-${toneOf(r)}${open === v.ordinal ? ' open' : ''}`}
                    title={visibleText(`#${v.ordinal} ${v.kindName} ${v.access}: ${cellText(r)}`)}
                    aria-label={visibleText(`relocation ${v.ordinal} on ${labels[ti]}: ${cellText(r)}`)}
                    onClick={() => onOpen(v.ordinal)}
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
