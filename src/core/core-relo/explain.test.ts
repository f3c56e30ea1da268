/**
 * Failure explanations on the sample objects and the kernels, and the successor
 * heuristics on hand-built BTF.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import type { Btf } from '../btf/btf';
import { parseBtf } from '../btf/parse-btf';
import { relocateObject } from './relocate-object';
import type { RelocationView, TargetReloResult } from './report';
import { CoreReloKind } from './relo-kinds';
import { parseSpec } from './spec';
import { diagnoseMismatch, findFieldSuccessors, findTypeSuccessors, nameSimilarity } from './successors';
import { loadObject, loadTarget } from '../../test-utils/libbpf-goldens';

function results(stem: string, target: string): { v: RelocationView; r: TargetReloResult }[] {
  const rep = relocateObject(loadObject(stem), [{ label: target, btf: loadTarget(target) }]);
  return rep.relocations.map((v) => ({ v, r: v.results[0]! }));
}

describe('explanations on real kernels', () => {
  it('points from task_struct::state to __state (6.x) and back (5.10), with a flavor snippet', () => {
    const new618 = results('task_state-el', 'vmlinux-6.18').find(({ v, r }) => v.access === 'task_struct___old->state' && r.result === 'poisoned')!;
    const e = new618.r.explanation!;
    expect(e.code).toBe('no-field');
    expect(e.summary).toBe("field 'state' is missing from struct task_struct in vmlinux-6.18");
    expect(e.successors[0]).toMatchObject({ kind: 'renamed-field', path: '__state' });
    expect(e.snippet).toContain('struct task_struct___vmlinux_6_18 {\n\tunsigned int __state;\n} __attribute__((preserve_access_index));');
    expect(e.snippet).toContain('bpf_core_field_exists(((struct task_struct___vmlinux_6_18 *)task_struct)->__state)');

    const old510 = results('task_state-el', 'vmlinux-5.10').find(({ v, r }) => v.access === 'task_struct->__state' && r.result === 'poisoned')!;
    expect(old510.r.explanation!.successors[0]).toMatchObject({ kind: 'renamed-field', path: 'state' });
  });

  it('explains a refused load-size change, a missing type and a missing enumerator', () => {
    const memsz = results('task_state-el', 'vmlinux-6.1').find(({ v }) => v.access === 'task_struct___u32state->state')!;
    expect(memsz.r.explanation?.code).toBe('no-field'); // 6.1 has no `state` at all
    const memsz510 = results('task_state-el', 'vmlinux-5.10').find(({ v }) => v.access === 'task_struct___u32state->state')!;
    expect(memsz510.r.result).toBe('poisoned');
    expect(memsz510.r.explanation?.code).toBe('memsz');
    const types = results('types-el', 'vmlinux-5.10').find(({ v }) => v.kindName === 'type_exists' && v.access === 'struct folio')!;
    expect(types.r.after).toBe('0');
    expect(types.r.explanation).toMatchObject({ code: 'no-type', summary: 'vmlinux-5.10 has no struct named folio (nor any ___flavor of it)' });
    const drop = results('netdev-el', 'vmlinux-5.10').find(({ v }) => v.kindName === 'enumval_value')!;
    expect(drop.r.explanation?.code).toBe('no-type');
  });

  it('explains hard errors: ambiguity, pruning, libbpf 1.1 enum sign extension', () => {
    const amb = results('ambiguity-el', 'amb_offset').find(({ r }) => r.result === 'error')!;
    expect(amb.r.explanation?.code).toBe('ambiguity');
    expect(amb.r.explanation?.summary).toContain('bits 0 vs 32');
    const pruned = results('ambiguity-el', 'amb_same').find(({ v }) => v.access === 'btfscope_prune->only_b')!;
    expect(pruned.r.after).toBe('0');
    expect(pruned.r.explanation?.code).toBe('pruned');
    const sext = results('err_enum_sext-el', 'vmlinux-6.1').find(({ r }) => r.result === 'error')!;
    expect(sext.r.explanation?.code).toBe('enum-sign-extension');
  });
});

function btfOf(b: BtfBuilder): Btf {
  return parseBtf(b.build()).value!;
}

describe('successor heuristics', () => {
  it('rates names', () => {
    expect(nameSimilarity('state', '__state')).toBe(0);
    expect(nameSimilarity('i_atime', 'i_atime_sec')).toBe(1);
    expect(nameSimilarity('pids', 'pidz')).toBe(-1); // too short for an edit-distance guess
    expect(nameSimilarity('parent', 'parent')).toBe(-1);
    expect(nameSimilarity('btf', 'btfscope_never_exists')).toBe(-1);
  });

  it('finds a field moved into a nested struct and a renamed type', () => {
    const lb = new BtfBuilder();
    const lint = lb.int('int', 4, { signed: true });
    const foo = lb.struct('foo', 8, [['a', lint, 0], ['flags', lint, 32]]);
    const local = btfOf(lb);
    const tb = new BtfBuilder();
    const tint = tb.int('int', 4, { signed: true });
    const inner = tb.struct('foo_flags', 4, [['flags', tint, 0]]);
    const tfoo = tb.struct('foo', 8, [['a', tint, 0], ['f', inner, 32]]);
    tb.struct('inode_flags', 8, [['a', tint, 0]]);
    tb.struct('inode_flagz', 8, [['b', tint, 0]]);
    const target = btfOf(tb);
    const spec = parseSpec('p', local, { typeId: foo, accessStr: '0:1', kind: CoreReloKind.FieldByteOffset }, () => {});
    const mm = diagnoseMismatch(spec, target, tfoo);
    expect(mm).toMatchObject({ code: 'no-field', name: 'flags', targetContainer: tfoo });
    expect(findFieldSuccessors(spec, mm, target)).toEqual([{ kind: 'moved-field', path: 'f.flags', typeId: tint, sameOffset: true, similarity: 0 }]);
    expect(findTypeSuccessors(target, 'inode_flag', 4, ['a']).map((id) => target.name(id))).toEqual(['inode_flags']);
    expect(findTypeSuccessors(target, 'inode_flag', 4, []).map((id) => target.name(id))).toEqual(['inode_flags', 'inode_flagz']);
  });
});
