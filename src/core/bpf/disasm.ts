/**
 * A disassembler printing eBPF instructions the way `llvm-objdump -d` (LLVM 16+) does:
 * C-like assignments, hex immediates (`r1 += -0x8`), `w` registers for 32-bit ALU and
 * JMP32, `ll` after a 64-bit immediate. Forms LLVM 16 cannot print (JSET, ST imm, some
 * 32-bit atomics) are printed the way later LLVM versions do; invalid codes print
 * `<unknown>`, as llvm-objdump does.
 *
 * Spec: kernel Documentation/bpf/standardization/instruction-set.rst.
 */
import {
  BpfClass,
  BpfMode,
  BPF_X,
  type BpfInsn,
  insnClass,
  insnMode,
  insnOp,
  insnSize,
  insnSrc,
  LD_IMM64_CODE,
  ldImm64Value,
  sizeFieldToBytes,
} from './insn';

/** llvm's hex: `0x1f`, `-0x8`. */
export function hexImm(v: number | bigint): string {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  return b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`;
}

const ALU_OPS: Record<number, string> = {
  0x00: '+=',
  0x10: '-=',
  0x20: '*=',
  0x30: '/=',
  0x40: '|=',
  0x50: '&=',
  0x60: '<<=',
  0x70: '>>=',
  0x90: '%=',
  0xa0: '^=',
  0xb0: '=',
  0xc0: 's>>=',
};

const JMP_OPS: Record<number, string> = {
  0x10: '==',
  0x20: '>',
  0x30: '>=',
  0x40: '&',
  0x50: '!=',
  0x60: 's>',
  0x70: 's>=',
  0xa0: '<',
  0xb0: '<=',
  0xc0: 's<',
  0xd0: 's<=',
};

const ATOMIC_OPS: Record<number, string> = { 0x00: '+=', 0x40: '|=', 0x50: '&=', 0xa0: '^=' };
const ATOMIC_FETCH: Record<number, string> = { 0x01: 'add', 0x41: 'or', 0x51: 'and', 0xa1: 'xor' };

function memRef(reg: number, off: number): string {
  return off < 0 ? `(r${reg} - ${hexImm(-off)})` : `(r${reg} + ${hexImm(off)})`;
}

function jumpOff(off: number): string {
  return off < 0 ? `-${hexImm(-off)}` : `+${hexImm(off)}`;
}

/**
 * Text of one instruction. `next` is the following slot, needed for ld_imm64 (whose
 * 64-bit immediate spans both slots).
 */
export function formatInsn(insn: BpfInsn, next?: BpfInsn): string {
  const { code, dstReg: dst, srcReg: src, off, imm } = insn;
  const cls = insnClass(code);
  switch (cls) {
    case BpfClass.Alu:
    case BpfClass.Alu64:
      return formatAlu(insn, cls === BpfClass.Alu64 ? 'r' : 'w');
    case BpfClass.Jmp:
    case BpfClass.Jmp32: {
      const op = insnOp(code);
      const r = cls === BpfClass.Jmp ? 'r' : 'w';
      if (cls === BpfClass.Jmp) {
        if (code === 0x05) return `goto ${jumpOff(off)}`;
        if (code === 0x85) return `call ${hexImm(imm)}`;
        if (code === 0x8d) return `callx r${dst}`;
        if (code === 0x95) return 'exit';
      }
      const sym = JMP_OPS[op];
      if (!sym) return '<unknown>';
      const rhs = insnSrc(code) === BPF_X ? `${r}${src}` : hexImm(imm);
      return `if ${r}${dst} ${sym} ${rhs} goto ${jumpOff(off)}`;
    }
    case BpfClass.Ld: {
      if (code === LD_IMM64_CODE) {
        const v = BigInt.asIntN(64, ldImm64Value(insn, next));
        if (src === 0) return `r${dst} = ${hexImm(v)} ll`;
        return `ld_pseudo\tr${dst}, ${hexImm(src)}, ${hexImm(imm)}`;
      }
      const mode = insnMode(code);
      const sz = `u${sizeFieldToBytes(insnSize(code)) * 8}`;
      if (mode === BpfMode.Abs) return `r0 = *(${sz} *)skb[${hexImm(imm)}]`;
      if (mode === BpfMode.Ind) return `r0 = *(${sz} *)skb[r${src}]`;
      return '<unknown>';
    }
    case BpfClass.Ldx: {
      if (insnMode(code) !== BpfMode.Mem) return '<unknown>';
      return `r${dst} = *(u${sizeFieldToBytes(insnSize(code)) * 8} *)${memRef(src, off)}`;
    }
    case BpfClass.St: {
      if (insnMode(code) !== BpfMode.Mem) return '<unknown>';
      return `*(u${sizeFieldToBytes(insnSize(code)) * 8} *)${memRef(dst, off)} = ${hexImm(imm)}`;
    }
    default: {
      // BPF_STX
      const bits = sizeFieldToBytes(insnSize(code)) * 8;
      const mode = insnMode(code);
      if (mode === BpfMode.Mem) return `*(u${bits} *)${memRef(dst, off)} = r${src}`;
      if (mode !== BpfMode.Atomic || (bits !== 32 && bits !== 64)) return '<unknown>';
      return formatAtomic(dst, src, off, imm, bits);
    }
  }
}

function formatAlu(insn: BpfInsn, r: 'r' | 'w'): string {
  const { code, dstReg: dst, srcReg: src, imm } = insn;
  const op = insnOp(code);
  if (op === 0x80) return `${r}${dst} = -${r}${dst}`;
  if (op === 0xd0) {
    if (r === 'r') return `r${dst} = bswap${imm} r${dst}`;
    return `r${dst} = ${insnSrc(code) === BPF_X ? 'be' : 'le'}${imm} r${dst}`;
  }
  const sym = ALU_OPS[op];
  if (!sym) return '<unknown>';
  const rhs = insnSrc(code) === BPF_X ? `${r}${src}` : hexImm(imm);
  return `${r}${dst} ${sym} ${rhs}`;
}

function formatAtomic(dst: number, src: number, off: number, imm: number, bits: number): string {
  const r = bits === 64 ? 'r' : 'w';
  const ref = memRef(dst, off);
  const plain = ATOMIC_OPS[imm];
  // llvm prints the source of a plain 32-bit atomic as an r register.
  if (plain) return `lock *(u${bits} *)${ref} ${plain} r${src}`;
  const fetch = ATOMIC_FETCH[imm];
  if (fetch) return `${r}${src} = atomic_fetch_${fetch}((u${bits} *)${ref}, ${r}${src})`;
  const addr = off < 0 ? `r${dst} - ${hexImm(-off)}` : `r${dst} + ${hexImm(off)}`;
  const fn = bits === 64 ? '_64' : '32_32';
  if (imm === 0xe1) return `${r}${src} = xchg${fn}(${addr}, ${r}${src})`;
  if (imm === 0xf1) return `${r}0 = cmpxchg${fn}(${addr}, ${r}0, ${r}${src})`;
  return '<unknown>';
}

/** One line of a listing: instruction index and text, as llvm-objdump prints them. */
export interface DisasmLine {
  index: number;
  /** Number of 8-byte slots (2 for ld_imm64). */
  slots: number;
  text: string;
}

/** Disassembles a program; the second slot of an ld_imm64 gets no line of its own. */
export function disassemble(insns: readonly BpfInsn[]): DisasmLine[] {
  const out: DisasmLine[] = [];
  for (let i = 0; i < insns.length; i++) {
    const insn = insns[i]!;
    const wide = insn.code === LD_IMM64_CODE && i + 1 < insns.length;
    out.push({ index: i, slots: wide ? 2 : 1, text: formatInsn(insn, wide ? insns[i + 1] : undefined) });
    if (wide) i++;
  }
  return out;
}

/** `llvm-objdump -d --no-show-raw-insn` body text: `      12:\tr1 = 0x8`. */
export function formatListing(lines: readonly DisasmLine[]): string {
  return lines.map((l) => `${String(l.index).padStart(8)}:\t${l.text}\n`).join('');
}
