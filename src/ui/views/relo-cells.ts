/** Words and tones for relocation outcomes, shared by the table, matrix and source marks. */
import { formatOutcomeCell } from '../../core/core-relo/format-report';
import type { ReloOutcome, RelocationView, TargetReloResult, TargetSummary } from '../../core/core-relo/report';
import type { VerdictKind } from '../../core/core-relo/verdict';

export type Tone = 'ok' | 'warn' | 'bad' | 'off';

export function toneOf(r: TargetReloResult | undefined): Tone {
  if (!r) return 'off';
  const outcome: ReloOutcome | undefined = r.result === 'unreached' ? r.wouldBe : r.result;
  if (outcome === 'patched') return r.result === 'unreached' ? 'off' : 'ok';
  if (outcome === 'poisoned') return 'warn';
  if (outcome === 'error') return 'bad';
  return 'off';
}

/** The same text `btfscope relocs` prints in a target's column. */
export const cellText = formatOutcomeCell;

export const OUTCOME_WORDS: Record<ReloOutcome, string> = {
  patched: 'patched',
  poisoned: 'poisoned: the instruction becomes a call to 0xbad2310, and fails verification if reached',
  error: 'error: libbpf fails the whole load here',
  unreached: 'not reached: libbpf stopped at an earlier error',
  skipped: 'skipped: no program holds this instruction',
};

/** Severity order of tones, for "the worst outcome on this line". */
export const RELO_TONE_RANK: Record<Tone, number> = { ok: 0, off: 0, warn: 1, bad: 2 };

/** Tone of a load verdict: red when it fails or cannot open, amber when it may fail. */
export function verdictTone(kind: VerdictKind): Tone {
  if (kind === 'fails' || kind === 'does-not-open') return 'bad';
  if (kind === 'may-fail') return 'warn';
  return 'ok';
}

/** The matrix's words for a target's load verdict (the full sentence is `t.verdict.text`). */
export function matrixVerdictText(t: TargetSummary, failedAccess: string | undefined, refused: boolean): string {
  const c = t.counts;
  const counts = `${c.patched} patched${c.poisoned ? `, ${c.poisoned} poisoned` : ''}`;
  // An object libbpf does not open loads nowhere, whatever its relocations would give.
  if (refused) return `not opened by libbpf · relocations would give ${counts}`;
  if (!t.ok) return `fails at #${t.failedAt?.ordinal ?? '?'} (${failedAccess ?? t.failedAt?.section}) · errno ${t.failedAt?.errno}`;
  const v = t.verdict;
  switch (v.kind) {
    case 'does-not-open':
      return v.text;
    case 'fails': {
      const bad = v.programs.filter((p) => p.kind === 'fails' && p.reached);
      const first = bad[0]!;
      const where = first.reached!.program === first.program ? `insn ${first.reached!.insn}` : `insn ${first.reached!.insn} of ${first.reached!.program}`;
      return `fails: ${where} reached (${first.program}${bad.length > 1 ? ` +${bad.length - 1} more` : ''}) · ${counts}`;
    }
    case 'may-fail': {
      const p = v.programs.find((x) => x.kind === 'may-fail')!;
      return `may fail: ${p.program}: ${p.text.replace(/^may fail: /, '')}`;
    }
    case 'guarded':
      return `loads (guarded) · ${counts}`;
    default:
      return `loads · ${counts}`;
  }
}

/**
 * Whether the verifier reaches this relocation's poisoned instruction on target `t` (from the
 * load verdicts), or undefined when it is not poisoned there.
 */
export function poisonReach(t: TargetSummary | undefined, v: RelocationView, r: TargetReloResult | undefined): 'yes' | 'maybe' | 'no' | undefined {
  if (!t || !r || r.result !== 'poisoned') return undefined;
  let best: 'yes' | 'maybe' | 'no' | undefined;
  for (const p of t.verdict.programs) {
    for (const q of p.poisoned) {
      if (q.program !== v.program || !r.poisoned.includes(q.insn)) continue;
      if (q.reached === 'yes') return 'yes';
      if (q.reached === 'maybe' || !best) best = q.reached;
    }
  }
  return best;
}

/** A relocation cell's tone: a poisoned instruction the verifier reaches is red, a guarded one amber. */
export function reloTone(t: TargetSummary | undefined, v: RelocationView, r: TargetReloResult | undefined): Tone {
  return poisonReach(t, v, r) === 'yes' ? 'bad' : toneOf(r);
}

export const REACH_WORDS = { yes: 'reached by the verifier: the load fails', maybe: 'may be reached', no: 'never reached (guarded)' } as const;
