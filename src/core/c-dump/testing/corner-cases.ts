/**
 * A small BTF blob exercising the corners of libbpf's BTF-to-C converter; the expected text
 * in ../c-header.test.ts was produced by `bpftool btf dump file <blob> format c` (7.1).
 */
import { BtfBuilder } from '../../../test-utils/btf-builder';

export function cornerCasesBtf(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const uint = b.int('unsigned int', 4);
  const char = b.int('char', 1, { signed: true, char: true });
  const long = b.int('long int', 8, { signed: true });
  const u8 = b.int('unsigned char', 1);
  const short = b.int('short int', 2, { signed: true });
  const dbl = b.float('double', 8);

  // packed: a long at offset 1
  b.struct('packed_s', 9, [['c', char, 0], ['l', long, 8]]);
  // size not a multiple of alignment -> packed
  b.struct('odd_tail', 5, [['i', int, 0], ['c', char, 32]]);
  // bitfields with gaps and explicit padding, trailing padding
  b.struct('bits', 24, [
    ['a', uint, 0, 3],
    ['b', uint, 5, 4],
    ['c', uint, 40, 2],
    ['d', char, 64],
    ['e', long, 128],
  ]);
  b.struct('gap', 64, [['x', int, 0], ['y', long, 256]]);
  // anonymous union and struct inline, anonymous enum member
  const anonEnum = b.enum('', 4, [['AE_ONE', 1], ['AE_TWO', 2]]);
  const anonS = b.struct('', 8, [['p', int, 0], ['q', int, 32]]);
  const anonU = b.union('', 8, [['s', anonS, 0], ['raw', long, 0]]);
  b.struct('with_anon', 16, [['u', anonU, 0], ['kind', anonEnum, 64]]);
  // top-level anonymous enum (global constants)
  b.enum('', 4, [['GLOBAL_A', 0], ['GLOBAL_B', -1 >>> 0]], true);
  // duplicate names
  b.struct('dup', 4, [['a', int, 0]]);
  b.struct('dup', 8, [['b', long, 0]]);
  b.enum('e1', 4, [['SAME', 1]]);
  b.enum('e2', 4, [['SAME', 2]]);
  b.typedef('SAME', int);
  // function pointers
  const cptr = b.ptr(b.const(char));
  const noargs = b.funcProto(int, []);
  const voidarg = b.funcProto(int, [['', 0]]);
  const varargs = b.funcProto(int, [['fmt', cptr], ['', 0]]);
  const fp = b.ptr(varargs);
  const retfp = b.funcProto(fp, [['x', int]]);
  b.struct('fns', 40, [
    ['f0', b.ptr(noargs), 0],
    ['f1', b.ptr(voidarg), 64],
    ['f2', b.array(fp, int, 2), 128],
    ['f3', b.ptr(retfp), 256],
  ]);
  // qualifiers
  const cvp = b.volatile(b.const(b.ptr(b.const(char))));
  b.struct('quals', 16, [['p', cvp, 0], ['r', b.restrict(b.ptr(int)), 64]]);
  // cycle: a -> ptr b, b embeds a
  const fwdB = b.fwd('cyc_b');
  const structA = b.struct('cyc_a', 8, [['b', b.ptr(fwdB), 0]]);
  b.struct('cyc_b', 8, [['a', structA, 0]]);
  const selfRef = b.struct('self', 16, []);
  void selfRef;
  // typedef of anonymous struct, typedef of ptr to named struct
  b.typedef('anon_t', b.struct('', 4, [['v', int, 0]]));
  // enums: 64-bit, 1 byte, 8 bytes
  b.enum64('big', 8, [['BIG_A', 1n], ['BIG_B', 1n << 40n]]);
  b.enum64('sbig', 8, [['SBIG_NEG', -5n]], true);
  b.enum('small', 1, [['SMALL_A', 1]]);
  b.enum('wide', 8, [['WIDE_A', 1]]);
  b.enum('empty_enum', 4, []);
  // empty struct/union, padding-only struct
  b.struct('empty', 0, []);
  b.union('empty_u', 0, []);
  b.struct('pad_only', 8, []);
  b.struct('holds_empty', 4, [['e', b.struct('', 0, []), 0], ['x', int, 0]]);
  // va_list quirks
  b.typedef('__builtin_va_list', b.ptr(char));
  b.typedef('__gnuc_va_list', 0);
  // float, type tag, arrays
  const tagged = b.ptr(b.typeTag('user', int));
  const arr2 = b.array(b.array(short, int, 3), int, 2);
  const ptrToArr = b.ptr(b.array(int, int, 4));
  b.struct('misc', 64, [
    ['d', dbl, 0],
    ['t', tagged, 64],
    ['m', arr2, 128],
    ['pa', ptrToArr, 256],
    ['flex', b.array(u8, int, 0), 320],
  ]);
  // a function and a variable (not printed by the C dump)
  b.func('do_it', b.funcProto(int, [['a', int], ['b', b.ptr(int)]]));
  b.var('global_counter', long);
  return b.build();
}
