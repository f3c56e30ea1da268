import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from './bpf-object';
import { disassemble } from './disasm';
import { type BpfInsn, decodeInsn, decodeInsns, encodeInsn, encodeInsns, ldImm64Value } from './insn';

const SAMPLES: BpfInsn[] = [
  { code: 0x79, dstReg: 3, srcReg: 10, off: -24, imm: 0 },
  { code: 0xb7, dstReg: 1, srcReg: 0, off: 0, imm: 2420 },
  { code: 0x85, dstReg: 0, srcReg: 1, off: 0, imm: -1 },
  { code: 0x18, dstReg: 1, srcReg: 2, off: 0, imm: 0x7fffffff },
];

describe('bpf_insn encoding', () => {
  it('puts dst in the low nibble on little-endian and the high nibble on big-endian', () => {
    const le = new Uint8Array(8);
    const be = new Uint8Array(8);
    encodeInsn(SAMPLES[0]!, le, 0, true);
    encodeInsn(SAMPLES[0]!, be, 0, false);
    expect([...le]).toEqual([0x79, 0xa3, 0xe8, 0xff, 0, 0, 0, 0]);
    expect([...be]).toEqual([0x79, 0x3a, 0xff, 0xe8, 0, 0, 0, 0]);
  });

  it('round-trips in both byte orders', () => {
    for (const le of [true, false]) expect(decodeInsns(encodeInsns(SAMPLES, le), le)).toEqual(SAMPLES);
  });

  it('joins the two halves of an ld_imm64 as an unsigned 64-bit value', () => {
    const lo: BpfInsn = { code: 0x18, dstReg: 1, srcReg: 0, off: 0, imm: -1 };
    const hi: BpfInsn = { code: 0, dstReg: 0, srcReg: 0, off: 0, imm: 1 };
    expect(ldImm64Value(lo, hi)).toBe(0x1ffffffffn);
  });

  it('decodes a big-endian object to the same kind of program text as its little-endian twin', () => {
    const texts = ['el', 'eb'].map((e) => {
      const obj = parseBpfObject(readFixture(`objects/execsnoop-${e}.bpf.o`)).value!;
      const prog = obj.programs[0]!;
      return disassemble(decodeInsns(prog.bytes, obj.littleEndian)).map((l) => l.text);
    });
    // clang schedules bpfeb code slightly differently; the vocabulary must be the same.
    const calls = (t: string[]) => t.filter((x) => x.startsWith('call')).sort();
    expect(calls(texts[1]!)).toEqual(calls(texts[0]!));
    expect(texts[1]!.filter((t) => t === '<unknown>')).toEqual([]);
    expect(decodeInsn(new Uint8Array([0x61, 0x12, 0, 4, 0, 0, 0, 0]), 0, false)).toEqual({ code: 0x61, dstReg: 1, srcReg: 2, off: 4, imm: 0 });
  });
});
