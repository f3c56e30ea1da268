/** Synthetic BTF used by tests and recorded against bpftool by scripts/record-golden.sh. */
import { BtfBuilder } from './btf-builder';

/** One of every kind, as the kernel's btf.rst describes them. */
export function everyKind(b = new BtfBuilder()) {
  const int = b.int('int', 4, { signed: true });
  const uchar = b.int('unsigned char', 1, { char: true });
  const bool = b.int('_Bool', 1, { bool: true });
  const ptr = b.ptr(int);
  const arr = b.array(uchar, int, 16);
  const s = b.struct('s', 32, [
    ['a', int, 0],
    ['flag', bool, 32, 1],
    ['bits', int, 33, 7],
    ['p', ptr, 64],
    ['name', arr, 128],
  ]);
  b.union('u', 4, [
    ['i', int, 0],
    ['c', uchar, 0],
  ]);
  b.enum('e', 4, [['NEG', -1], ['POS', 7]], true);
  b.enum('ue', 4, [['BIG', 0xffffffff]]);
  b.enum64('e64', 8, [['HUGE', 0xffff_ffff_ffffn], ['MINUS', -2n]], true);
  b.fwd('fwd_struct');
  b.fwd('fwd_union', true);
  const td = b.typedef('s_t', s);
  b.volatile(int);
  const c = b.const(td);
  b.restrict(ptr);
  const proto = b.funcProto(int, [['x', c], ['', 0]]);
  b.func('f', proto, 1);
  const v = b.var('global_var', int, 1);
  b.datasec('.data', 4, [[v, 0, 4]]);
  b.float('double', 8);
  b.declTag('tag', s, 1);
  b.typeTag('user', ptr);
  return b;
}

