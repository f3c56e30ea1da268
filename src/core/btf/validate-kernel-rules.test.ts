import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { ErrorCode } from '../diagnostics';
import { parseBtf } from './parse-btf';
import { invalidTypeIds, invalidTypeProblem } from './validate-btf';

/** Parses a built blob; returns its error diagnostics and the invalid type ids. */
function check(build: (b: BtfBuilder) => void, bigEndian = false) {
  const b = new BtfBuilder();
  build(b);
  const r = parseBtf(b.build({ littleEndian: !bigEndian }));
  const btf = r.value!;
  return { btf, errors: r.diagnostics.filter((d) => d.severity === 'error'), invalid: invalidTypeIds(btf) };
}

const base = (b: BtfBuilder) => ({ int: b.int('int', 4, { signed: true }), char: b.int('char', 1, { signed: true }) });

describe('kernel rules: struct members', () => {
  it('accepts a well-formed struct with bitfields, pointers, arrays and a flexible array', () => {
    const { errors, invalid } = check((b) => {
      const { int, char } = base(b);
      const arr0 = b.array(char, int, 0);
      const arr = b.array(char, int, 3);
      b.struct('ok', 24, [['a', int, 0], ['f', int, 32, 3], ['g', int, 35, 29], ['p', b.ptr(int), 64], ['s', arr, 128], ['tail', arr0, 192]]);
      b.union('u', 8, [['a', int, 0], ['p', b.ptr(0), 0]]);
    });
    expect(errors).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('a member whose bit offset is past the struct (the issue #12 link)', () => {
    const { btf, errors, invalid } = check((b) => {
      const { int } = base(b);
      b.struct('bad', 8, [['x', int, 0x7fff_fff8]]);
    });
    expect(errors).toEqual([
      expect.objectContaining({ code: ErrorCode.MemberOutOfBounds, typeId: 3, message: expect.stringContaining("member #0 'x' is at bit offset 2147483640, past the end of the 8-byte struct") }),
    ]);
    // header 24 + int 16 + int 16 + struct head 12 + member name/type 8: the offset field.
    expect(errors[0]!.offset).toBe(24 + 16 + 16 + 12 + 8);
    expect(invalid).toEqual([3]);
    expect(invalidTypeProblem(btf, 3)?.code).toBe(ErrorCode.MemberOutOfBounds);
    expect(invalidTypeProblem(btf, 1)).toBeUndefined();
  });

  it('a member that starts inside but ends past the struct, for each member kind', () => {
    for (const mk of ['int', 'ptr', 'struct', 'array', 'enum', 'float', 'typedef'] as const) {
      const { errors } = check((b) => {
        const { int, char } = base(b);
        const t = {
          int: () => int,
          ptr: () => b.ptr(int),
          struct: () => b.struct('in', 8, [['a', int, 0]]),
          array: () => b.array(char, int, 9),
          enum: () => b.enum('e', 4, [['A', 1]]),
          float: () => b.float('double', 8),
          typedef: () => b.typedef('t', b.const(b.ptr(int))),
        }[mk]();
        b.struct('outer', 10, [['m', t, 64]]);
      });
      expect(errors.map((e) => e.code), mk).toEqual([ErrorCode.MemberOutOfBounds]);
    }
  });

  it('member offsets the kernel refuses: unaligned, union at non-zero, going backwards', () => {
    const codes = (f: (b: BtfBuilder, t: ReturnType<typeof base>) => void) => check((b) => f(b, base(b))).errors.map((e) => e.code);
    expect(codes((b, { int, char }) => b.struct('s', 8, [['a', b.array(char, int, 2), 3]]))).toEqual([ErrorCode.BadMemberOffset]);
    // A plain (non-kind_flag) int member may sit at any bit: that is the old bitfield encoding.
    expect(codes((b, { int }) => b.struct('s', 8, [['a', int, 3]]))).toEqual([]);
    expect(codes((b, { int }) => b.struct('s', 16, [['p', b.ptr(int), 4]]))).toEqual([ErrorCode.BadMemberOffset]);
    expect(codes((b, { int }) => b.union('u', 8, [['a', int, 0], ['b', int, 32]]))).toEqual([ErrorCode.BadMemberOffset]);
    expect(codes((b, { int }) => b.struct('s', 8, [['a', int, 32], ['b', int, 0]]))).toEqual([ErrorCode.BadMemberOffset]);
    expect(codes((b) => b.struct('s', 8, [['f', b.float('float', 4), 16]]))).toEqual([ErrorCode.BadMemberOffset]);
  });

  it('bitfield sizes the kernel refuses', () => {
    const codes = (f: (b: BtfBuilder, t: ReturnType<typeof base>) => void) => check((b) => f(b, base(b))).errors.map((e) => e.code);
    // Wider than its int.
    expect(codes((b, { int, char }) => b.struct('s', 8, [['a', int, 0, 33], ['c', char, 40]]))).toEqual([ErrorCode.BadBitfield]);
    // A bitfield of a pointer or a struct.
    expect(codes((b, { int }) => b.struct('s', 8, [['p', b.ptr(int), 0, 3]]))).toEqual([ErrorCode.BadBitfield]);
    // A bitfield of an int that is not a plain 8/16/32/64/128-bit one.
    expect(codes((b) => b.struct('s', 8, [['a', b.int('odd', 4, { bits: 20 }), 0, 3]]))).toEqual([ErrorCode.BadBitfield]);
    // An enum bitfield past 32 bits in a 4-byte enum.
    expect(codes((b) => b.struct('s', 8, [['e', b.enum('e', 4, [['A', 1]]), 0, 40]]))).toEqual([ErrorCode.BadBitfield]);
    // A bitfield that runs past the end.
    expect(codes((b, { int }) => b.struct('s', 4, [['a', int, 0, 1], ['b', int, 30, 4]]))).toEqual([ErrorCode.MemberOutOfBounds]);
  });

  it('a member of a type without a size', () => {
    const { errors } = check((b) => {
      const { int } = base(b);
      b.struct('s', 8, [['f', b.fwd('opaque'), 0], ['a', int, 0]]);
    });
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.BadTypeRef]);
  });
});

describe('kernel rules: arrays, sizes, loops', () => {
  it('an array whose size overflows 32 bits, and a struct that holds it', () => {
    const { errors, invalid } = check((b) => {
      const { int } = base(b);
      const big = b.array(int, int, 0x4000_0001);
      b.struct('holder', 8, [['a', big, 0]]);
    });
    expect(errors.map((e) => [e.code, e.typeId])).toEqual([[ErrorCode.SizeOverflow, 3]]);
    // The holder is invalid too (it contains the bad array), without a second diagnostic.
    expect(invalid).toEqual([3, 4]);
  });

  it('an array of a multi-dimensional array that overflows only in total', () => {
    const { errors } = check((b) => {
      const { int } = base(b);
      b.array(b.array(int, int, 0x10000), int, 0x10000);
    });
    expect(errors.map((e) => [e.code, e.typeId])).toEqual([[ErrorCode.SizeOverflow, 4]]);
  });

  it('a struct that contains itself, directly and through an array, typedef and const', () => {
    const direct = check((b) => {
      const { int } = base(b);
      b.struct('self', 8, [['a', int, 0], ['me', 3, 32]]);
    });
    expect(direct.errors.map((e) => [e.code, e.typeId])).toEqual([[ErrorCode.ContainsItself, 3]]);
    const indirect = check((b) => {
      const { int } = base(b);
      // [3] struct a { [4] arr } ; [4] array of [5] ; [5] typedef -> [6] const -> [7] struct b { a }
      b.struct('a', 64, [['x', 4, 0]]);
      b.array(5, int, 2);
      b.typedef('b_t', 6);
      b.const(7);
      b.struct('b', 16, [['back', 3, 0]]);
    });
    expect(indirect.errors.map((e) => e.code)).toEqual([ErrorCode.ContainsItself]);
    expect(indirect.invalid).toEqual([3, 4, 5, 6, 7]);
  });

  it('a struct that points to itself is fine', () => {
    const { errors } = check((b) => {
      const { int } = base(b);
      b.struct('node', 16, [['v', int, 0], ['next', b.ptr(4), 64]]);
    });
    expect(errors).toEqual([]);
  });

  it('a loop of pointers and modifiers (the kernel resolves pointers too)', () => {
    const { errors } = check((b) => {
      base(b);
      b.ptr(4); // [3] -> [4]
      b.const(3); // [4] -> [3]
    });
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.ReferenceCycle]);
  });

  it('enum, float and int sizes', () => {
    const codes = (f: (b: BtfBuilder) => void) => check(f).errors.map((e) => e.code);
    expect(codes((b) => b.enum('e', 3, [['A', 1]]))).toEqual([ErrorCode.BadTypeSize]);
    expect(codes((b) => b.enum('e', 0, []))).toEqual([ErrorCode.BadTypeSize]);
    expect(codes((b) => b.enum64('e', 16, [['A', 1n]]))).toEqual([ErrorCode.BadTypeSize]);
    expect(codes((b) => b.enum('e', 1, [['A', 1]]))).toEqual([]);
    expect(codes((b) => b.float('f', 6))).toEqual([ErrorCode.BadTypeSize]);
    expect(codes((b) => b.int('i', 2, { bits: 32 }))).toEqual([ErrorCode.BadTypeSize]);
    expect(codes((b) => b.int('i', 16, { bits: 128 }))).toEqual([]);
    expect(codes((b) => b.int('i', 16, { bits: 129 }))).toEqual([ErrorCode.BadTypeSize]);
  });

  it('a typedef of a VAR and a FUNC of a non-prototype', () => {
    const codes = (f: (b: BtfBuilder, t: ReturnType<typeof base>) => void) => check((b) => f(b, base(b))).errors.map((e) => e.code);
    expect(codes((b, { int }) => b.typedef('t', b.var('v', int)))).toEqual([ErrorCode.BadTypeRef]);
    expect(codes((b, { int }) => b.func('f', int))).toEqual([ErrorCode.BadTypeRef]);
  });

  it('a DATASEC entry past its section; a size of 0 is left for libbpf to fill in', () => {
    const codes = (f: (b: BtfBuilder, t: ReturnType<typeof base>) => void) => check((b) => f(b, base(b))).errors.map((e) => e.code);
    expect(codes((b, { int }) => b.datasec('.data', 4, [[b.var('v', int), 2, 4]]))).toEqual([ErrorCode.MemberOutOfBounds]);
    expect(codes((b, { int }) => b.datasec('.data', 0, [[b.var('v', int), 0, 4]]))).toEqual([]);
  });

  it('is the same in both byte orders', () => {
    const build = (b: BtfBuilder) => {
      const { int } = base(b);
      b.struct('bad', 8, [['x', int, 4096]]);
    };
    const le = check(build);
    const be = check(build, true);
    expect(be.errors.map((e) => [e.code, e.typeId, e.offset])).toEqual(le.errors.map((e) => [e.code, e.typeId, e.offset]));
  });

  it('a module type holding an invalid base type is invalid too', () => {
    const b = new BtfBuilder();
    const { int } = base(b);
    b.struct('bad', 4, [['x', int, 64]]);
    const baseBtf = parseBtf(b.build()).value!;
    const m = new BtfBuilder(baseBtf);
    m.struct('mod', 8, [['inner', 3, 0]]);
    const r = parseBtf(m.build(), { base: baseBtf });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(invalidTypeProblem(r.value!, 4)?.message).toContain('contains invalid type [3]');
  });
});

describe('kernel rules under a layout section', () => {
  it('checks the records of known kinds whatever sizes a layout section claims for them (fuzz: layout/output-past-bound)', () => {
    // The parse reads known kinds with their own sizes; the rules once skipped such kinds, so a
    // struct with a member 51 KB past its 8-byte end went through and its layout ran to 500 KB.
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('bad', 8, [['x', int, 0], ['far', int, 411136]]);
    b.struct('holds_bad', 8, [['b', 2, 0]]);
    const layout = Array.from({ length: 20 }, (_, k) => ({ infoSize: k === 1 || k === 14 || k === 17 ? 4 : k === 3 ? 12 : 0, elemSize: [4, 5, 15, 19].includes(k) ? 12 : k === 6 || k === 13 ? 8 : 0 }));
    layout[4] = { infoSize: 0, elemSize: 0 };
    const r = parseBtf(b.build({ layout }));
    const btf = r.value!;
    expect(r.diagnostics.some((d) => d.code === ErrorCode.BadHeader && /STRUCT info_sz=0 elem_sz=0/.test(d.message))).toBe(true);
    expect(invalidTypeProblem(btf, 2)).toMatchObject({ code: ErrorCode.MemberOutOfBounds, message: expect.stringContaining("member #1 'far' is at bit offset 411136") });
    expect(invalidTypeIds(btf)).toEqual([2, 3]);
  });
});
