import { describe, expect, it } from 'vitest';
import { BtfKind } from '../core/index';
import { KERNEL_VERSIONS, loadKernelFixture } from '../test-utils/fixtures';
import { fuzzyScore } from './fuzzy';
import { MatchTier, matchName } from './name-match';
import type { TypeFilterMode } from './protocol';
import { TypeColumns } from './type-list';

function firstNames(cols: TypeColumns, text: string, mode: TypeFilterMode, n = 10): string[] {
  const order = cols.order({ text, mode, kinds: [] }, { column: 'id', desc: false });
  return [...order.slice(0, n)].map((id) => cols.btf.name(id));
}

describe('matchName', () => {
  it('ranks exact, prefix, substring (word start first), then fuzzy', () => {
    expect(matchName('sk_buff', 'sk_buff', false)).toEqual({ tier: MatchTier.Exact, score: 0 });
    expect(matchName('sk_buff', 'sk_buff_head', false)?.tier).toBe(MatchTier.Prefix);
    expect(matchName('sk_buff', '__sk_buff', false)).toEqual({ tier: MatchTier.Substring, score: 1 });
    expect(matchName('buff', 'xsk_buff_pool', false)).toEqual({ tier: MatchTier.Substring, score: 1 });
    expect(matchName('uff', 'sk_buff', false)).toEqual({ tier: MatchTier.Substring, score: 0 });
    // A later occurrence at a word start counts: `buf` inside `rbuf_` then at `_buf`.
    expect(matchName('buf', 'rbuf_buf', false)?.score).toBe(1);
    expect(matchName('tskst', 'task_struct', false)).toBeUndefined();
    expect(matchName('tskst', 'task_struct', true)?.tier).toBe(MatchTier.Fuzzy);
    expect(matchName('xyz', 'task_struct', true)).toBeUndefined();
  });
});

describe('fuzzyScore', () => {
  it('scores the best alignment, not the first: word starts beat a run inside a word', () => {
    // Greedy finds t·sk·st in both; only the best alignment sees `st` start `struct`.
    expect(fuzzyScore('tskst', 'task_struct')).toBeGreaterThan(fuzzyScore('tskst', 'taskstats'));
    // Later, better-placed matches are found even when an earlier character matched first.
    expect(fuzzyScore('ts', 'xt_s_ts')).toBeGreaterThan(fuzzyScore('ts', 'xt_sxts'));
    expect(fuzzyScore('tskst', 'task_struct')).toBeGreaterThan(fuzzyScore('tskst', 'trace_event_raw_sched_kthread_stop'));
  });

  it('is positive exactly for subsequences, and never depends on trailing length', () => {
    expect(fuzzyScore('abc', 'a_b_c')).toBeGreaterThan(0);
    expect(fuzzyScore('abc', 'acb')).toBe(0);
    expect(fuzzyScore('ab', 'a' + 'x'.repeat(200) + 'b')).toBeGreaterThan(0);
    expect(fuzzyScore('ab', 'a' + 'x'.repeat(200) + 'b')).toBeLessThan(fuzzyScore('ab', 'a' + 'x'.repeat(20) + 'b'));
    expect(fuzzyScore('ab', 'ab_x')).toBe(fuzzyScore('ab', 'ab_xxxxxxxx'));
  });
});

describe('type list relevance order on real kernels', () => {
  for (const v of KERNEL_VERSIONS) {
    it(`${v}: sk_buff first for 'sk_buff', task_struct first for fuzzy 'tskst'`, () => {
      const cols = new TypeColumns(loadKernelFixture(v));
      for (const mode of ['substring', 'fuzzy'] as const) {
        const names = firstNames(cols, 'sk_buff', mode, 50);
        expect(names[0]).toBe('sk_buff');
        // Prefix matches (shortest first) before names that merely contain it.
        const firstInner = names.findIndex((n) => !n.startsWith('sk_buff'));
        expect(names.slice(firstInner).every((n) => !n.startsWith('sk_buff'))).toBe(true);
        const prefixes = names.slice(1, firstInner);
        expect(prefixes.map((n) => n.length)).toEqual(prefixes.map((n) => n.length).sort((a, b) => a - b));
        expect(names.indexOf('__sk_buff')).toBeGreaterThan(names.indexOf('sk_buff_head'));
      }
      expect(firstNames(cols, 'tskst', 'fuzzy', 1)).toEqual(['task_struct']);
      expect(firstNames(cols, 'tskstrct', 'fuzzy', 1)).toEqual(['task_struct']);
      expect(firstNames(cols, 'TASK_STRUCT', 'substring', 1)).toEqual(['task_struct']);
    });
  }

  it('keeps data types before functions within a rank, and an explicit sort wins', () => {
    const cols = new TypeColumns(loadKernelFixture('6.1'));
    const btf = cols.btf;
    const order = cols.order({ text: 'task_struct', mode: 'substring', kinds: [] }, { column: 'id', desc: false });
    const kinds = [...order].map((id) => btf.kind(id));
    // Among the names that contain task_struct at a word start after a prefix: structs first.
    const prefixRows = [...order].filter((id) => btf.name(id).startsWith('task_struct') && btf.name(id) !== 'task_struct');
    const firstFunc = prefixRows.findIndex((id) => btf.kind(id) === BtfKind.Func);
    if (firstFunc >= 0) expect(prefixRows.slice(firstFunc).every((id) => btf.kind(id) !== BtfKind.Struct)).toBe(true);
    expect(kinds[0]).toBe(BtfKind.Struct);
    const byName = cols.order({ text: 'task_struct', mode: 'substring', kinds: [] }, { column: 'name', desc: false });
    const names = [...byName].map((id) => btf.name(id));
    expect(names).toEqual([...names].sort());
    // id descending is the plain newest-first order of the matches.
    const desc = [...cols.order({ text: 'task_struct', mode: 'substring', kinds: [] }, { column: 'id', desc: true })];
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });
});
