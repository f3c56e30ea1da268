/**
 * Layout corners on a synthetic blob whose expected text came from `pahole -F btf -a -A`
 * (1.24): bitfield storage units, bit holes, forced alignments, empty structs, packed
 * inference across types, inline anonymous types, arrays and function pointers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BtfKind } from '../btf/btf-kinds';
import { parseBtf } from '../btf/parse-btf';
import { formatPaholeLayout } from './pahole-format';
import { PaholeSession } from './pahole-session';
import { computeStructLayout, paholePrintOrder } from './struct-layout';
import { layoutCornerCasesBtf } from './testing/corner-cases';

const btf = parseBtf(layoutCornerCasesBtf()).value!;
const expected = readFileSync(join(__dirname, 'testing/corner-cases.pahole.txt'), 'utf8');
const layoutOf = (name: string) => {
  const id = btf.findByName(name).find((i) => btf.kind(i) === BtfKind.Struct || btf.kind(i) === BtfKind.Union)!;
  return computeStructLayout(btf, id).value!;
};

describe('layout corner cases', () => {
  it('print like pahole -F btf -a -A', () => {
    const session = new PaholeSession(btf);
    const text = paholePrintOrder(btf)
      .map((id) => formatPaholeLayout(computeStructLayout(btf, id, { session }).value!))
      .join('');
    expect(text).toBe(expected);
  });

  it('prints a named duplicate once, a different same-named struct again', () => {
    const dups = btf.findByName('dup', BtfKind.Struct);
    expect(dups).toHaveLength(3);
    const order = paholePrintOrder(btf);
    expect(order).toContain(dups[0]);
    expect(order).not.toContain(dups[1]);
    expect(order).toContain(dups[2]);
  });

  it('puts bitfields in their storage unit and finds bit holes', () => {
    const l = layoutOf('holes');
    const f2 = l.members.find((m) => m.name === 'f2')!;
    expect([f2.byteOffset, f2.bitfieldOffset, f2.bitfieldSize, f2.byteSize]).toEqual([16, 8, 5, 4]);
    expect(l.members.find((m) => m.name === 'f1')!.bitHoleBitsAfter).toBe(5);
    expect([l.holes, l.holeBytes, l.bitHoles, l.bitHoleBits]).toEqual([2, 9, 2, 24]);
    expect([l.paddingBytes, l.bitPaddingBits, l.sumMemberBytes, l.sumBitfieldBits]).toEqual([6, 6, 20, 10]);
    // A u8 bitfield at bit 12 lives in the byte at offset 1, at bit 4.
    const y = layoutOf('rebase').members[1]!;
    expect([y.byteOffset, y.bitfieldOffset]).toEqual([1, 4]);
  });

  it('infers forced alignments and counts the holes they cause', () => {
    const l = layoutOf('aligned_cl');
    expect(l.members[1]!.alignment).toBe(64);
    expect(l.alignment).toBe(64);
    expect([l.forcedAlignments, l.forcedHoles, l.forcedHoleBytes]).toEqual([1, 1, 56]);
    const h = layoutOf('has_aligned');
    expect([h.paddings, h.paddingSumBytes, h.members[1]!.typePaddingBytes]).toEqual([1, 60, 60]);
    expect(h.cachelines).toBe(3);
    expect(h.members[1]!.cacheline).toBe(1);
  });

  it('counts an empty struct of size 1 as 0 bytes', () => {
    expect(layoutOf('empty1').cachelines).toBe(0);
    expect(layoutOf('uses_empty').members[0]!.byteSize).toBe(0);
  });

  it('expands inline anonymous types with absolute offsets (relative behind pointers)', () => {
    const l = layoutOf('nesting');
    const [ptr, un, , cst, tail] = l.members;
    expect(ptr!.nested!.members.map((m) => m.absByteOffset)).toEqual([0, 8]);
    expect(ptr!.typeName).toBe('struct {...} *');
    expect(un!.nested!.kind).toBe('union');
    expect(un!.typeName).toBe('union {...}');
    expect(un!.nested!.members.map((m) => m.absByteOffset)).toEqual([8, 8]);
    expect(cst!.nested!.print.emitStats).toBe(true); // const-qualified inline structs keep their summary
    expect(tail!.typeName).toBe('struct {...}[2]');
  });

  it('names member types as pahole does', () => {
    const names = layoutOf('arrays').members.map((m) => m.typeName);
    expect(names).toEqual([
      'short unsigned int[3][2]',
      'char * *',
      'char * const *',
      'const char  *',
      'int (*)(const char  *, ...)',
      'void (*)(void)',
      'single float',
      'int[]',
    ]);
  });

  it('answers packing like pahole -C alone, or like a full run with a shared session', () => {
    expect(layoutOf('later').isPacked).toBe(false);
    const session = new PaholeSession(btf);
    for (const id of paholePrintOrder(btf)) computeStructLayout(btf, id, { session });
    const later = btf.findByName('later', BtfKind.Struct)[0]!;
    expect(computeStructLayout(btf, later, { session }).value!.isPacked).toBe(true);
  });

  it('rejects what is not a struct or union', () => {
    const r = computeStructLayout(btf, btf.findByName('int')[0]!);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('type-not-found');
    expect(computeStructLayout(btf, 99999).diagnostics[0]!.code).toBe('type-not-found');
  });

  it('uses the cacheline size for boundaries and alignment inference', () => {
    const l = computeStructLayout(btf, btf.findByName('has_aligned', BtfKind.Struct)[0]!, { cachelineBytes: 32 }).value!;
    expect(l.cachelines).toBe(6);
    expect(l.members[1]!.cacheline).toBe(2);
    expect(formatPaholeLayout(l)).toContain('/* --- cacheline 2 boundary (64 bytes) --- */');
  });
});
