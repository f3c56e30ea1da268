/**
 * Applying a computed CO-RE result to the instruction it targets: an ALU/ALU64 immediate,
 * the offset of an LDX/ST/STX (and its memory size when the field size changed), or the
 * 64-bit immediate of an ld_imm64; or poisoning the instruction(s) when the relocation has
 * no valid target.
 *
 * Spec: libbpf 1.1.2 relo_core.c — bpf_core_patch_insn, bpf_core_poison_insn. The
 * original value is checked against the instruction unless the kind is not validatable;
 * libbpf's C integer conversions are reproduced (s32 imm and s16 off sign-extend into u64
 * for comparison and printing).
 */
import {
  BpfClass,
  BPF_K,
  type BpfInsn,
  bytesToSizeField,
  CALL_CODE,
  insnClass,
  insnMode,
  insnSize,
  insnSrc,
  isLdImm64,
  ldImm64Value,
  sizeFieldToBytes,
} from '../bpf/insn';
import type { ReloRes } from './calc-relo';
import { CoreError, Errno, POISON_IMM } from './relo-kinds';

export type PatchField = 'imm' | 'off' | 'mem_sz' | 'imm64';

/** One change made to one instruction slot. Values are decimal strings of u64s. */
export interface InsnPatch {
  /** Instruction index relative to the program. */
  insn: number;
  /** The instruction class as libbpf names it in its log. */
  class: 'ALU/ALU64' | 'LDX/ST/STX' | 'LDIMM64';
  field: PatchField;
  before: string;
  after: string;
}

export interface PatchLog {
  progName: string;
  reloIdx: number;
  debug: (msg: string) => void;
  warn: (msg: string) => void;
}

const SHRT_MAX = 32767;

/**
 * The value a relocation finds in its instruction, as libbpf reads it (u64 decimal):
 * ALU imm and LDX/ST/STX off sign-extended, ld_imm64's 64-bit immediate; null for other
 * classes.
 */
export function insnFieldValue(insns: readonly BpfInsn[], idx: number): string | null {
  const insn = insns[idx];
  if (!insn) return null;
  switch (insnClass(insn.code)) {
    case BpfClass.Alu:
    case BpfClass.Alu64:
      return String(u64(insn.imm));
    case BpfClass.Ldx:
    case BpfClass.St:
    case BpfClass.Stx:
      return String(u64(insn.off));
    case BpfClass.Ld:
      return isLdImm64(insn) ? String(ldImm64Value(insn, insns[idx + 1])) : null;
    default:
      return null;
  }
}

function u64(n: number): bigint {
  return BigInt.asUintN(64, BigInt(n));
}

/** What patchInsn did: value patches, and the slots it replaced with `call 0xbad2310`. */
export interface PatchOutcome {
  patches: InsnPatch[];
  poisoned: number[];
}

function poisonOne(insns: BpfInsn[], idx: number, log: PatchLog, out: PatchOutcome): void {
  log.debug(`prog '${log.progName}': relo #${log.reloIdx}: substituting insn #${idx} w/ invalid insn\n`);
  const insn = insns[idx];
  if (!insn) return;
  out.poisoned.push(idx);
  Object.assign(insn, { code: CALL_CODE, dstReg: 0, srcReg: 0, off: 0, imm: POISON_IMM });
}

function poison(insns: BpfInsn[], idx: number, log: PatchLog, out: PatchOutcome): void {
  // Poison the second half of an ld_imm64 too, or the verifier reports "unknown opcode 00".
  if (insns[idx] && isLdImm64(insns[idx])) poisonOne(insns, idx + 1, log, out);
  poisonOne(insns, idx, log, out);
}

/**
 * bpf_core_patch_insn on `insns` (a program's working copy, mutated). Returns the
 * changes; throws CoreError where libbpf fails the load.
 */
export function patchInsn(insns: BpfInsn[], idx: number, res: ReloRes, log: PatchLog): PatchOutcome {
  const out: PatchOutcome = { patches: [], poisoned: [] };
  const insn = insns[idx]!;
  const cls = insnClass(insn.code);
  const tag = `prog '${log.progName}': relo #${log.reloIdx}:`;
  if (res.poison) {
    poison(insns, idx, log, out);
    return out;
  }
  const orig = res.origVal;
  const next = res.newVal;
  switch (cls) {
    case BpfClass.Alu:
    case BpfClass.Alu64: {
      if (insnSrc(insn.code) !== BPF_K) throw new CoreError(-Errno.EINVAL);
      if (res.validate && u64(insn.imm) !== orig) {
        log.warn(`${tag} unexpected insn #${idx} (ALU/ALU64) value: got ${insn.imm >>> 0}, exp ${orig} -> ${next}\n`);
        throw new CoreError(-Errno.EINVAL);
      }
      const before = u64(insn.imm);
      insn.imm = Number(BigInt.asIntN(32, next));
      log.debug(`${tag} patched insn #${idx} (ALU/ALU64) imm ${before} -> ${next}\n`);
      out.patches.push({ insn: idx, class: 'ALU/ALU64', field: 'imm', before: String(before), after: String(next) });
      return out;
    }
    case BpfClass.Ldx:
    case BpfClass.St:
    case BpfClass.Stx: {
      if (res.validate && u64(insn.off) !== orig) {
        log.warn(`${tag} unexpected insn #${idx} (LDX/ST/STX) value: got ${insn.off >>> 0}, exp ${orig} -> ${next}\n`);
        throw new CoreError(-Errno.EINVAL);
      }
      if (next > BigInt(SHRT_MAX)) {
        log.warn(`${tag} insn #${idx} (LDX/ST/STX) value too big: ${next}\n`);
        throw new CoreError(-Errno.ERANGE);
      }
      if (res.failMemszAdjust) {
        log.warn(
          `${tag} insn #${idx} (LDX/ST/STX) accesses field incorrectly. Make sure you are accessing pointers, unsigned integers, or fields of matching type and size.\n`,
        );
        poison(insns, idx, log, out);
        return out;
      }
      const before = u64(insn.off);
      insn.off = Number(BigInt.asIntN(16, next));
      log.debug(`${tag} patched insn #${idx} (LDX/ST/STX) off ${before} -> ${next}\n`);
      out.patches.push({ insn: idx, class: 'LDX/ST/STX', field: 'off', before: String(before), after: String(next) });
      if (res.newSz !== res.origSz) {
        const have = sizeFieldToBytes(insnSize(insn.code));
        if (have !== res.origSz) {
          log.warn(`${tag} insn #${idx} (LDX/ST/STX) unexpected mem size: got ${have}, exp ${res.origSz}\n`);
          throw new CoreError(-Errno.EINVAL);
        }
        const sizeField = bytesToSizeField(res.newSz);
        if (sizeField < 0) {
          log.warn(`${tag} insn #${idx} (LDX/ST/STX) invalid new mem size: ${res.newSz}\n`);
          throw new CoreError(-Errno.EINVAL);
        }
        insn.code = insnMode(insn.code) | sizeField | insnClass(insn.code);
        log.debug(`${tag} patched insn #${idx} (LDX/ST/STX) mem_sz ${res.origSz} -> ${res.newSz}\n`);
        out.patches.push({ insn: idx, class: 'LDX/ST/STX', field: 'mem_sz', before: String(res.origSz), after: String(res.newSz) });
      }
      return out;
    }
    case BpfClass.Ld: {
      const hi = insns[idx + 1];
      if (!isLdImm64(insn) || insn.srcReg !== 0 || insn.off !== 0 || !hi || hi.code !== 0 || hi.dstReg !== 0 || hi.srcReg !== 0 || hi.off !== 0) {
        log.warn(`${tag} insn #${idx} (LDIMM64) has unexpected form\n`);
        throw new CoreError(-Errno.EINVAL);
      }
      const imm = ldImm64Value(insn, hi);
      if (res.validate && imm !== orig) {
        log.warn(`${tag} unexpected insn #${idx} (LDIMM64) value: got ${imm}, exp ${orig} -> ${next}\n`);
        throw new CoreError(-Errno.EINVAL);
      }
      insn.imm = Number(BigInt.asIntN(32, next));
      hi.imm = Number(BigInt.asIntN(32, next >> 32n));
      log.debug(`${tag} patched insn #${idx} (LDIMM64) imm64 ${imm} -> ${next}\n`);
      out.patches.push({ insn: idx, class: 'LDIMM64', field: 'imm64', before: String(imm), after: String(next) });
      return out;
    }
    default: {
      const h = (n: number) => (n >>> 0).toString(16);
      log.warn(
        `${tag} trying to relocate unrecognized insn #${idx}, code:0x${h(insn.code)}, src:0x${h(insn.srcReg)}, dst:0x${h(insn.dstReg)}, off:0x${h(insn.off)}, imm:0x${h(insn.imm)}\n`,
      );
      throw new CoreError(-Errno.EINVAL);
    }
  }
}
