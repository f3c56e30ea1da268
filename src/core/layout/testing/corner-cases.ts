/**
 * A small BTF blob with the layout corners pahole handles specially; the expected text
 * (corner-cases.pahole.txt) was produced by `pahole -F btf -a -A <blob>` (1.24).
 */
import { BtfBuilder } from '../../../test-utils/btf-builder';

export function layoutCornerCasesBtf(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const uint = b.int('unsigned int', 4);
  const char = b.int('char', 1, { signed: true, char: true });
  const u8 = b.int('unsigned char', 1);
  const u16 = b.int('short unsigned int', 2);
  const long = b.int('long int', 8, { signed: true });
  const ulong = b.int('long unsigned int', 8);
  const bool = b.int('_Bool', 1, { bool: true });
  const flt = b.float('float', 4);
  const cchar = b.const(char);

  // holes, bit holes, bit padding, tail padding
  b.struct('holes', 40, [
    ['a', char, 0],
    ['b', long, 64],
    ['f1', uint, 128, 3],
    ['f2', uint, 136, 5],
    ['c', u16, 160],
    ['d', ulong, 192],
    ['e', u8, 256],
    ['g', u8, 264, 2],
  ]);
  // a u8 bitfield that starts inside an earlier unit (pahole re-bases it), bool bitfields
  b.struct('rebase', 4, [['x', u16, 0, 12], ['y', u8, 12, 6], ['z', bool, 18, 1]]);
  // forced alignment: a member on the next cacheline after a small one; aligned type
  const aligned = b.struct('aligned_cl', 128, [['v', long, 0], ['w', int, 512]]);
  b.struct('has_aligned', 192, [['p', int, 0], ['q', aligned, 512]]);
  // empty struct of size 1 counts as 0 bytes
  const empty1 = b.struct('empty1', 1, []);
  b.struct('uses_empty', 8, [['e', empty1, 0], ['i', int, 32]]);
  // a union whose size is not a multiple of a member struct's alignment marks it packed
  const oddS = b.struct('odd_s', 6, [['a', u16, 0], ['b', u16, 16], ['c', u16, 32]]);
  const needs4 = b.struct('needs4', 4, [['x', int, 0]]);
  const oddU = b.union('odd_u', 6, [['s', oddS, 0], ['n', needs4, 0]]);
  // ... and marks a struct defined after it (ids: odd_u2 = odd_u + 1, later = odd_u + 2),
  // which a full run then prints as packed but `pahole -C later` does not.
  b.union('odd_u2', 6, [['s', oddS, 0], ['l', oddU + 2, 0]]);
  b.struct('later', 4, [['x', int, 0]]);
  // pointer to an anonymous struct, const anonymous struct, anonymous union and enum
  const anonInner = b.struct('', 16, [['lo', long, 0], ['hi', long, 64]]);
  const anonUnion = b.union('', 8, [['i', int, 0], ['l', long, 0]]);
  const anonEnum = b.enum('', 4, [['E_A', 0], ['E_B', 7]]);
  const anonConst = b.const(b.struct('', 8, [['m', int, 0], ['n', int, 32]]));
  b.struct('nesting', 48, [
    ['ptr', b.ptr(anonInner), 0],
    ['', anonUnion, 64],
    ['k', anonEnum, 128, 3],
    ['', anonConst, 192],
    ['tail', b.array(b.struct('', 4, [['t', int, 0]]), int, 2), 256],
  ]);
  // arrays: 2-D, flexible, of pointers; qualifiers; function pointers
  const fp = b.ptr(b.funcProto(int, [['', b.ptr(cchar)], ['', 0]]));
  const fp0 = b.ptr(b.funcProto(0, []));
  b.struct('arrays', 64, [
    ['m', b.array(b.array(u16, int, 3), int, 2), 0],
    ['pp', b.ptr(b.ptr(char)), 128],
    ['cp', b.ptr(b.const(b.ptr(char))), 192],
    ['s', b.ptr(cchar), 256],
    ['f', fp, 320],
    ['f0', fp0, 384],
    ['fl', flt, 448],
    ['flex', b.array(int, int, 0), 480],
  ]);
  // typedef of an anonymous struct, and a named duplicate printed once
  b.typedef('pair_t', b.struct('', 8, [['a', int, 0], ['b', int, 32]]));
  b.struct('dup', 4, [['a', int, 0]]);
  b.struct('dup', 4, [['a', int, 0]]);
  b.struct('dup', 8, [['b', long, 0]]);
  return b.build();
}
