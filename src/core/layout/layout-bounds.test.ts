/**
 * A layout's text is bounded by its file (issue #12; fuzz finding layout/output-past-bound):
 * inline expansion of anonymous types stops at expansionLimit with an `absurd-count` warning
 * and a `struct {...}` in place of the rest, while real kernels are laid out in full.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { ErrorCode } from '../diagnostics';
import { parseBtf } from '../btf/parse-btf';
import { expansionLimit } from './layout-build';
import { formatPaholeLayout } from './pahole-format';
import { computeStructLayout } from './struct-layout';

/** What the layout fuzz target allows one layout of a file of `n` bytes. */
const bound = (n: number) => 128 * n + (1 << 16);

function layoutOf(bytes: Uint8Array, id: number) {
  const r = computeStructLayout(parseBtf(bytes).value!, id);
  return { text: formatPaholeLayout(r.value!), diagnostics: r.diagnostics };
}

describe('layout text bounded by the input', () => {
  it('anonymous structs used 4 times in ones used 4 times, 7 levels: 16k members from 1 KB before the limit', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    let t = int;
    let size = 4;
    for (let level = 0; level < 7; level++) {
      t = b.struct('', size * 4, Array.from({ length: 4 }, (_, i) => [`m${i}`, t, i * size * 8] as [string, number, number]));
      size *= 4;
    }
    const top = b.struct('top', size, [['all', t, 0]]);
    const bytes = b.build();
    const { text, diagnostics } = layoutOf(bytes, top);
    expect(text.length).toBeLessThan(bound(bytes.length));
    expect(text).toContain('struct {...}');
    const limit = expansionLimit(parseBtf(bytes).value!);
    expect(limit).toBe(64 + Math.floor(bytes.length / 12));
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: ErrorCode.AbsurdCount, typeId: top, message: expect.stringContaining(`expands to more than ${limit} members`) }),
    ]);
  });

  it('a long member name repeated by expansion counts against the limit too', () => {
    // 500 members named by one 6,000-character string, under the member count alone: 3 MB.
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    const long = 'n'.repeat(6000);
    const anon = b.struct('', 80, Array.from({ length: 20 }, (_, i) => [long, int, i * 32] as [string, number, number]));
    const top = b.struct('top', 25 * 80, Array.from({ length: 25 }, (_, i) => [`a${i}`, anon, i * 640] as [string, number, number]));
    const bytes = b.build();
    expect(25 + 25 * 20).toBeLessThan(expansionLimit(parseBtf(bytes).value!));
    const { text, diagnostics } = layoutOf(bytes, top);
    expect(text.length).toBeLessThan(bound(bytes.length));
    expect(diagnostics.map((d) => d.code)).toEqual([ErrorCode.AbsurdCount]);
  });

  it('an anonymous struct written once is laid out in full, however many members it has', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    const inner = b.struct('', 4000, Array.from({ length: 1000 }, (_, i) => [`f${i}`, int, i * 32] as [string, number, number]));
    const top = b.struct('top', 4004, [['x', int, 0], ['', inner, 32]]);
    const { text, diagnostics } = layoutOf(b.build(), top);
    expect(diagnostics).toEqual([]);
    expect(text).toMatch(/\n\t\tint +f999; +\/\* +4000 +4 \*\/\n/);
    expect(text).not.toContain('{...}');
  });
});
