import { describe, expect, it } from 'vitest';
import { loadKernelFixture } from '../../test-utils/fixtures';
import { diffIndexed } from './diff-btf';
import { DiffIndex } from './diff-index';
import type { DiffKind, TypeChange } from './diff-model';
import { formatDiffText } from './format-diff';

describe('BtfDiff.typesWhere', () => {
  const a = loadKernelFixture('5.10');
  const b = loadKernelFixture('6.1');
  // A fresh result each time: types() caches its sorted list, and typesWhere must be right
  // without it (the text output never builds the whole list).
  const fresh = () => diffIndexed(new DiffIndex(a), new DiffIndex(b)).value!;
  const key = (t: { kind: DiffKind; name: string; change: TypeChange; idBefore?: number; idAfter?: number }) =>
    `${t.kind} ${t.name} ${t.change} ${t.idBefore ?? '-'} ${t.idAfter ?? '-'}`;

  it.each([
    ['all but added/removed functions', (k: DiffKind, c: TypeChange) => k !== 'func' || c === 'changed'],
    ['added and removed only', (_: DiffKind, c: TypeChange) => c === 'added' || c === 'removed'],
    ['one kind', (k: DiffKind) => k === 'typedef'],
  ])('%s: the same entries, in the same order, as types() filtered', (_, want) => {
    const all = fresh().types();
    const expected = all.filter((t) => want(t.kind, t.change));
    const got = fresh().typesWhere(want);
    expect(got.length).toBeGreaterThan(100);
    expect(got.map(key)).toEqual(expected.map(key));
    expect(got).toEqual(expected);
  });

  it('the text output is the same whether or not the whole list was built first', () => {
    const full = fresh();
    full.types();
    for (const allFunctions of [false, true]) expect(formatDiffText(fresh(), { allFunctions })).toBe(formatDiffText(full, { allFunctions }));
  });
});
