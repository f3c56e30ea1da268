/**
 * Failure explanations on the sample objects and the kernels, and the successor
 * heuristics on hand-built BTF.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import type { Btf } from '../btf/btf';
import { parseBtf } from '../btf/parse-btf';
import { computeStructLayout } from '../layout/struct-layout';
import type { LayoutMember, StructLayout } from '../layout/layout-types';
import { relocateObject } from './relocate-object';
import type { RelocationView, TargetReloResult } from './report';
import { CoreReloKind } from './relo-kinds';
import { parseSpec } from './spec';
import { describeFieldChange, describeTypeDifference, type FieldEnd, fieldSuccessorChange, findEnumeratorSuccessor } from './change';
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
    expect(e.change).toEqual({ kind: 'renamed-field', text: 'task_struct.state was renamed to __state in vmlinux-6.18' });
    expect(e.summary).toBe("task_struct.state was renamed to __state in vmlinux-6.18. libbpf: field 'state' is missing from struct task_struct in vmlinux-6.18, so it poisons the instruction");
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
    expect(types.r.explanation).toMatchObject({
      code: 'no-type',
      change: { kind: 'type-gone' },
      summary: 'struct folio does not exist in vmlinux-5.10 (removed, or not yet added). libbpf: vmlinux-5.10 has no struct named folio (nor any ___flavor of it), so bpf_core_type_exists() answers 0',
    });
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

describe('explanations name the change, on real kernel pairs', () => {
  const change = (stem: string, target: string, access: string, kind?: string) => {
    const hit = results(stem, target).find(({ v, r }) => v.access === access && (!kind || v.kindName === kind) && r.explanation);
    return hit?.r.explanation;
  };

  it('net_device.priv_flags became a 32-bit bitfield in 6.12 and 6.18, and libbpf refuses the resized load', () => {
    for (const k of ['vmlinux-6.12', 'vmlinux-6.18']) {
      const e = change('netdev-el', k, 'net_device->priv_flags')!;
      expect(e.code).toBe('memsz');
      expect(e.change?.kind).toBe('became-bitfield');
      expect(e.summary.split('. ')[0]).toBe(`net_device.priv_flags became a 32-bit bitfield in ${k} (unsigned int priv_flags in the object, long unsigned int priv_flags:32 in ${k})`);
      expect(e.summary).toContain('a bitfield has no byte size');
      expect(e.summary).toContain('BPF_CORE_READ_BITFIELD_PROBED');
      expect(e.summary).not.toContain('neither a pointer nor an unsigned integer');
    }
    // 6.1 has it as a plain integer: the same relocation resolves.
    expect(results('netdev-el', 'vmlinux-6.1').find(({ v }) => v.access === 'net_device->priv_flags')!.r.result).toBe('patched');
  });

  it('task_struct.state: renamed to __state on 6.1+, and back on 5.10; a u32 state changed size and signedness on 5.10', () => {
    for (const k of ['vmlinux-6.1', 'vmlinux-6.12', 'vmlinux-6.18']) {
      expect(change('task_state-el', k, 'task_struct___old->state')?.change).toEqual({ kind: 'renamed-field', text: `task_struct.state was renamed to __state in ${k}` });
    }
    expect(change('task_state-el', 'vmlinux-5.10', 'task_struct->__state', 'byte_off')?.change?.text).toBe('task_struct.__state was renamed to state in vmlinux-5.10');
    const u32 = change('task_state-el', 'vmlinux-5.10', 'task_struct___u32state->state')!;
    expect(u32.change).toEqual({
      kind: 'size',
      text: 'task_struct.state changed size from 4 to 8 bytes and from unsigned to signed in vmlinux-5.10 (unsigned int state in the object, volatile long int state in vmlinux-5.10)',
    });
    expect(u32.summary).toContain('only between two pointers or two unsigned integers');
  });

  it('kernfs_node.parent renamed to __parent in 6.18; kinds changed; arrays shrank; types and enumerators gone', () => {
    expect(change('cgroup_sock-el', 'vmlinux-6.18', 'kernfs_node->parent', 'byte_off')?.change?.text).toBe('kernfs_node.parent was renamed to __parent in vmlinux-6.18');
    expect(change('arrays-el', 'vmlinux-6.12', 'task_struct->perf_event_ctxp[1]')?.change).toMatchObject({ kind: 'kind', text: expect.stringMatching(/^task_struct\.perf_event_ctxp changed from an array to a pointer in vmlinux-6\.12/) });
    expect(change('missing-el', 'vmlinux-6.1', 'task_struct->comm')?.change?.text).toMatch(/^task_struct\.comm changed from a pointer to an array in vmlinux-6\.1 \(char \*comm in the object, char comm\[16\] in vmlinux-6\.1\)/);
    expect(change('arrays-el', 'vmlinux-5.10', 'zone->_watermark[3]', 'byte_off')?.change).toEqual({ kind: 'array-length', text: 'zone->_watermark shrank from 4 to 3 elements in vmlinux-5.10' });
    expect(change('cgroup_sock-el', 'vmlinux-6.18', 'css_set->subsys[12]')?.change?.kind).toBe('array-length');
    expect(change('cgroup_sock-el', 'vmlinux-6.1', 'cgroup___old->ancestor_ids[1]')?.change?.kind).toBe('field-gone');
    expect(change('netdev-el', 'vmlinux-5.10', 'enum skb_drop_reason::SKB_DROP_REASON_TCP_CSUM')?.change).toEqual({ kind: 'type-gone', text: 'enum skb_drop_reason does not exist in vmlinux-5.10 (removed, or not yet added)' });
    expect(change('types-el', 'vmlinux-6.1', 'union task_struct___as_union')?.change).toEqual({ kind: 'kind', text: 'task_struct is a struct in vmlinux-6.1, not a union as in the object' });
    expect(change('enums-el', 'vmlinux-6.12', 'enum netdev_priv_flags::IFF_LIVE_RENAME_OK', 'enumval_value')?.change?.kind).toBe('enumerator-gone');
  });

  it('type_matches: the first difference libbpf trips on', () => {
    expect(change('types-el', 'vmlinux-6.1', 'struct list_head___bad', 'type_matches')?.change?.text).toBe(
      'list_head.next changed from an integer to a pointer in vmlinux-6.1 (int next in the object, struct list_head *next in vmlinux-6.1)',
    );
    expect(change('types-el', 'vmlinux-6.12', 'struct rb_node', 'type_matches')?.change?.text).toBe(
      'rb_node.__rb_parent_color is the integer long unsigned int in vmlinux-6.12, unsigned long in the object (type_matches compares integer names)',
    );
    expect(change('types-el', 'vmlinux-6.18', 'enum pid_type___extra', 'type_matches')?.change).toEqual({ kind: 'enumerator-gone', text: 'enum pid_type has no enumerator PIDTYPE_NOT_IN_KERNEL in vmlinux-6.18' });
    expect(change('types-el', 'vmlinux-6.18', 'struct folio', 'type_matches')?.change?.kind).toBe('kind'); // flags became memdesc_flags_t
  });
});

/** The member named `name`, looking inside anonymous members as the layout table shows them. */
function layoutMember(l: StructLayout | undefined, name: string): LayoutMember | undefined {
  for (const m of l?.members ?? []) {
    if (m.name === name) return m;
    const inner = m.name ? undefined : layoutMember(m.nested, name);
    if (inner) return inner;
  }
  return undefined;
}

describe('explanations agree with the layouts the detail shows beside them', () => {
  const stems = ['arrays', 'bitfields', 'cgroup_sock', 'enums', 'execsnoop', 'missing', 'netdev', 'subprog', 'task_state', 'types', 'verdicts'];
  it('every bitfield, size or signedness change on the sample objects × fixture kernels reads as both layouts do', { timeout: 300_000 }, () => {
    const seen = new Set<string>();
    for (const stem of stems) {
      const obj = loadObject(`${stem}-el`);
      for (const k of ['vmlinux-5.10', 'vmlinux-6.1', 'vmlinux-6.12', 'vmlinux-6.18']) {
        const tb = loadTarget(k);
        for (const v of relocateObject(obj, [{ label: k, btf: tb }]).relocations) {
          const r = v.results[0]!;
          const c = r.explanation?.change;
          if (!c || !['became-bitfield', 'no-longer-bitfield', 'bitfield-width', 'size', 'signedness'].includes(c.kind) || !r.candidates.length) continue;
          const leaf = /\.([A-Za-z_][A-Za-z0-9_]*) /.exec(c.text)?.[1];
          if (!leaf || v.access.split(/->|\./).length !== 2) continue; // members of the root type: the two tables beside the detail
          const cand = r.candidates.find((x) => x.matched) ?? r.candidates[0]!;
          const lm = layoutMember(computeStructLayout(obj.btf, v.localTypeId).value, leaf)!;
          const tm = layoutMember(computeStructLayout(tb, cand.typeId).value, leaf)!;
          expect(lm, `${stem} ${k} ${v.access}`).toBeDefined();
          expect(tm, `${stem} ${k} ${v.access}`).toBeDefined();
          seen.add(c.kind);
          if (c.kind === 'became-bitfield') {
            expect(lm.bitfieldSize).toBe(0);
            expect(c.text).toContain(`became a ${tm.bitfieldSize}-bit bitfield`);
          } else if (c.kind === 'size') {
            expect(c.text).toContain(`from ${lm.byteSize} to ${tm.byteSize} bytes`);
          }
          expect(c.text).toContain(`:${tm.bitfieldSize}`.replace(/^:0$/, ''));
        }
      }
    }
    expect([...seen].sort()).toEqual(['became-bitfield', 'size']);
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
    const succ = findFieldSuccessors(spec, mm, target);
    expect(fieldSuccessorChange('foo.flags', 'flags', succ[0], 'foo.f.flags', 'k')).toEqual({ kind: 'moved-field', text: 'foo.flags moved into f in k: the access path is now foo.f.flags' });
    expect(fieldSuccessorChange('foo.flags', 'flags', { ...succ[0]!, path: 'f.flagz', similarity: 2 }, 'foo.f.flagz', 'k').text).toBe('foo.flags moved into f as flagz in k: the access path is now foo.f.flagz');
    expect(fieldSuccessorChange('foo.state', 'state', { kind: 'renamed-field', path: 'st_ate', typeId: tint, sameOffset: true, similarity: 2 }, 'foo.st_ate', 'k').text).toBe('foo.state was probably renamed to st_ate in k');
    expect(fieldSuccessorChange('foo.gone', 'gone', undefined, '', 'k').kind).toBe('field-gone');
    expect(findTypeSuccessors(target, 'inode_flag', 4, ['a']).map((id) => target.name(id))).toEqual(['inode_flags']);
    expect(findTypeSuccessors(target, 'inode_flag', 4, []).map((id) => target.name(id))).toEqual(['inode_flags', 'inode_flagz']);
  });
});

describe('change kinds on hand-built BTF', () => {
  const lb = new BtfBuilder();
  const lu32 = lb.int('unsigned int', 4);
  const ls32 = lb.int('int', 4, { signed: true });
  const lu64 = lb.int('unsigned long', 8);
  const lstructA = lb.struct('a', 4, [['x', lu32, 0]]);
  const larr = lb.array(lu32, lu32, 4);
  const lenum = lb.enum('e', 4, [['E_OLD', 1], ['E_KEEP', 2]]);
  const local = btfOf(lb);
  const tb = new BtfBuilder();
  const tu32 = tb.int('unsigned int', 4);
  const ts32 = tb.int('int', 4, { signed: true });
  const tu64 = tb.int('unsigned long', 8);
  const tptr = tb.ptr(tu32);
  const tunionA = tb.union('a', 4, [['x', tu32, 0]]);
  const tstructB = tb.struct('b', 4, [['x', tu32, 0]]);
  const tarr = tb.array(tu32, tu32, 2);
  const tenum = tb.enum('e', 4, [['E_NEW_OLD', 1], ['E_KEEP', 2], ['E_OLDX', 3]]);
  const target = btfOf(tb);
  const L = (typeId: number, bitfieldSize = 0): FieldEnd => ({ btf: local, typeId, bitfieldSize, name: 'f' });
  const T = (typeId: number, bitfieldSize = 0): FieldEnd => ({ btf: target, typeId, bitfieldSize, name: 'f' });
  const kind = (l: FieldEnd, t: FieldEnd) => describeFieldChange('s.f', l, t, 'k')?.kind;

  it('names each change', () => {
    expect(describeFieldChange('s.f', L(lu64), T(tu64, 32), 'k')?.text).toBe('s.f became a 32-bit bitfield in k (unsigned long f in the object, unsigned long f:32 in k)');
    expect(kind(L(lu32, 3), T(tu32))).toBe('no-longer-bitfield');
    expect(kind(L(lu32, 3), T(tu32, 5))).toBe('bitfield-width');
    expect(describeFieldChange('s.f', L(lu32), T(tu64), 'k')?.text).toBe('s.f changed size from 4 to 8 bytes in k (unsigned int f in the object, unsigned long f in k)');
    expect(describeFieldChange('s.f', L(lu32), T(ts32), 'k')?.text).toBe('s.f changed from unsigned to signed in k (unsigned int f in the object, int f in k)');
    expect(kind(L(ls32), T(tu32))).toBe('signedness');
    expect(describeFieldChange('s.f', L(lu64), T(tptr), 'k')?.text).toMatch(/^s\.f changed from an integer to a pointer in k/);
    expect(describeFieldChange('s.f', L(lstructA), T(tunionA), 'k')?.text).toMatch(/^s\.f changed from a struct to a union in k/);
    expect(kind(L(lu32), T(tenum))).toBe('kind');
    expect(kind(L(lstructA), T(tstructB))).toBe('type');
    expect(describeFieldChange('s.f', L(larr), T(tarr), 'k')?.text).toMatch(/^s\.f changed size from 16 to 8 bytes in k/);
    expect(describeFieldChange('s.f', L(lu32), T(tu32), 'k')).toBeUndefined();
    expect(describeFieldChange('s.f', L(lenum), T(tenum), 'k')).toBeUndefined();
  });

  it('describes why type_matches fails', () => {
    const lb2 = new BtfBuilder();
    const li = lb2.int('unsigned int', 4);
    const ls = lb2.struct('s', 8, [['a', li, 0], ['b', li, 32]]);
    const le = lb2.enum('e', 4, [['E_A', 1], ['E_B', 2]]);
    const l2 = btfOf(lb2);
    const tb2 = new BtfBuilder();
    const ti = tb2.int('unsigned int', 4);
    const ts = tb2.struct('s', 4, [['a', ti, 0]]);
    const tsu = tb2.union('s', 4, [['a', ti, 0]]);
    const te = tb2.enum('e', 4, [['E_A', 1], ['E_B', 3]]);
    const t2 = btfOf(tb2);
    expect(describeTypeDifference(l2, ls, t2, ts, 'k')).toEqual({ kind: 'field-gone', text: 's.b does not exist in k' });
    expect(describeTypeDifference(l2, ls, t2, tsu, 'k')).toEqual({ kind: 'kind', text: 's is a union in k, a struct in the object' }); // type_matches wants the same kind
    expect(describeTypeDifference(l2, le, t2, te, 'k')).toEqual({ kind: 'enumerator-value', text: 'E_B is 2 in the object but 3 in k' });
    expect(describeTypeDifference(l2, li, t2, ts, 'k')).toEqual({ kind: 'kind', text: 'unsigned int is a struct in k, an integer in the object' });
  });

  it('finds a renamed enumerator, preferring the same value', () => {
    expect(findEnumeratorSuccessor(target, tenum, 'E_OLD', 1n)).toBe('E_OLDX');
    expect(findEnumeratorSuccessor(target, tenum, 'E_GONE_FOREVER', 1n)).toBeUndefined();
  });
});
