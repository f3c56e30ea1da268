import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { ErrorCode } from '../diagnostics';
import { computeStructLayout } from './struct-layout';
import { formatPaholeLayout } from './pahole-format';

describe('layout of a type the kernel would refuse', () => {
  it('is a diagnostic with the type id and offset, not numbers (issue #12: __aligned__(536870912))', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    const bad = b.struct('bad', 8, [['x', int, 0x7fff_fff8]]);
    const fine = b.struct('fine', 8, [['a', int, 0], ['y', bad, 0]]);
    const ok = b.struct('ok', 4, [['a', int, 0]]);
    const btf = parseBtf(b.build()).value!;
    const r = computeStructLayout(btf, bad);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: ErrorCode.MemberOutOfBounds, typeId: bad, offset: expect.any(Number), message: expect.stringContaining('no layout for an invalid type') }),
    ]);
    // A struct holding it by value is refused too; the others still lay out.
    expect(computeStructLayout(btf, fine).diagnostics[0]).toMatchObject({ typeId: fine, message: expect.stringContaining(`contains invalid type [${bad}]`) });
    expect(computeStructLayout(btf, ok).value).toBeDefined();
  });
});

describe('layout of nested anonymous types that multiply', () => {
  const build = (f: (b: BtfBuilder, int: number) => number) => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    const top = f(b, int);
    return { btf: parseBtf(b.build()).value!, top };
  };

  it('an anonymous struct of two of the previous, 24 deep (16 million leaves from 1 KB), is cut', () => {
    const { btf, top } = build((b, int) => {
      let t = b.struct('', 4, [['v', int, 0]]);
      let size = 4;
      for (let k = 0; k < 24; k++) {
        t = b.struct(k === 23 ? 'top' : '', size * 2, [['a', t, 0], ['b', t, size * 8]]);
        size *= 2;
      }
      return t;
    });
    const t0 = performance.now();
    const r = computeStructLayout(btf, top);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.value).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: ErrorCode.AbsurdCount, typeId: top })]);
    expect(formatPaholeLayout(r.value!).length).toBeLessThan(20 << 20);
  });

  it('an anonymous struct whose members point to itself is cut, not expanded forever', () => {
    const { btf, top } = build((b) => {
      // [2] struct { [3] *a; [3] *b; }; [3] pointer to [2]; [4] struct top { [2] x; }
      b.struct('', 16, [['a', 3, 0], ['b', 3, 64]]);
      b.ptr(2);
      return b.struct('top', 16, [['x', 2, 0]]);
    });
    const t0 = performance.now();
    const r = computeStructLayout(btf, top);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.value).toBeDefined();
    expect(formatPaholeLayout(r.value!).length).toBeLessThan(20 << 20);
  });
});
