/**
 * Cyclic BTF in layouts (found by fuzzing): an anonymous struct with pointers back to itself,
 * which C cannot write but BTF can, is expanded once, not again at every level.
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { formatPaholeLayout } from './pahole-format';
import { computeStructLayout } from './struct-layout';

function selfPointing(members: number): { bytes: Uint8Array; id: number } {
  const b = new BtfBuilder();
  // The anonymous struct is id 1 and its pointer id 2, so the struct can refer ahead to it.
  const id = b.struct('', 8 * members, Array.from({ length: members }, (_, i) => [`p${i}`, 2, 64 * i] as [string, number, number]));
  b.ptr(id);
  return { bytes: b.build(), id };
}

describe('layout of cyclic anonymous structs', () => {
  it('shows a pointer back to the struct being expanded without expanding it again', () => {
    const { bytes, id } = selfPointing(1);
    const l = computeStructLayout(parseBtf(bytes).value!, id);
    const text = formatPaholeLayout(l.value!);
    // Expanded 64 levels deep before the fix.
    expect(text.split('\n').length).toBeLessThan(30);
    expect(text).toContain('*');
  });

  it('two such members stay small (2^64 expansions before the fix)', () => {
    const { bytes, id } = selfPointing(2);
    const started = performance.now();
    const text = formatPaholeLayout(computeStructLayout(parseBtf(bytes).value!, id).value!);
    expect(text.length).toBeLessThan(4000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
