/**
 * Engine pieces on hand-built BTF: essential names, spec parsing/formatting through
 * anonymous members and arrays, matching with flavors, the partial spec libbpf logs for a
 * non-matching candidate, candidate search in split (module) targets, C rendering of
 * accesses, and the golden-log filter.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import type { Btf } from '../btf/btf';
import { parseBtf } from '../btf/parse-btf';
import { formatAccessC } from './access-c';
import { essentialNameLen } from './btf-helpers';
import { findCands } from './candidates';
import { extractCoreLogLines, isCoreLogLine } from './libbpf-log';
import { CoreReloKind } from './relo-kinds';
import { emptySpec, formatSpec, parseSpec } from './spec';
import { specMatch } from './spec-match';

function btfOf(b: BtfBuilder, base?: Btf): Btf {
  const r = parseBtf(b.build(), base ? { base } : {});
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** struct sample { int u; struct { int a1; int a2; int arr[7]; }; }  (libbpf's relo_core.c example) */
function local(): { btf: Btf; sample: number } {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const idx = b.int('unsigned int', 4);
  const arr = b.array(int, idx, 7);
  const anon = b.struct('', 36, [['a1', int, 0], ['a2', int, 32], ['arr', arr, 64]]);
  const sample = b.struct('sample', 40, [['u', int, 0], ['', anon, 32]]);
  return { btf: btfOf(b), sample };
}

describe('essential names', () => {
  it.each([
    ['task_struct', 11],
    ['task_struct___old', 11],
    ['a___b___c', 5],
    ['___x', 4],
    ['foo____bar', 10],
    ['foo___', 6],
    ['x___y', 1],
  ])('%s -> %i', (name, n) => expect(essentialNameLen(name)).toBe(n));
});

describe('specs', () => {
  it('parses an access through an anonymous struct into an array (relo_core.c example)', () => {
    const { btf, sample } = local();
    const spec = parseSpec('p', btf, { typeId: sample, accessStr: '0:1:2:3', kind: CoreReloKind.FieldByteOffset }, () => {});
    expect(spec.len).toBe(3);
    expect(spec.rawSpec.slice(0, spec.rawLen)).toEqual([0, 1, 2, 3]);
    expect(spec.bitOffset).toBe((4 + 8 + 12) * 8);
    expect(formatSpec(spec, 'byte_off')).toBe(`<byte_off> [${sample}] struct sample.arr[3] (0:1:2:3 @ offset 24)`);
    expect(formatAccessC(btf, sample, '0:1:2:3', CoreReloKind.FieldByteOffset)).toBe('sample->arr[3]');
    expect(formatAccessC(btf, sample, '2:0', CoreReloKind.FieldByteOffset)).toBe('sample[2].u');
  });

  it('rejects out-of-range indexes and type-based access strings other than "0"', () => {
    const { btf, sample } = local();
    const parse = (accessStr: string, kind: number = CoreReloKind.FieldByteOffset) => () => parseSpec('p', btf, { typeId: sample, accessStr, kind }, () => {});
    expect(parse('0:1:2:7')).toThrow();
    expect(parse('0:5')).toThrow();
    expect(parse(':0')).toThrow();
    expect(parse('1', CoreReloKind.TypeSize)).toThrow();
    expect(parse('0', CoreReloKind.TypeSize)).not.toThrow();
  });

  it('matches a flavored target where the member moved out of the anonymous struct', () => {
    const { btf, sample } = local();
    const tb = new BtfBuilder();
    const int = tb.int('int', 4, { signed: true });
    const idx = tb.int('unsigned int', 4);
    const arr = tb.array(int, idx, 8);
    const target = tb.struct('sample___v2', 64, [['pad', arr, 0], ['arr', arr, 256]]);
    const tbtf = btfOf(tb);
    const ls = parseSpec('p', btf, { typeId: sample, accessStr: '0:1:2:3', kind: CoreReloKind.FieldByteOffset }, () => {});
    const ts = emptySpec(tbtf, target, CoreReloKind.FieldByteOffset);
    expect(specMatch(ls, tbtf, target, ts, () => {})).toBe(1);
    expect(formatSpec(ts, 'byte_off')).toBe(`<byte_off> [${target}] struct sample___v2.arr[3] (0:1:3 @ offset 44)`);
  });

  it('leaves the partial spec libbpf prints for a member of an incompatible type', () => {
    const { btf, sample } = local();
    const tb = new BtfBuilder();
    const int = tb.int('int', 4, { signed: true });
    const inner = tb.struct('inner', 4, [['x', int, 0]]);
    const target = tb.struct('sample', 8, [['u', int, 0], ['a2', inner, 32]]);
    const tbtf = btfOf(tb);
    const ls = parseSpec('p', btf, { typeId: sample, accessStr: '0:1:1', kind: CoreReloKind.FieldByteOffset }, () => {});
    const ts = emptySpec(tbtf, target, CoreReloKind.FieldByteOffset);
    expect(specMatch(ls, tbtf, target, ts, () => {})).toBe(0);
    // The matched name stays in the raw spec and offset; the accessor is popped.
    expect(formatSpec(ts, 'byte_off')).toBe(`<byte_off> [${target}] struct sample (0:1 @ offset 4)`);
  });
});

describe('candidate search', () => {
  function kernelAndModule() {
    const kb = new BtfBuilder();
    const int = kb.int('int', 4, { signed: true });
    kb.struct('task_struct', 4, [['pid', int, 0]]);
    kb.struct('task_struct___2', 4, [['pid', int, 0]]);
    const kernel = btfOf(kb);
    const mb = new BtfBuilder(kernel);
    mb.struct('ext4_inode_info', 4, [['i_flags', int, 0]]);
    mb.struct('task_struct', 4, [['pid', int, 0]]);
    return { kernel, module: btfOf(mb, kernel) };
  }

  it('searches the base (vmlinux) first and the module only as a fallback, flavors included', () => {
    const { module } = kernelAndModule();
    const lb = new BtfBuilder();
    const int = lb.int('int', 4, { signed: true });
    const task = lb.struct('task_struct___mine', 4, [['pid', int, 0]]);
    const inode = lb.struct('ext4_inode_info', 4, [['i_flags', int, 0]]);
    const lbtf = btfOf(lb);
    const lines: string[] = [];
    const target = { label: 'ext4.ko', btf: module, moduleName: 'ext4' };
    const t = findCands(lbtf, task, target, (m) => lines.push(m))!;
    expect(t.cands.map((c) => [c.id, c.where])).toEqual([
      [2, 'vmlinux'],
      [3, 'vmlinux'],
    ]);
    const i = findCands(lbtf, inode, target, (m) => lines.push(m))!;
    expect(i.cands.map((c) => c.where)).toEqual(['ext4']);
    expect(lines.at(-1)).toBe(`CO-RE relocating [${inode}] struct ext4_inode_info: found target candidate [4] struct ext4_inode_info in [ext4]\n`);
  });

  it('finds flavored targets whose names are not ASCII, as libbpf compares bytes', () => {
    const kb = new BtfBuilder();
    const int = kb.int('int', 4, { signed: true });
    kb.struct('caf\u00e9___v2', 4, [['x', int, 0]]);
    kb.struct('caf\u00e9', 4, [['x', int, 0]]);
    const kernel = btfOf(kb);
    const lb = new BtfBuilder();
    const lint = lb.int('int', 4, { signed: true });
    const mine = lb.struct('caf\u00e9___mine', 4, [['x', lint, 0]]);
    const t = findCands(btfOf(lb), mine, { label: 'k', btf: kernel }, () => {})!;
    expect(t.cands.map((c) => c.id)).toEqual([2, 3]);
  });

  it('gives up on anonymous local types (libbpf: -EINVAL)', () => {
    const { kernel } = kernelAndModule();
    const lb = new BtfBuilder();
    const int = lb.int('int', 4, { signed: true });
    const anon = lb.struct('', 4, [['pid', int, 0]]);
    expect(findCands(btfOf(lb), anon, { label: 'k', btf: kernel }, () => {})).toBeUndefined();
  });
});

describe('the golden-log filter', () => {
  it('keeps CO-RE lines only', () => {
    const log = [
      "libbpf: sec 'kprobe/x': found program 'p' at insn offset 0 (0 bytes), code size 3 insns (24 bytes)",
      "libbpf: sec 'kprobe/x': found 2 CO-RE relocations",
      'libbpf: CO-RE relocating [2] struct s: found target candidate [7] struct s in [vmlinux]',
      "libbpf: prog 'p': relo #0: <byte_off> [2] struct s.a (0:0 @ offset 0)",
      "libbpf: prog 'p': relo 0 at insn #3 can't be satisfied for bitfield",
      "libbpf: prog 'p': relo #1: error matching candidate #0 <byte_off> [7] struct s: -22",
      " libbpf: prog 'p': relo #1: failed to relocate: -22",
      "libbpf: prog 'p': relo #0: poisoning insn #5 that loads map #0 'events'",
      'libbpf: failed to perform CO-RE relocations: -22',
      'oracle: load returned -22',
    ].join('\n');
    expect(extractCoreLogLines(log)).toEqual(log.split('\n').slice(1, 7).concat(['libbpf: failed to perform CO-RE relocations: -22']));
    expect(isCoreLogLine("libbpf: map 'events': skipped auto-creating...")).toBe(false);
  });
});
