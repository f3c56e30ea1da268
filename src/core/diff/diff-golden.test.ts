/**
 * The diff engine against an independent reference: which named structs and unions were
 * added, removed or changed between real kernels, as scripts/diff-golden-from-pahole.py
 * derived it from pahole 1.24's and bpftool 7.1's output (fixtures/golden/diff, recorded
 * by scripts/record-diff-golden.sh). Both sides use the same definition of "changed"
 * (docs/diff-json.md).
 */
import { describe, expect, it } from 'vitest';
import { type KernelVersion, loadKernelFixture, readGoldenText } from '../../test-utils/fixtures';
import { diffBtf, diffType } from './diff-btf';
import type { DiffKind } from './diff-model';

interface GoldenKind {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
  /** Names pahole prints fewer definitions of than BTF has (see the script): not judged. */
  hidden: string[];
}

const PAIRS: [KernelVersion, KernelVersion][] = [
  ['5.10', '6.1'],
  ['5.10', '6.12'],
  ['6.1', '6.12'],
  ['6.12', '6.18'],
  ['5.10', '6.18'],
];

/** Our verdict per name: added/removed when one side has none of it, else changed or unchanged. */
function verdicts(a: KernelVersion, b: KernelVersion, kind: DiffKind) {
  const d = diffBtf(loadKernelFixture(a), loadKernelFixture(b), { kinds: [kind], details: false }).value!;
  const changes = new Map<string, Set<string>>();
  for (const t of d.types()) {
    let s = changes.get(t.name);
    if (!s) changes.set(t.name, (s = new Set()));
    s.add(t.change);
  }
  const dup = new Map(d.duplicates.map((x) => [x.name, x]));
  const out = { added: [] as string[], removed: [] as string[], changed: [] as string[], unchanged: d.summary[kind].unchanged };
  for (const [name, s] of changes) {
    const x = dup.get(name);
    if (s.size === 1 && s.has('added') && !(x && x.before > 0)) out.added.push(name);
    else if (s.size === 1 && s.has('removed') && !(x && x.after > 0)) out.removed.push(name);
    else out.changed.push(name);
  }
  return { out, duplicates: dup };
}

describe.each(PAIRS)('diff %s -> %s agrees with pahole', (a, b) => {
  const golden = JSON.parse(readGoldenText(`golden/diff/${a}-${b}.json`)) as Record<'struct' | 'union', GoldenKind>;
  it.each(['struct', 'union'] as const)('%s: added, removed and changed names', (kind) => {
    const g = golden[kind];
    const { out, duplicates } = verdicts(a, b, kind);
    const hidden = new Set(g.hidden);
    const judged = (xs: string[]) => xs.filter((n) => !hidden.has(n)).sort();
    expect(judged(out.added)).toEqual(g.added);
    expect(judged(out.removed)).toEqual(g.removed);
    expect(judged(out.changed)).toEqual(g.changed);
    // Names pahole could not show whole are ones we report as duplicates.
    for (const n of g.hidden) expect(duplicates.has(n)).toBe(true);
  });
});

describe('renames in real kernels', () => {
  it('task_struct 5.10 -> 6.1: state -> __state', () => {
    const [t] = diffType(loadKernelFixture('5.10'), loadKernelFixture('6.1'), 'struct', 'task_struct');
    expect(t?.change).toBe('changed');
    const m = t!.members!.find((x) => x.name === '__state');
    expect(m).toMatchObject({
      change: 'renamed',
      renamedFrom: 'state',
      typeBefore: 'volatile long int',
      typeAfter: 'unsigned int',
      bitOffsetBefore: 16 * 8,
      bitOffsetAfter: 24 * 8,
    });
    expect(m!.renameEvidence).toContain('close name');
    expect(t!.members!.some((x) => x.name === 'state')).toBe(false);
  });

  it('task_struct 5.10 -> 6.18: state -> __state although saved_state was added beside it', () => {
    const [t] = diffType(loadKernelFixture('5.10'), loadKernelFixture('6.18'), 'struct', 'task_struct');
    expect(t!.members!.find((x) => x.name === '__state')).toMatchObject({ change: 'renamed', renamedFrom: 'state' });
    expect(t!.members!.find((x) => x.name === 'saved_state')).toMatchObject({ change: 'added' });
  });

  it('task_struct 6.1 -> 6.12: same size, members moved', () => {
    const [t] = diffType(loadKernelFixture('6.1'), loadKernelFixture('6.12'), 'struct', 'task_struct');
    expect(t).toMatchObject({ change: 'changed', byteSizeBefore: 9792, byteSizeAfter: 9792 });
    const moved = t!.members!.filter((m) => m.aspects.includes('moved'));
    expect(moved.length).toBe(MOVED_TASK_STRUCT_61_612);
  });

  it('inode 6.1 -> 6.12: i_atime is gone (split into i_atime_sec / i_atime_nsec)', () => {
    const [t] = diffType(loadKernelFixture('6.1'), loadKernelFixture('6.12'), 'struct', 'inode');
    const byName = new Map(t!.members!.map((m) => [m.name, m]));
    expect(byName.get('i_atime')).toMatchObject({ change: 'removed', typeBefore: 'struct timespec64' });
    expect(byName.get('i_atime_sec')).toMatchObject({ change: 'added', typeAfter: 'time64_t' });
    expect(byName.get('i_atime_nsec')).toMatchObject({ change: 'added', typeAfter: 'u32' });
  });
});

/**
 * Members of task_struct whose offset differs between 6.1 and 6.12: 148 direct members
 * plus `rcu` and `rcu_users` in an anonymous union. The same 150 come out of comparing
 * the two pahole layouts by member path (scripts/diff-golden-from-pahole.py's parser).
 */
const MOVED_TASK_STRUCT_61_612 = 150;
