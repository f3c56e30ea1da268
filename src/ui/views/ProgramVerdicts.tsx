/**
 * Load verdicts per program and kernel: whether the verifier reaches a poisoned instruction
 * (core's reachability walk), the same cells `btfscope relocs` prints under its table. A cell's
 * title holds the full sentence, with the jumps on the way to the poisoned instruction.
 */
import { shortVerdict } from '../../core/core-relo/format-report';
import type { RelocationsView } from '../../worker/protocol';
import { verdictTone } from './relo-cells';
import './relocations.css';

export function ProgramVerdicts({ view, labels }: { view: RelocationsView; labels: string[] }) {
  const { targets } = view.report;
  const names = targets[0]?.verdict.programs.map((p) => p.program) ?? [];
  if (!names.length) return null;
  return (
    <div className="scroll-x">
    <table className="relo-table program-verdicts" data-testid="program-verdicts">
      <caption>Load verdicts: does the verifier reach a poisoned instruction?</caption>
      <thead>
        <tr>
          <th>program</th>
          {labels.map((l, i) => (
            <th key={l + i}>{l}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name}>
            <td className="mono">{name}</td>
            {targets.map((t, i) => {
              const v = t.verdict.programs.find((p) => p.program === name);
              const kind = view.libbpfRefuses ? 'does-not-open' : (v?.kind ?? 'loads');
              return (
                <td
                  key={t.label}
                  className={`tone-${verdictTone(kind)}`}
                  data-testid="program-verdict"
                  data-program={name}
                  data-target-label={labels[i]}
                  data-verdict={kind}
                  title={view.libbpfRefuses ? 'libbpf would not open the object' : v?.text}
                >
                  {view.libbpfRefuses ? 'does not open' : shortVerdict(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
