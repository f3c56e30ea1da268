import { describe, expect, it } from 'vitest';
import { BtfKind } from '../btf/btf-kinds';
import { computeStructLayout } from '../layout/struct-layout';
import type { StructLayout } from '../layout/layout-types';
import { diffType } from '../diff/diff-btf';
import { KERNEL_VERSIONS, loadKernelFixture } from '../../test-utils/fixtures';
import { type KernelTypeMembers, buildTimeline, typeMembers } from './timeline';

/** Members of a pahole layout under the diff's access paths, absolute bit offsets. */
function layoutRows(l: StructLayout, base = 0, prefix = ''): { member: string; bitOffset: number; bitSize: number }[] {
  const out: { member: string; bitOffset: number; bitSize: number }[] = [];
  for (const m of l.members) {
    const at = base + m.bitOffset;
    const path = m.name ? `${prefix}${m.name}` : '';
    if (path) out.push({ member: path, bitOffset: at, bitSize: m.bitfieldSize || m.byteSize * 8 });
    if (m.nested && !(m.decl.k === 'inline' && m.decl.ptr)) out.push(...layoutRows(m.nested, at, path ? `${path}.` : prefix));
  }
  return out;
}

describe('typeMembers', () => {
  it.each(['task_struct', 'sk_buff', 'net_device', 'page'])('%s equals each kernel layout, member by member', (name) => {
    for (const v of KERNEL_VERSIONS) {
      const btf = loadKernelFixture(v);
      const t = typeMembers(btf, name)!;
      expect(t.truncated).toBe(false);
      const l = computeStructLayout(btf, btf.findByName(name).find((id) => btf.kind(id) === BtfKind.Struct || btf.kind(id) === BtfKind.Union)!, {}).value!;
      const byPath = new Map(t.members.map((m) => [m.member, m]));
      const rows = layoutRows(l);
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        const m = byPath.get(r.member);
        expect(m, `${v} ${name}.${r.member}`).toBeDefined();
        expect({ member: r.member, bitOffset: m!.bitOffset, bitSize: m!.bitSize }, v).toEqual(r);
      }
    }
  });

  it('agrees with the diff on every member it reports changed', () => {
    const a = loadKernelFixture('5.10');
    const b = loadKernelFixture('6.18');
    const [d] = diffType(a, b, 'struct', 'task_struct');
    const ta = new Map(typeMembers(a, 'task_struct')!.members.map((m) => [m.member, m]));
    const tb = new Map(typeMembers(b, 'task_struct')!.members.map((m) => [m.member, m]));
    const changed = d!.members ?? [];
    expect(changed.length).toBeGreaterThan(20);
    for (const m of changed) {
      if (m.change === 'added') expect(tb.get(m.name)).toMatchObject({ bitOffset: m.bitOffsetAfter, type: m.typeAfter });
      if (m.change === 'removed') expect(ta.get(m.name)).toMatchObject({ bitOffset: m.bitOffsetBefore, type: m.typeBefore });
      if (m.change === 'changed') {
        expect(ta.get(m.name)!.bitOffset).toBe(m.bitOffsetBefore);
        expect(tb.get(m.name)!.bitOffset).toBe(m.bitOffsetAfter);
        expect(tb.get(m.name)!.bitSize).toBe(m.bitSizeAfter);
      }
    }
  });

  it('is undefined for a type the kernel does not have', () => {
    expect(typeMembers(loadKernelFixture('6.1'), 'no_such_struct_here')).toBeUndefined();
    expect(typeMembers(loadKernelFixture('6.1'), 'union:task_struct')).toBeUndefined();
    expect(typeMembers(loadKernelFixture('6.1'), 'struct:task_struct')?.type).toBe('struct task_struct');
  });
});

describe('buildTimeline', () => {
  const cell = (bitOffset: number, type = 'int') => ({ bitOffset, bitSize: 32, bitfield: false, type });
  const k = (label: string, members?: [string, number][]) => ({
    label,
    sha256: label,
    labels: [label],
    ...(members ? { members: { type: 'struct s', truncated: false, members: members.map(([m, off]) => ({ member: m, ...cell(off) })) } satisfies KernelTypeMembers } : {}),
  });
  it('aligns rows with kernels, places new members by their neighbours, and says when they appear and move', () => {
    const t = buildTimeline('s', [k('a', [['x', 0], ['state', 32], ['z', 64]]), k('b'), k('c', [['x', 0], ['__state', 32], ['z', 96]]), k('d', [['x', 0], ['z', 96], ['y', 128]])]);
    expect(t.type).toBe('struct s');
    expect(t.present).toEqual([true, false, true, true]);
    expect(t.rows.map((r) => r.member)).toEqual(['x', 'state', '__state', 'z', 'y']);
    const z = t.rows.find((r) => r.member === 'z')!;
    expect(z.cells).toEqual([cell(64), null, cell(96), cell(96)]);
    expect(z).toMatchObject({ firstSeen: 'a', lastSeen: 'd', movedIn: ['c'] });
    expect(t.rows.find((r) => r.member === '__state')).toMatchObject({ firstSeen: 'c', lastSeen: 'c', movedIn: [] });
    expect(t.rows.find((r) => r.member === 'y')!.cells).toEqual([null, null, null, cell(128)]);
  });
});
