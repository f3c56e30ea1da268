import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { ErrorCode } from '../diagnostics';
import { computeStructLayout } from './struct-layout';

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
