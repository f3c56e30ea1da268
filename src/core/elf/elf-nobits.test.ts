/**
 * Found by fuzzing: a section name table of type NOBITS, whose claimed size no file holds,
 * made the name reader walk past the end of the bytes for as long as the header said.
 */
import { describe, expect, it } from 'vitest';
import { readCString } from '../bytes/byte-reader';
import { ErrorCode } from '../diagnostics';
import { parseElf } from './elf-file';

/** An ELF64 LE relocatable with a null section and a NOBITS .shstrtab of `size` bytes. */
function elfWithNobitsNames(size: bigint): Uint8Array {
  const shoff = 64;
  const b = new Uint8Array(shoff + 2 * 64);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 1, true); // ET_REL
  dv.setUint16(18, 247, true); // EM_BPF
  dv.setBigUint64(0x28, BigInt(shoff), true);
  dv.setUint16(0x34, 64, true);
  dv.setUint16(0x3a, 64, true);
  dv.setUint16(0x3c, 2, true);
  dv.setUint16(0x3e, 1, true);
  const sh = shoff + 64;
  dv.setUint32(sh, 1, true); // a name at offset 1: past the file once read from offset 0
  dv.setUint32(sh + 4, 8, true); // SHT_NOBITS
  dv.setBigUint64(sh + 0x18, 0n, true);
  dv.setBigUint64(sh + 0x20, size, true);
  return b;
}

describe('ELF section names', () => {
  it('a NOBITS name table holds no names, whatever size it claims', () => {
    const started = performance.now();
    const r = parseElf(elfWithNobitsNames(1n << 31n));
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.value!.sections.map((s) => s.name)).toEqual(['', '']);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: ErrorCode.BadElf, message: expect.stringMatching(/section name table \(index 1\) is missing or out of bounds/) }));
  });

  it('readCString stops at the end of the bytes whatever end it is given', () => {
    const bytes = new Uint8Array([0x61, 0x62, 0x63]);
    const started = performance.now();
    expect(readCString(bytes, 0, 2 ** 31)).toBe('abc');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
