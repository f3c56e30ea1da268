/**
 * Malformed (cyclic) BTF must give diagnostics, never an exception or a hang, from the C dump,
 * formatCType and the layout engine. libbpf and pahole themselves recurse forever on these.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { formatCHeader, formatCType } from '../c-dump/c-header';
import { formatPaholeLayout } from './pahole-format';
import { computeStructLayout } from './struct-layout';

function cyclicBtf(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  b.ptr(3); // [2] -> [3]
  b.ptr(2); // [3] -> [2]
  b.typedef('a', 5); // [4] -> [5]
  b.typedef('b', 4); // [5] -> [4]
  b.struct('', 8, [['x', 7, 0]]); // [6] holds an array of itself
  b.array(6, int, 1); // [7]
  b.struct('self', 4, [['s', 8, 0]]); // [8] holds itself
  b.struct('user', 64, [['p', 2, 0], ['t', 4, 64], ['an', 6, 128], ['me', 8, 192], ['bad', 999, 256]]);
  return b.build();
}

describe('cyclic and dangling references', () => {
  const btf = parseBtf(cyclicBtf(), { validate: false }).value!;

  it('the C dump stops with an error diagnostic, as bpftool stops', () => {
    const r = formatCHeader(btf);
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.code === 'c-dump-failed')).toBe(true);
    expect(r.value.startsWith('#ifndef __VMLINUX_H__')).toBe(true);
  });

  it('formatCType and layouts answer for every id', () => {
    for (let id = 0; id < btf.typeCount + 2; id++) {
      expect(() => formatCType(btf, id)).not.toThrow();
      const l = computeStructLayout(btf, id);
      if (l.value) expect(() => formatPaholeLayout(l.value!)).not.toThrow();
    }
  });
});
