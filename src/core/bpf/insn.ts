/**
 * eBPF instructions: decoding and encoding of the 8-byte `struct bpf_insn`.
 *
 * Spec: kernel Documentation/bpf/standardization/instruction-set.rst and
 * include/uapi/linux/bpf_common.h + bpf.h (opcode bits). One slot is 8 bytes:
 * `code` (u8), a register byte, `off` (s16) and `imm` (s32). The register byte is a pair of
 * 4-bit bitfields `dst_reg:4, src_reg:4`, so its nibble order follows the object's byte
 * order: dst is the low nibble on little-endian, the high nibble on big-endian. `off` and
 * `imm` are stored in the object's byte order too. `ld_imm64` takes two slots; the second
 * carries the upper 32 bits of the immediate in its `imm`.
 */

/** Instruction classes (BPF_CLASS(code) = code & 0x07). */
export const BpfClass = {
  Ld: 0x00, // BPF_LD
  Ldx: 0x01, // BPF_LDX
  St: 0x02, // BPF_ST
  Stx: 0x03, // BPF_STX
  Alu: 0x04, // BPF_ALU (32-bit)
  Jmp: 0x05, // BPF_JMP
  Jmp32: 0x06, // BPF_JMP32
  Alu64: 0x07, // BPF_ALU64
} as const;

/** Load/store size field (BPF_SIZE(code) = code & 0x18). */
export const BpfSize = { W: 0x00, H: 0x08, B: 0x10, DW: 0x18 } as const;

/** Load/store mode field (BPF_MODE(code) = code & 0xe0). */
export const BpfMode = { Imm: 0x00, Abs: 0x20, Ind: 0x40, Mem: 0x60, Atomic: 0xc0 } as const;

/** BPF_SRC(code) = code & 0x08: immediate (K) or register (X) operand. */
export const BPF_K = 0x00;
export const BPF_X = 0x08;

/** `BPF_LD | BPF_IMM | BPF_DW`: the two-slot 64-bit immediate load. */
export const LD_IMM64_CODE = 0x18;
/** `BPF_JMP | BPF_CALL`. */
export const CALL_CODE = 0x85;

/** One decoded instruction slot. `imm` and `off` are signed, as in the kernel struct. */
export interface BpfInsn {
  code: number;
  dstReg: number;
  srcReg: number;
  off: number;
  imm: number;
}

export const INSN_BYTES = 8;

export function insnClass(code: number): number {
  return code & 0x07;
}
export function insnSize(code: number): number {
  return code & 0x18;
}
export function insnMode(code: number): number {
  return code & 0xe0;
}
export function insnSrc(code: number): number {
  return code & 0x08;
}
export function insnOp(code: number): number {
  return code & 0xf0;
}

export function isLdImm64(insn: BpfInsn): boolean {
  return insn.code === LD_IMM64_CODE;
}

/** Bytes accessed by a load/store of size field `size` (BPF_W/H/B/DW). */
export function sizeFieldToBytes(size: number): number {
  switch (size) {
    case BpfSize.DW:
      return 8;
    case BpfSize.W:
      return 4;
    case BpfSize.H:
      return 2;
    default:
      return 1;
  }
}

/** The BPF_SIZE field for an access of `bytes` bytes, or -1 if there is none. */
export function bytesToSizeField(bytes: number): number {
  switch (bytes) {
    case 8:
      return BpfSize.DW;
    case 4:
      return BpfSize.W;
    case 2:
      return BpfSize.H;
    case 1:
      return BpfSize.B;
    default:
      return -1;
  }
}

/** Decodes the slot at byte `offset` of `bytes`. The caller checks bounds. */
export function decodeInsn(bytes: Uint8Array, offset: number, littleEndian: boolean): BpfInsn {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, INSN_BYTES);
  const regs = dv.getUint8(1);
  return {
    code: dv.getUint8(0),
    dstReg: littleEndian ? regs & 0x0f : regs >>> 4,
    srcReg: littleEndian ? regs >>> 4 : regs & 0x0f,
    off: dv.getInt16(2, littleEndian),
    imm: dv.getInt32(4, littleEndian),
  };
}

/** Writes one slot at byte `offset` of `bytes` in the given byte order. */
export function encodeInsn(insn: BpfInsn, bytes: Uint8Array, offset: number, littleEndian: boolean): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, INSN_BYTES);
  dv.setUint8(0, insn.code & 0xff);
  const dst = insn.dstReg & 0x0f;
  const src = insn.srcReg & 0x0f;
  dv.setUint8(1, littleEndian ? (src << 4) | dst : (dst << 4) | src);
  dv.setInt16(2, insn.off << 16 >> 16, littleEndian);
  dv.setInt32(4, insn.imm | 0, littleEndian);
}

/** Decodes every slot of an instruction stream (length must be a multiple of 8). */
export function decodeInsns(bytes: Uint8Array, littleEndian: boolean): BpfInsn[] {
  const n = Math.floor(bytes.length / INSN_BYTES);
  const out = new Array<BpfInsn>(n);
  for (let i = 0; i < n; i++) out[i] = decodeInsn(bytes, i * INSN_BYTES, littleEndian);
  return out;
}

/** Encodes slots back into bytes. */
export function encodeInsns(insns: readonly BpfInsn[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(insns.length * INSN_BYTES);
  insns.forEach((insn, i) => encodeInsn(insn, out, i * INSN_BYTES, littleEndian));
  return out;
}

/** The 64-bit immediate of an ld_imm64 pair, as an unsigned bigint. */
export function ldImm64Value(lo: BpfInsn, hi: BpfInsn | undefined): bigint {
  const low = BigInt(lo.imm >>> 0);
  const high = BigInt((hi?.imm ?? 0) >>> 0);
  return (high << 32n) | low;
}

/** Hex of the 8 raw bytes of a slot, as the libbpf oracle prints them (byte order as stored). */
export function insnHex(bytes: Uint8Array, offset: number): string {
  let s = '';
  for (let i = 0; i < INSN_BYTES; i++) s += (bytes[offset + i] ?? 0).toString(16).padStart(2, '0');
  return s;
}
