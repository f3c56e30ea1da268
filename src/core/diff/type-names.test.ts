/**
 * C spellings of types (diff's `typeBefore`/`typeAfter`) and the hash that stands in for
 * them: equal spellings must hash equal across BTFs, different ones differently.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { loadKernelFixture } from '../../test-utils/fixtures';
import { BtfKind } from '../btf/btf-kinds';
import { parseBtf } from '../btf/parse-btf';
import { TypeHashes } from './type-hash';
import { TypeNamer, formatDeclaration, formatTypeName } from './type-names';

describe('formatTypeName', () => {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const char = b.int('char', 1, { char: true, signed: true });
  const list = b.struct('list_head', 16, []);
  const listPtr = b.ptr(list);
  const charArr = b.array(char, int, 16);
  const fn = b.ptr(b.funcProto(0, [['', int]]));
  const constCharPtr = b.ptr(b.const(char));
  const charPtrConst = b.const(b.ptr(char));
  const ptrToArr = b.ptr(charArr);
  const arrOfFnPtr = b.array(fn, int, 4);
  const varargs = b.ptr(b.funcProto(int, [['fmt', constCharPtr], ['', 0]]));
  const anon = b.ptr(b.union('', 4, [['x', int, 0]]));
  const fwdU = b.fwd('later', true);
  const tagged = b.ptr(b.typeTag('rcu', list));
  const e64 = b.enum64('big', 8, []);
  const btf = parseBtf(b.build()).value!;

  it.each([
    [listPtr, 'struct list_head *'],
    [charArr, 'char [16]'],
    [fn, 'void (*)(int)'],
    [constCharPtr, 'const char *'],
    [charPtrConst, 'char * const'],
    [ptrToArr, 'char (*)[16]'],
    [arrOfFnPtr, 'void (*[4])(int)'],
    [varargs, 'int (*)(const char *, ...)'],
    [anon, 'union {...} *'],
    [fwdU, 'union later'],
    [tagged, 'struct list_head *'],
    [e64, 'enum big'],
    [0, 'void'],
  ])('type %i is %s', (id, text) => {
    expect(formatTypeName(btf, id)).toBe(text);
  });

  it('declarations and expanded anonymous types', () => {
    expect(formatDeclaration(btf, listPtr, 'next')).toBe('struct list_head *next');
    expect(formatDeclaration(btf, charArr, 'comm')).toBe('char comm[16]');
    expect(formatDeclaration(btf, fn, 'cb')).toBe('void (*cb)(int)');
    expect(formatTypeName(btf, anon, { expandAnonymous: true })).toBe('union { int x; } *');
    expect(new TypeNamer(btf).functionDeclaration('printk', btf.sizeOrType(varargs))).toBe('int printk(const char *fmt, ...)');
  });

  it('a reference cycle prints <cycle>', () => {
    const c = new BtfBuilder();
    c.const(2);
    c.ptr(1);
    const cyc = parseBtf(c.build()).value!;
    expect(formatTypeName(cyc, 1)).toContain('<cycle>');
  });
});

describe('spelling hashes agree with spellings', () => {
  it('on every member and parameter type of two kernels', () => {
    const ks = [loadKernelFixture('5.10'), loadKernelFixture('6.12')];
    const seen = new Map<string, number>();
    const byHash = new Map<number, string>();
    for (const k of ks) {
      const namer = new TypeNamer(k);
      const th = new TypeHashes(k);
      for (let id = 1; id < k.typeCount; id++) {
        if (k.kind(id) !== BtfKind.Ptr && k.kind(id) !== BtfKind.Array && k.kind(id) !== BtfKind.Const) continue;
        const text = namer.typeName(id);
        if (text.includes('{...}')) continue; // anonymous types hash by content
        const h = th.spelling(id);
        const prev = seen.get(text);
        if (prev !== undefined) expect(h, text).toBe(prev);
        else seen.set(text, h);
        const other = byHash.get(h);
        if (other !== undefined) expect(other).toBe(text);
        else byHash.set(h, text);
      }
    }
    expect(seen.size).toBeGreaterThan(10000);
  });
});

describe('pointer spellings from the pointee', () => {
  it('equal the full declarator walk for every type of a kernel, in any order of asking', () => {
    for (const v of ['5.10', '6.18'] as const) {
      const btf = loadKernelFixture(v);
      // Pointers first (pointee not cached yet), then a second namer pointees first.
      const cold = new TypeNamer(btf);
      const warm = new TypeNamer(btf);
      const reference = new TypeNamer(btf);
      for (let id = btf.typeCount - 1; id > 0; id--) warm.typeName(id);
      let pointers = 0;
      for (let id = 1; id < btf.typeCount; id++) {
        const want = reference.declaration(id, '');
        if (btf.kind(id) === BtfKind.Ptr) pointers++;
        if (cold.typeName(id) !== want || warm.typeName(id) !== want) expect({ v, id, cold: cold.typeName(id), warm: warm.typeName(id) }).toEqual({ v, id, cold: want, warm: want });
      }
      expect(pointers).toBeGreaterThan(10000);
    }
  });
});
