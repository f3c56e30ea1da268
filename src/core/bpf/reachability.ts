/**
 * Which poisoned instructions of a relocated BPF program the kernel verifier reaches.
 *
 * libbpf replaces an instruction whose CO-RE relocation has no target with
 * `call 0xbad2310` (relo_core.c, bpf_core_poison_insn); the load fails only if the
 * verifier's path walk gets there. The walk (kernel/bpf/verifier.c, do_check) follows
 * every path but prunes a conditional jump whose outcome the register state decides
 * (check_cond_jmp_op → is_branch_taken), and walks a static subprogram in its caller's
 * state (check_func_call). So a poisoned read behind `if (bpf_core_field_exists(...))`,
 * whose relocated constant is 0, is never reached.
 *
 * This walk does the same with a smaller domain (reach-values.ts): constants, unsigned
 * bounds, pointer kinds, stack slots holding spilled values. It explores states, not
 * paths: a (pc, state) pair seen before is not walked again, as the verifier prunes
 * equal states. Global functions are walked on their own with unknown arguments, as
 * the verifier checks them (btf_check_subprog_call, do_check_common).
 *
 * What it does not follow makes the answer "undecided" with a reason, never "not
 * reached": indirect jumps, callbacks (bpf_loop and friends), unknown opcodes, more
 * than MAX_STEPS instructions (a loop it does not bound). Branches on values it knows
 * less well than the verifier are flagged, so a poison reached only through them is
 * reported as "maybe".
 */
import { formatInsn } from './disasm';
import { BpfClass, BPF_X, type BpfInsn, LD_IMM64_CODE, insnClass, insnMode, insnOp, insnSize, insnSrc, ldImm64Value, sizeFieldToBytes } from './insn';
import { BPF_PSEUDO_CALL, BPF_PSEUDO_FUNC, type LdImm64Ref, POISON_CALL_IMM, type ReachCode, callGraph, globalEntry, isPoison, jumpTargets, poisonReachable } from './reach-cfg';
import { JmpOp, UNINIT, type Val, alu, approxOf, branchTaken, endConst, konst, loaded, refine, unknown, valKey } from './reach-values';

export { POISON_CALL_IMM, type LdImm64Ref, type ReachCode };

/** The verifier gives up after 1M processed instructions; this walk after fewer. */
export const MAX_STEPS = 100_000;
const MAX_FRAMES = 8;

const BPF_PSEUDO_KFUNC_CALL = 2;
const HELPER_MAP_LOOKUP_ELEM = 1;

/** One step of a path: a conditional jump (decided or not) or a call. */
export interface PathStep {
  fn: string;
  insn: number;
  text: string;
  /** 'taken' / 'fallthrough' for jumps; 'call' for calls into subprograms. */
  how: 'taken' | 'fallthrough' | 'call';
  /** For jumps: whether the state decided the outcome (the other side was pruned). */
  decided: boolean;
  /** For undecided jumps on values known less well than by the verifier: why. */
  approx?: string;
}

export interface PoisonHit {
  fn: string;
  insn: number;
  /** Conditional jumps and calls from the entry to the poison (at most MAX_PATH). */
  path: PathStep[];
  /** False when every path found goes through a jump the verifier might decide. */
  sure: boolean;
}

export interface ReachResult {
  /** Reached poisoned instructions, in the order first reached. */
  reached: PoisonHit[];
  /** Every poisoned instruction in the code the program loads (`fn` + index). */
  poisoned: { fn: string; insn: number }[];
  /** Set when the walk could not cover every path: why. */
  undecided?: string;
  steps: number;
}

const MAX_PATH = 24;

interface Frame {
  fn: string;
  regs: Val[];
  /** Spilled values by stack offset: size and value. */
  stack: Map<number, { size: number; val: Val }>;
  /** Where to continue in the caller after exit. */
  ret: number;
}

interface Trail {
  prev: Trail | undefined;
  step: PathStep;
  len: number;
}

interface Work {
  pc: number;
  frames: Frame[];
  trail: Trail | undefined;
  sure: boolean;
}

function cloneFrame(f: Frame): Frame {
  return { fn: f.fn, regs: f.regs.slice(), stack: new Map(f.stack), ret: f.ret };
}

function stateKey(w: Work): string {
  const ids = new Map<number, number>();
  let s = `${w.pc}`;
  for (const f of w.frames) {
    s += `|${f.fn}@${f.ret}:${f.regs.map((r) => valKey(r, ids)).join(',')}`;
    const offs = [...f.stack.keys()].sort((a, b) => a - b);
    for (const o of offs) {
      const e = f.stack.get(o)!;
      s += `;${o}/${e.size}=${valKey(e.val, ids)}`;
    }
  }
  return s;
}

function trailSteps(t: Trail | undefined): PathStep[] {
  const out: PathStep[] = [];
  for (let c = t; c; c = c.prev) out.push(c.step);
  out.reverse();
  return out.length > MAX_PATH ? [...out.slice(0, 4), ...out.slice(out.length - (MAX_PATH - 4))] : out;
}

/** Walks program `entry` as the verifier would and reports the poisoned instructions it reaches. */
export function analyzeReachability(code: ReachCode, entry: string): ReachResult {
  const res: ReachResult = { reached: [], poisoned: [], steps: 0 };
  const hits = new Map<string, PoisonHit>();
  const collected = new Set<string>();
  const collectPoison = (fn: string): void => {
    if (collected.has(fn)) return;
    collected.add(fn);
    const insns = code.insns(fn) ?? [];
    insns.forEach((insn, i) => isPoison(insn) && res.poisoned.push({ fn, insn: i }));
  };
  // No poison anywhere in the code loaded with the program: nothing to walk.
  // (A callback's code is not in the call graph: then walk, to say "undecided".)
  const graph = callGraph(code, entry).map((fn) => code.insns(fn) ?? []);
  if (!graph.some((insns) => insns.some((x) => isPoison(x) || (x.code === LD_IMM64_CODE && x.srcReg === BPF_PSEUDO_FUNC)))) return res;
  const globalsQueued = new Set<string>();
  const roots: { fn: string; entry: number; ctx: boolean; uncalled?: boolean }[] = [{ fn: entry, entry: 0, ctx: true }];
  const undecide = (why: string) => (res.undecided ??= why);
  const ahead = new Map<string, Uint8Array>();
  const aheadOf = (fn: string): Uint8Array => {
    let a = ahead.get(fn);
    if (!a) {
      // Recursion: assume the worst while the callee is being computed.
      ahead.set(fn, new Uint8Array((code.insns(fn) ?? []).length + 1).fill(1));
      a = poisonReachable(code, fn, aheadOf);
      ahead.set(fn, a);
    }
    return a;
  };
  const poisonAhead = (w: Work): boolean => {
    const n = w.frames.length;
    if (aheadOf(w.frames[n - 1]!.fn)[w.pc]) return true;
    for (let i = n - 1; i > 0; i--) if (aheadOf(w.frames[i - 1]!.fn)[w.frames[i]!.ret]) return true;
    return false;
  };
  const joins = new Map<string, Set<number>>();
  const joinPoints = (fn: string, insns: readonly BpfInsn[]): Set<number> => {
    let j = joins.get(fn);
    if (!j) joins.set(fn, (j = jumpTargets(insns)));
    return j;
  };
  let nextId = 1;

  for (let r = 0; ; r++) {
    if (r === roots.length) {
      // Once every walk is done: the global functions the program's code calls but no path reached.
      for (const fn of callGraph(code, entry)) {
        const c = globalEntry(code, fn);
        if (c !== undefined && !globalsQueued.has(fn)) {
          globalsQueued.add(fn);
          roots.push({ fn, entry: c, ctx: false, uncalled: true });
        }
      }
      if (r === roots.length) break;
    }
    const root = roots[r]!;
    collectPoison(root.fn);
    const regs: Val[] = new Array<Val>(11).fill(UNINIT);
    if (root.ctx) regs[1] = { t: 'ptr', kind: 'ctx' };
    else for (let i = 1; i <= 5; i++) regs[i] = unknown(`an argument of global function ${root.fn}, typed by its BTF`);
    regs[10] = { t: 'ptr', kind: 'stack', off: 0 };
    const seen = new Set<string>();
    // A global function no walked path calls: the verifier checks it anyway before Linux 6.8.
    const start: Trail | undefined = root.uncalled
      ? { prev: undefined, len: 1, step: { fn: root.fn, insn: root.entry, text: `global function ${root.fn}`, how: 'call', decided: false, approx: 'no path calls it, but kernels before 6.8 check every global function' } }
      : undefined;
    const todo: Work[] = [{ pc: root.entry, frames: [{ fn: root.fn, regs, stack: new Map(), ret: -1 }], trail: start, sure: !root.uncalled }];
    while (todo.length) {
      const w = todo.pop()!;
      // Walk one path until it ends or forks.
      for (;;) {
        if (res.steps >= MAX_STEPS) {
          undecide(`the walk stopped after ${MAX_STEPS} instructions (a loop this analysis does not bound?)`);
          break;
        }
        const frame = w.frames[w.frames.length - 1]!;
        const insns = code.insns(frame.fn) ?? [];
        const insn = insns[w.pc];
        if (!insn) {
          undecide(`the path runs off the end of ${frame.fn} at instruction ${w.pc}`);
          break;
        }
        // A path from which no poisoned instruction can be reached, whatever the values, is done.
        if (!poisonAhead(w)) break;
        // Like the verifier, compare states only where paths can meet (jump targets).
        if (joinPoints(frame.fn, insns).has(w.pc)) {
          const key = stateKey(w);
          if (seen.has(key)) break;
          seen.add(key);
        }
        res.steps++;
        const regs = frame.regs;
        const cls = insnClass(insn.code);
        const src = (): Val => (insnSrc(insn.code) === BPF_X ? regs[insn.srcReg]! : konst(BigInt(insn.imm)));
        if (isPoison(insn)) {
          const k = `${frame.fn}:${w.pc}`;
          const prev = hits.get(k);
          if (!prev || (!prev.sure && w.sure)) {
            const hit = { fn: frame.fn, insn: w.pc, path: trailSteps(w.trail), sure: w.sure };
            if (!prev) res.reached.push(hit);
            else Object.assign(prev, hit);
            hits.set(k, hit);
          }
          break; // the verifier stops at the error
        }
        if (cls === BpfClass.Alu || cls === BpfClass.Alu64) {
          const op = insnOp(insn.code);
          const is64 = cls === BpfClass.Alu64;
          if (op === 0xd0) {
            // BPF_END: ALU64 is an unconditional bswap; ALU converts to LE (K) or BE (X), a swap
            // only when that is not the host's order (the host has the object's byte order).
            const v = regs[insn.dstReg]!;
            const bits = insn.imm;
            const swap = is64 || (insnSrc(insn.code) === BPF_X) !== !!code.bigEndian;
            regs[insn.dstReg] = v.t === 'const' && (bits === 16 || bits === 32 || bits === 64) ? konst(endConst(v.v, bits, swap)) : unknown('a byte swap');
          } else if (op > 0xd0) {
            undecide(`unknown ALU instruction at ${frame.fn} insn ${w.pc}`);
            break;
          } else {
            regs[insn.dstReg] = alu(op, regs[insn.dstReg]!, src(), is64, insn.off);
          }
          w.pc++;
          continue;
        }
        if (cls === BpfClass.Ld) {
          if (insn.code === LD_IMM64_CODE) {
            const ref = insn.srcReg === BPF_PSEUDO_FUNC ? 'func' : code.ldImm64(frame.fn, w.pc);
            if (ref === 'func') {
              undecide(`${frame.fn} insn ${w.pc} passes a callback function, which this analysis does not follow`);
              break;
            }
            regs[insn.dstReg] =
              ref === 'map' || insn.srcReg === 1
                ? { t: 'ptr', kind: 'map' }
                : ref === 'data' || insn.srcReg === 2
                  ? { t: 'ptr', kind: 'mapval' }
                  : ref === 'rodata'
                    ? { t: 'ptr', kind: 'rodata' }
                    : ref === 'extern' || insn.srcReg !== 0
                      ? unknown('an extern (kconfig or ksym) value')
                      : konst(ldImm64Value(insn, insns[w.pc + 1]));
            w.pc += 2;
            continue;
          }
          // Legacy packet loads: r0 = data, r1-r5 clobbered.
          regs[0] = unknown('a legacy packet load');
          for (let i = 1; i <= 5; i++) regs[i] = UNINIT;
          w.pc++;
          continue;
        }
        if (cls === BpfClass.Ldx) {
          const mode = insnMode(insn.code);
          const bytes = sizeFieldToBytes(insnSize(insn.code));
          const base = regs[insn.srcReg]!;
          let v: Val;
          if (base.t === 'ptr' && base.kind === 'stack' && base.off !== undefined) {
            const slot = frame.stack.get(base.off + insn.off);
            if (slot && slot.size === bytes && slot.val.t === 'const' && mode === 0x60) v = konst(BigInt.asUintN(bytes * 8, slot.val.v));
            else if (slot && slot.size === bytes && slot.val.t === 'const' && mode === 0x80) v = konst(BigInt.asIntN(bytes * 8, BigInt.asUintN(bytes * 8, slot.val.v)));
            else if (slot && slot.size === 8 && bytes === 8) v = slot.val;
            else v = mode === 0x80 ? unknown('a sign-extending load') : loaded(bytes, undefined, nextId++);
          } else if (base.t === 'ptr' && base.kind === 'stack') {
            v = unknown("a value in another function's stack, which the verifier may know");
          } else if (base.t === 'ptr' && base.kind === 'rodata') {
            v = unknown('a read-only global (.rodata), which the loader may set before the load');
          } else if (base.t === 'ptr' && base.kind === 'ctx') {
            v = unknown('a context field, typed by the program type', nextId++);
          } else if (base.t === 'ptr') {
            v = mode === 0x80 ? unknown('a sign-extending load') : loaded(bytes, undefined, nextId++);
          } else {
            v = unknown('a load through a pointer typed by BTF', nextId++);
          }
          regs[insn.dstReg] = v;
          w.pc++;
          continue;
        }
        if (cls === BpfClass.St || cls === BpfClass.Stx) {
          const base = regs[insn.dstReg]!;
          if (base.t === 'ptr' && base.kind === 'stack' && base.off !== undefined) {
            const off = base.off + insn.off;
            const bytes = sizeFieldToBytes(insnSize(insn.code));
            for (const [o, e] of frame.stack) if (o < off + bytes && off < o + e.size) frame.stack.delete(o);
            const mode = insnMode(insn.code);
            if (mode === 0x60) {
              const val = cls === BpfClass.St ? konst(BigInt(insn.imm)) : regs[insn.srcReg]!;
              if (bytes === 8 || val.t === 'const') frame.stack.set(off, { size: bytes, val });
            }
          } else if (base.t === 'ptr' && base.kind === 'stack') {
            // A store into another frame's stack (a pointer argument): forget what any frame spilled.
            forgetStacks(w);
          }
          if (cls === BpfClass.Stx && insnMode(insn.code) === 0xc0) {
            // Atomics with BPF_FETCH (and xchg/cmpxchg) write a register.
            if (insn.imm === 0xf1) regs[0] = unknown('an atomic result');
            else if (insn.imm & 1) regs[insn.srcReg] = unknown('an atomic result');
          }
          w.pc++;
          continue;
        }
        // BPF_JMP / BPF_JMP32
        const op = insnOp(insn.code);
        const is64 = cls === BpfClass.Jmp;
        if (op === 0x00) {
          if (insnSrc(insn.code) === BPF_X) {
            undecide(`${frame.fn} insn ${w.pc} is an indirect jump, which this analysis does not follow`);
            break;
          }
          w.pc += (is64 ? insn.off : insn.imm) + 1;
          continue;
        }
        if (op === 0x80 && is64) {
          if (insnSrc(insn.code) === BPF_X) {
            undecide(`${frame.fn} insn ${w.pc} is an indirect call, which this analysis does not follow`);
            break;
          }
          if (insn.srcReg === BPF_PSEUDO_CALL) {
            const callee = code.callee(frame.fn, w.pc);
            if (!callee || !code.insns(callee.fn)) {
              undecide(`${frame.fn} insn ${w.pc} calls a function this analysis cannot resolve`);
              break;
            }
            collectPoison(callee.fn);
            const step: PathStep = { fn: frame.fn, insn: w.pc, text: formatInsn(insn), how: 'call', decided: true };
            if (callee.global) {
              if (!globalsQueued.has(callee.fn)) {
                globalsQueued.add(callee.fn);
                roots.push({ fn: callee.fn, entry: callee.entry, ctx: false, uncalled: root.uncalled });
              }
              regs[0] = unknown(`the result of global function ${callee.fn}`);
              for (let i = 1; i <= 5; i++) regs[i] = UNINIT;
              w.pc++;
              continue;
            }
            if (w.frames.length >= MAX_FRAMES) {
              undecide(`calls nest deeper than ${MAX_FRAMES} frames`);
              break;
            }
            const calleeRegs: Val[] = new Array<Val>(11).fill(UNINIT);
            for (let i = 1; i <= 5; i++) calleeRegs[i] = regs[i]!;
            calleeRegs[10] = { t: 'ptr', kind: 'stack', off: 0 };
            // Pointers into the caller's stack are no longer this frame's slots.
            for (let i = 1; i <= 5; i++) {
              const v = calleeRegs[i]!;
              if (v.t === 'ptr' && v.kind === 'stack') calleeRegs[i] = { t: 'ptr', kind: 'stack' };
            }
            w.frames = [...w.frames.slice(0, -1), cloneFrame(frame), { fn: callee.fn, regs: calleeRegs, stack: new Map(), ret: w.pc + 1 }];
            w.trail = { prev: w.trail, step, len: (w.trail?.len ?? 0) + 1 };
            w.pc = callee.entry;
            continue;
          }
          // A helper may write through a stack pointer argument (bpf_probe_read_kernel(&local, …)).
          for (let i = 1; i <= 5; i++) {
            const a = regs[i]!;
            if (a.t !== 'ptr' || a.kind !== 'stack') continue;
            if (a.off === undefined) forgetStacks(w);
            else w.frames[w.frames.length - 1]!.stack.clear();
          }
          if (insn.srcReg === BPF_PSEUDO_KFUNC_CALL) regs[0] = unknown('the result of a kfunc');
          else if (insn.srcReg === 0 && insn.imm === HELPER_MAP_LOOKUP_ELEM) regs[0] = { t: 'ptr', kind: 'mapval-or-null', id: nextId++ };
          else regs[0] = unknown(undefined, nextId++);
          for (let i = 1; i <= 5; i++) regs[i] = UNINIT;
          w.pc++;
          continue;
        }
        if (op === 0x90 && is64) {
          if (w.frames.length === 1) break;
          const done = w.frames[w.frames.length - 1]!;
          const caller = cloneFrame(w.frames[w.frames.length - 2]!);
          caller.regs[0] = done.regs[0]!;
          for (let i = 1; i <= 5; i++) caller.regs[i] = UNINIT;
          w.frames = [...w.frames.slice(0, -2), caller];
          w.pc = done.ret;
          continue;
        }
        if (op === 0xe0) {
          // may_goto: the verifier walks both ways.
          fork(w, insn, frame, undefined, todo, true);
          break;
        }
        if (!(op in JMP_NAMES)) {
          undecide(`unknown jump instruction at ${frame.fn} insn ${w.pc}`);
          break;
        }
        const a = regs[insn.dstReg]!;
        const b = src();
        const taken = branchTaken(op, a, b, is64);
        fork(w, insn, frame, taken, todo, false, a, b);
        break;
      }
    }
  }
  return res;

  function fork(w: Work, insn: BpfInsn, frame: Frame, taken: boolean | undefined, todo: Work[], mayGoto: boolean, a?: Val, b?: Val): void {
    const base = { fn: frame.fn, insn: w.pc, text: formatInsn(insn) };
    const is64 = insnClass(insn.code) === BpfClass.Jmp;
    const approx = taken === undefined && !mayGoto ? (approxOf(a!) ?? approxOf(b!) ?? ptrApprox(a!, b!)) : undefined;
    const go = (isTaken: boolean) => {
      const frames = w.frames.map((f, i) => (i === w.frames.length - 1 ? cloneFrame(f) : f));
      const top = frames[frames.length - 1]!;
      if (!mayGoto && a && b) learn(top, insn, a, b, isTaken, is64);
      const step: PathStep = { ...base, how: isTaken ? 'taken' : 'fallthrough', decided: taken !== undefined, ...(approx ? { approx } : {}) };
      todo.push({
        pc: isTaken ? w.pc + (is64 || insnOp(insn.code) !== 0x00 ? insn.off : insn.imm) + 1 : w.pc + 1,
        frames,
        trail: { prev: w.trail, step, len: (w.trail?.len ?? 0) + 1 },
        sure: w.sure && !approx,
      });
    };
    // Pushed last is walked first: the fall-through, as the verifier does.
    if (taken !== false) go(true);
    if (taken !== true) go(false);
  }
}

/** Forgets every frame's spilled values (lower frames are shared between paths: copy them). */
function forgetStacks(w: Work): void {
  w.frames = w.frames.map((f, i) => (i === w.frames.length - 1 ? (f.stack.clear(), f) : { ...f, stack: new Map() }));
}

function ptrApprox(a: Val, b: Val): string | undefined {
  const [p, other] = a.t === 'ptr' ? [a, b] : [b, a];
  if (p.t !== 'ptr') return undefined;
  // A maybe-null map value against 0: the verifier walks both sides too.
  if (p.kind === 'mapval-or-null' && other.t === 'const' && other.v === 0n) return undefined;
  return 'a pointer comparison, which the verifier may decide by the pointer type';
}

/** What the outcome of a conditional jump teaches the registers of the current frame. */
function learn(frame: Frame, insn: BpfInsn, a: Val, b: Val, taken: boolean, is64: boolean): void {
  const op = insnOp(insn.code);
  if (b.t !== 'const') return;
  const refined = refine(op, a, b.v, taken, is64);
  if (refined === a) return;
  const id = 'id' in a ? a.id : undefined;
  frame.regs[insn.dstReg] = refined;
  if (!id) return;
  const same = (v: Val) => 'id' in v && v.id === id;
  frame.regs.forEach((v, i) => same(v) && (frame.regs[i] = refined));
  for (const [o, e] of frame.stack) if (same(e.val)) frame.stack.set(o, { size: e.size, val: refined });
}

const JMP_NAMES: Record<number, string> = {
  [JmpOp.JEQ]: '==',
  [JmpOp.JGT]: '>',
  [JmpOp.JGE]: '>=',
  [JmpOp.JSET]: '&',
  [JmpOp.JNE]: '!=',
  [JmpOp.JSGT]: 's>',
  [JmpOp.JSGE]: 's>=',
  [JmpOp.JLT]: '<',
  [JmpOp.JLE]: '<=',
  [JmpOp.JSLT]: 's<',
  [JmpOp.JSLE]: 's<=',
};
