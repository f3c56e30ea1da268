/** Words and tones for relocation outcomes, shared by the table, matrix and source marks. */
import { formatOutcomeCell } from '../../core/core-relo/format-report';
import type { ReloOutcome, TargetReloResult } from '../../core/core-relo/report';

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
