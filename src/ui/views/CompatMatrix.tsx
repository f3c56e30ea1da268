/**
 * Compatibility matrix: relocations × kernels at a glance. One row per kernel with its verdict
 * (libbpf completes CO-RE relocation, or fails at relocation N), one square per relocation,
 * colored by outcome; a square opens that relocation on that kernel.
 */
import type { RelocationsView } from '../../worker/protocol';
import { cellText, toneOf } from './relo-cells';
import './relocations.css';

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
        const c = t.counts;
        const failed = t.failedAt ? report.relocations[t.failedAt.ordinal] : undefined;
        // An object libbpf does not open loads nowhere, whatever its relocations would give.
        const ok = t.ok && !view.libbpfRefuses;
        return (
          <div className="matrix-row" key={t.label}>
            <span className={`matrix-verdict ${ok ? 'tone-ok' : 'tone-bad'}`} data-testid="verdict" data-target-label={labels[ti]}>
              <strong>{labels[ti]}</strong>{' '}
              {view.libbpfRefuses
                ? `not opened by libbpf · relocations would give ${c.patched} patched${c.poisoned ? `, ${c.poisoned} poisoned` : ''}`
                : t.ok
                  ? `loads · ${c.patched} patched${c.poisoned ? `, ${c.poisoned} poisoned` : ''}`
                  : `fails at #${failed?.ordinal ?? '?'} (${failed?.access ?? t.failedAt?.section}) · errno ${t.failedAt?.errno}`}
            </span>
            <span className="matrix-cells">
              {report.relocations.map((v) => {
                const r = v.results[ti];
                return (
                  <button
                    key={v.ordinal}
                    type="button"
                    className={`matrix-cell tone-${toneOf(r)}${open === v.ordinal && (openKernel < 0 || openKernel === ti) ? ' open' : ''}`}
                    data-testid="matrix-cell"
                    data-ordinal={v.ordinal}
                    data-target-label={labels[ti]}
                    title={`#${v.ordinal} ${v.kindName} ${v.access}: ${cellText(r)}`}
                    aria-label={`relocation ${v.ordinal} on ${labels[ti]}: ${cellText(r)}`}
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
