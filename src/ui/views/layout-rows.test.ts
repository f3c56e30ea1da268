import { describe, expect, it } from 'vitest';
import { parseBtf } from '../../core/btf/parse-btf';
import { computeStructLayout } from '../../core/layout/struct-layout';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { byteBlocks, layoutRows, typeKeyOfTypeName } from './layout-rows';

function layoutOf(build: (b: BtfBuilder) => number) {
  const b = new BtfBuilder();
  const id = build(b);
  const btf = parseBtf(b.build()).value!;
  return computeStructLayout(btf, id).value!;
}

describe('layout rows', () => {
  it('puts holes after the members that leave them and padding at the end', () => {
    // struct s { char c; /* 3-byte hole */ int i; char tail; /* 3 bytes padding */ };
    const l = layoutOf((b) => {
      const ch = b.int('char', 1, { char: true, signed: true });
      const int = b.int('int', 4, { signed: true });
      return b.struct('s', 12, [
        ['c', ch, 0],
        ['i', int, 32],
        ['tail', ch, 64],
      ]);
    });
    const rows = layoutRows(l).map((r) => (r.kind === 'member' ? `${r.m.name}@${r.m.absByteOffset}` : r.kind === 'bit-hole' ? `bits${r.bits}` : r.kind === 'cacheline' ? 'line' : `${r.kind}@${r.byteOffset}+${r.byteSize}`));
    expect(rows).toEqual(['c@0', 'hole@1+3', 'i@4', 'tail@8', 'padding@9+3']);
    const blocks = byteBlocks(l);
    expect(blocks.filter((b) => b.kind === 'hole')).toMatchObject([{ start: 1, length: 3 }]);
    expect(blocks.filter((b) => b.kind === 'padding')).toMatchObject([{ start: 9, length: 3 }]);
  });

  it('marks cacheline boundaries and places bitfields to the bit', () => {
    const l = layoutOf((b) => {
      const u32 = b.int('unsigned int', 4);
      const big = b.array(u32, u32, 20);
      return b.struct('t', 88, [
        ['a', big, 0],
        ['x', u32, 640, 3],
        ['y', u32, 643, 5],
        ['z', u32, 672],
      ]);
    });
    const rows = layoutRows(l);
    expect(rows.some((r) => r.kind === 'cacheline' && r.line === 1)).toBe(true);
    const y = byteBlocks(l).find((b) => b.label === 'y')!;
    expect(y.start).toBeCloseTo(80 + 3 / 8);
    expect(y.length).toBeCloseTo(5 / 8);
  });

  it('turns member types into type keys', () => {
    expect(typeKeyOfTypeName('struct list_head *')).toBe('struct:list_head');
    expect(typeKeyOfTypeName('const struct cred *')).toBe('struct:cred');
    expect(typeKeyOfTypeName('atomic_t')).toBe('atomic_t');
    expect(typeKeyOfTypeName('unsigned int')).toBeUndefined();
    expect(typeKeyOfTypeName('char[16]')).toBeUndefined();
  });
});
