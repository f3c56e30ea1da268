/**
 * The static side of the reachability walk (reachability.ts): the program as libbpf hands it
 * to the kernel (`ReachCode`), libbpf's poison, and what the control-flow graph alone says —
 * which functions the program's code calls, where paths meet, and from which instructions a
 * poisoned one can be reached at all, taking every jump both ways.
 */
import { BpfClass, BPF_X, type BpfInsn, CALL_CODE, LD_IMM64_CODE, insnClass, insnOp, insnSrc } from './insn';

export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_FUNC = 4;

/** libbpf's poison: `call 0xbad2310` (relo_core.c). */
export const POISON_CALL_IMM = 0xbad2310;

/** What libbpf makes of an ld_imm64 with an ELF relocation (its reloc_desc types). */
export type LdImm64Ref = 'map' | 'data' | 'rodata' | 'extern' | 'func';

/** The program as libbpf hands it to the kernel: its functions and how they link. */
export interface ReachCode {
  /** Relocated instructions of a function (main program or .text subprogram). */
  insns(fn: string): readonly BpfInsn[] | undefined;
  /** The callee of the pseudo call at `idx` of `fn` (bpf-to-bpf call), if it resolves. */
  callee(fn: string, idx: number): { fn: string; entry: number; global: boolean } | undefined;
  /** What the ld_imm64 at `idx` of `fn` refers to after libbpf's relocation, if anything. */
  ldImm64(fn: string, idx: number): LdImm64Ref | undefined;
  /** The object's (and so the host's) byte order, for BPF_END. */
  bigEndian?: boolean;
}

export function isPoison(insn: BpfInsn | undefined): boolean {
  return !!insn && insn.code === CALL_CODE && insn.srcReg === 0 && insn.imm === POISON_CALL_IMM;
}


/**
 * For each instruction of `fn`: can some path from it reach a poisoned instruction, taking every
 * jump both ways (the CFG, no values)? Calls count through their callee; what the walk cannot
 * follow (indirect jumps and calls, callbacks, unknown jumps) counts as yes. Returns are left to
 * the caller's frames. One slot past the end (falling off) is yes, so the walk reports it.
 */
export function poisonReachable(code: ReachCode, fn: string, calleeAhead: (fn: string) => Uint8Array): Uint8Array {
  const insns = code.insns(fn) ?? [];
  const n = insns.length;
  const out = new Uint8Array(n + 1);
  out[n] = 1;
  const succ: number[][] = insns.map((insn, i) => {
    const cls = insnClass(insn.code);
    if (insn.code === LD_IMM64_CODE) return [i + 2];
    if (cls !== BpfClass.Jmp && cls !== BpfClass.Jmp32) return [i + 1];
    const op = insnOp(insn.code);
    if (op === 0x90 && cls === BpfClass.Jmp) return [];
    if (op === 0x80 && cls === BpfClass.Jmp) return [i + 1];
    if (op === 0x00) return [i + 1 + (cls === BpfClass.Jmp ? insn.off : insn.imm)];
    return [i + 1, i + 1 + insn.off];
  });
  const own = insns.map((insn, i) => {
    if (isPoison(insn)) return true;
    const cls = insnClass(insn.code);
    if (insn.code === LD_IMM64_CODE && insn.srcReg === BPF_PSEUDO_FUNC) return true;
    if ((cls === BpfClass.Jmp || cls === BpfClass.Jmp32) && insnSrc(insn.code) === BPF_X && (insnOp(insn.code) === 0x00 || insnOp(insn.code) === 0x80)) return true;
    if (insn.code === CALL_CODE && insn.srcReg === BPF_PSEUDO_CALL) {
      const c = code.callee(fn, i);
      return !c || !!calleeAhead(c.fn)[c.entry];
    }
    return false;
  });
  // Backwards from every instruction that is a "yes" by itself, along predecessor edges: O(n).
  const preds: number[][] = Array.from({ length: n + 1 }, () => []);
  const todo: number[] = [n];
  succ.forEach((ss, i) => {
    for (const j of ss) {
      if (j < 0 || j > n) own[i] = true;
      else preds[j]!.push(i);
    }
    if (own[i]) {
      out[i] = 1;
      todo.push(i);
    }
  });
  while (todo.length) {
    for (const p of preds[todo.pop()!]!) {
      if (!out[p]) {
        out[p] = 1;
        todo.push(p);
      }
    }
  }
  return out;
}

/** The entry of `fn` when some call in the program's code calls it as a global function. */
export function globalEntry(code: ReachCode, fn: string): number | undefined {
  return globalCallers.get(code)?.get(fn);
}
const globalCallers = new WeakMap<ReachCode, Map<string, number>>();

/** Every function the program's code calls, directly or not (what libbpf appends to it). */
export function callGraph(code: ReachCode, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length) {
    const fn = todo.pop()!;
    (code.insns(fn) ?? []).forEach((insn, i) => {
      if (insn.code !== CALL_CODE || insn.srcReg !== BPF_PSEUDO_CALL) return;
      const c = code.callee(fn, i);
      if (c?.global) {
        let m = globalCallers.get(code);
        if (!m) globalCallers.set(code, (m = new Map()));
        m.set(c.fn, c.entry);
      }
      if (c && !seen.has(c.fn)) {
        seen.add(c.fn);
        todo.push(c.fn);
      }
    });
  }
  return [...seen];
}

/** Instructions where two paths can meet: targets of jumps (and the entry of any function). */
export function jumpTargets(insns: readonly BpfInsn[]): Set<number> {
  const out = new Set<number>([0]);
  insns.forEach((insn, i) => {
    const cls = insnClass(insn.code);
    if (cls !== BpfClass.Jmp && cls !== BpfClass.Jmp32) return;
    const op = insnOp(insn.code);
    if (op === 0x80 || op === 0x90) {
      if (op === 0x80 && cls === BpfClass.Jmp) out.add(i + 1);
      return;
    }
    out.add(i + 1 + (cls === BpfClass.Jmp32 && op === 0x00 ? insn.imm : insn.off));
    out.add(i + 1);
  });
  return out;
}
