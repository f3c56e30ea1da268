import { describe, expect, it } from 'vitest';
import { loadKernelFixture } from '../test-utils/fixtures';
import { typeCWithDeps } from './c-text';
import { diffTypeView, namedTypeKey } from './diff';

describe('aligned members of one type across kernels', () => {
  it('a member that moved past others and changed type is one row, not removed + added', () => {
    // inode 6.1 → 6.12: i_generation (__u32 at 592) became a u32 at 124, past ~40 other members.
    const v = diffTypeView(loadKernelFixture('6.1'), loadKernelFixture('6.12'), 'struct:inode');
    const rows = v.aligned.filter((r) => r.before?.path === 'i_generation' || r.after?.path === 'i_generation');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ change: 'changed', reordered: true, before: { bitOffset: 592 * 8 }, after: { bitOffset: 124 * 8 } });
    expect(row!.diff?.aspects).toEqual(expect.arrayContaining(['moved', 'retyped']));
    // No member of both sides is shown twice: every path is removed only if B lacks it.
    const afterPaths = new Set(v.aligned.flatMap((r) => (r.after ? [r.after.path] : [])));
    const beforePaths = new Set(v.aligned.flatMap((r) => (r.before ? [r.before.path] : [])));
    for (const r of v.aligned) {
      if (r.change === 'removed') expect(afterPaths.has(r.before!.path)).toBe(false);
      if (r.change === 'added') expect(beforePaths.has(r.after!.path)).toBe(false);
    }
    // Every member of each side appears exactly once.
    const paths = (side: 'before' | 'after') => v.aligned.flatMap((r) => (r[side] ? [`${r[side].path}@${r[side].bitOffset}`] : []));
    expect(new Set(paths('before')).size).toBe(paths('before').length);
    expect(new Set(paths('after')).size).toBe(paths('after').length);
    // Rows follow B's order (A-only members where A had them).
    const offsetsB = v.aligned.flatMap((r) => (r.after ? [r.after.bitOffset] : []));
    expect(offsetsB).toEqual([...offsetsB].sort((x, y) => x - y));
  });

  it('agrees with core: every member core calls changed or renamed has one row with both sides', () => {
    const v = diffTypeView(loadKernelFixture('5.10'), loadKernelFixture('6.18'), 'struct:task_struct');
    const paired = v.diffs[0]!.members!.filter((m) => m.change === 'changed' || m.change === 'renamed');
    for (const m of paired) {
      const rows = v.aligned.filter((r) => r.after?.path === m.name);
      expect(rows, m.name).toHaveLength(1);
      expect(rows[0]!.before, m.name).toBeDefined();
    }
  });

  it('names the type each member refers to, under pointers, arrays and qualifiers', () => {
    const k = loadKernelFixture('6.1');
    const v = diffTypeView(k, loadKernelFixture('6.12'), 'struct:task_struct');
    const byPath = new Map(v.aligned.map((r) => [r.after?.path ?? r.before!.path, r.after ?? r.before!]));
    expect(byPath.get('se')?.typeKey).toBe('struct:sched_entity');
    expect(byPath.get('mm')?.typeKey).toBe('struct:mm_struct'); // struct mm_struct *
    expect(byPath.get('sched_class')?.typeKey).toBe('struct:sched_class'); // const struct sched_class *
    expect(byPath.get('cpus_mask')?.typeKey).toBe('typedef:cpumask_t');
    expect(byPath.get('comm')?.typeKey).toBeUndefined(); // char[16]
    expect(byPath.get('pid')?.typeKey).toBe('typedef:pid_t');
    const [id] = k.findByName('task_struct');
    expect(namedTypeKey(k, id!)).toBe('struct:task_struct');
  });
});

describe('Copy C (dumpCWithDeps)', () => {
  it('writes the type after everything it needs, and refuses a type the file lacks', () => {
    const k = loadKernelFixture('6.1');
    const { text } = typeCWithDeps(k, 'struct:task_struct');
    const at = (s: string) => text.indexOf(s);
    expect(at('struct task_struct {')).toBeGreaterThan(0);
    expect(at('struct list_head {')).toBeGreaterThanOrEqual(0);
    expect(at('struct list_head {')).toBeLessThan(at('struct task_struct {'));
    expect(text.startsWith('#ifndef __VMLINUX_H__')).toBe(true);
    expect(() => typeCWithDeps(k, 'struct:no_such_type')).toThrow(/no type struct no_such_type/);
  });
});
