/**
 * One test per rule of the reachability walk, on hand-built instruction sequences: what
 * the verifier decides (and so prunes), what it cannot, and where the walk must say
 * "undecided" rather than "not reached".
 */
import { describe, expect, it } from 'vitest';
import type { BpfInsn } from './insn';
import { type LdImm64Ref, MAX_STEPS, type ReachCode, analyzeReachability } from './reachability';

const I = (code: number, dstReg = 0, srcReg = 0, off = 0, imm = 0): BpfInsn => ({ code, dstReg, srcReg, off, imm });
// ALU64 / ALU32 with K or X source
const mov = (d: number, imm: number) => I(0xb7, d, 0, 0, imm);
const movr = (d: number, s: number) => I(0xbf, d, s);
const mov32r = (d: number, s: number) => I(0xbc, d, s);
const alu = (op: number, d: number, imm: number) => I(0x07 | op, d, 0, 0, imm);
const ADD = 0x00, AND = 0x50, LSH = 0x60, RSH = 0x70, ARSH = 0xc0;
const ld64 = (d: number, v: bigint, src = 0): BpfInsn[] => [I(0x18, d, src, 0, Number(BigInt.asIntN(32, v & 0xffffffffn))), I(0, 0, 0, 0, Number(BigInt.asIntN(32, v >> 32n)))];
// jumps: op | K (imm) or X (reg)
const JEQ = 0x10, JGT = 0x20, JSET = 0x40, JNE = 0x50, JSGT = 0x60, JLT = 0xa0;
const jk = (op: number, d: number, imm: number, off: number) => I(0x05 | op, d, 0, off, imm);
const jk32 = (op: number, d: number, imm: number, off: number) => I(0x06 | op, d, 0, off, imm);
const jx = (op: number, d: number, s: number, off: number) => I(0x0d | op, d, s, off);
const ja = (off: number) => I(0x05, 0, 0, off);
const call = (helper: number) => I(0x85, 0, 0, 0, helper);
const pcall = (imm: number) => I(0x85, 0, 1, 0, imm);
const exit = () => I(0x95);
const poison = () => I(0x85, 0, 0, 0, 0xbad2310);
const stx = (size: number, d: number, s: number, off: number) => I(0x63 | size, d, s, off);
const ldx = (size: number, d: number, s: number, off: number) => I(0x61 | size, d, s, off);
const W = 0x00, B = 0x10, DW = 0x18;

/** A program `main` (plus optional functions) with no ELF relocations: calls are pc-relative in one section. */
function code(fns: Record<string, BpfInsn[]>, opts: { globals?: string[]; ld?: Record<string, LdImm64Ref> } = {}): ReachCode {
  // Lay the functions out one after the other, as in one section.
  const order = Object.keys(fns);
  const start = new Map<string, number>();
  let n = 0;
  for (const f of order) {
    start.set(f, n);
    n += fns[f]!.length;
  }
  return {
    insns: (fn) => fns[fn],
    callee(fn, idx) {
      const target = start.get(fn)! + idx + fns[fn]![idx]!.imm + 1;
      const f = order.find((g) => target >= start.get(g)! && target < start.get(g)! + fns[g]!.length);
      return f ? { fn: f, entry: target - start.get(f)!, global: !!opts.globals?.includes(f) } : undefined;
    },
    ldImm64: (fn, idx) => opts.ld?.[`${fn}:${idx}`],
  };
}

const run = (fns: Record<string, BpfInsn[]>, opts?: Parameters<typeof code>[1]) => analyzeReachability(code(fns, opts), 'main');
const reachedAt = (r: ReturnType<typeof run>) => r.reached.map((h) => `${h.fn}:${h.insn}${h.sure ? '' : '?'}`);

describe('reachability: branches the verifier decides', () => {
  it('a relocated constant 0 (field_exists of a missing field) prunes the guarded side', () => {
    const r = run({ main: [mov(1, 0), jk(JEQ, 1, 0, 1), poison(), mov(0, 0), exit()] });
    expect(r.poisoned).toEqual([{ fn: 'main', insn: 2 }]);
    expect(r.reached).toEqual([]);
    expect(r.undecided).toBeUndefined();
  });

  it('a constant 1 takes the guarded side, every time: reached and sure', () => {
    const r = run({ main: [mov(1, 1), jk(JEQ, 1, 0, 1), poison(), mov(0, 0), exit()] });
    expect(reachedAt(r)).toEqual(['main:2']);
    expect(r.reached[0]!.path).toEqual([expect.objectContaining({ insn: 1, how: 'fallthrough', decided: true })]);
  });

  it('ld_imm64 constants (enumval_exists, enumval_value) decide too', () => {
    const r = run({ main: [...ld64(1, 0n), jk(JNE, 1, 0, 1), ja(1), poison(), mov(0, 0), exit()] });
    expect(r.reached).toEqual([]);
    const r2 = run({ main: [...ld64(1, 7n), jk(JNE, 1, 7, 1), poison(), mov(0, 0), exit()] });
    expect(reachedAt(r2)).toEqual(['main:3']);
  });

  it('ALU on constants is computed: and, shifts (the <<32 >>32 zero-extension), add', () => {
    const r = run({ main: [mov(2, 6), alu(AND, 2, 1), alu(LSH, 2, 32), alu(RSH, 2, 32), alu(ADD, 2, 0), jk(JEQ, 2, 0, 1), poison(), exit()] });
    expect(r.reached).toEqual([]);
    const r2 = run({ main: [mov(2, -1), alu(ARSH, 2, 60), jk(JEQ, 2, -1, 1), poison(), exit()] });
    expect(r2.reached).toEqual([]);
  });

  it('32-bit jumps compare the low half only', () => {
    const r = run({ main: [...ld64(1, 0x1_0000_0000n), jk32(JEQ, 1, 0, 1), poison(), exit()] });
    expect(r.reached).toEqual([]);
    const r2 = run({ main: [...ld64(1, 0x1_0000_0000n), jk(JEQ, 1, 0, 1), poison(), exit()] });
    expect(reachedAt(r2)).toEqual(['main:3']);
  });

  it('32-bit ALU zero-extends: w1 = -1 is 0xffffffff, not -1', () => {
    const r = run({ main: [mov(1, -1), mov32r(1, 1), jk(JSGT, 1, 0, 1), poison(), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('a register against a register, both known', () => {
    const r = run({ main: [mov(1, 3), mov(2, 4), jx(JLT, 1, 2, 1), poison(), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('bounds decide: a u8 loaded from the stack is never > 255; JSET above its bits is never set', () => {
    const r = run({ main: [call(14), stx(DW, 10, 0, -8), ldx(B, 1, 10, -8), jk(JGT, 1, 255, 2), jk(JSET, 1, 0x100, 1), ja(1), poison(), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('a branch teaches its register: after `if r0 != 5 goto out`, r0 == 5 is decided', () => {
    const r = run({ main: [call(14), jk(JNE, 0, 5, 3), jk(JEQ, 0, 5, 1), poison(), mov(0, 0), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('copies share what a branch teaches (find_equal_scalars)', () => {
    const r = run({ main: [call(14), movr(6, 0), jk(JNE, 0, 5, 2), jk(JEQ, 6, 5, 1), poison(), mov(0, 0), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('a map value is not null once tested (mark_ptr_or_null_regs), and a .data pointer never is', () => {
    const r = run({ main: [call(1), jk(JEQ, 0, 0, 3), jk(JNE, 0, 0, 1), poison(), mov(0, 0), exit()] });
    expect(r.reached).toEqual([]);
    const r2 = run({ main: [...ld64(1, 0n), jk(JNE, 1, 0, 1), poison(), exit()] }, { ld: { 'main:0': 'data' } });
    expect(r2.reached).toEqual([]);
  });

  it('a constant spilled to the stack and read back keeps its value (32-bit spill too)', () => {
    const r = run({ main: [mov(1, 0), stx(W, 10, 1, -4), mov(1, 9), ldx(W, 1, 10, -4), jk(JNE, 1, 0, 1), ja(1), poison(), exit()] });
    expect(r.reached).toEqual([]);
    // An overlapping store forgets the slot.
    const r2 = run({ main: [mov(1, 0), stx(W, 10, 1, -4), call(14), stx(B, 10, 0, -3), ldx(W, 1, 10, -4), jk(JNE, 1, 0, 1), ja(1), poison(), exit()] });
    expect(reachedAt(r2)).toEqual(['main:7']);
  });

  it('a helper given a stack pointer (bpf_probe_read_kernel) overwrites what was spilled there', () => {
    const spillThenRead = [mov(1, 0), stx(DW, 10, 1, -8), movr(1, 10), alu(ADD, 1, -8), mov(2, 8), mov(3, 0), call(113), ldx(DW, 1, 10, -8), jk(JEQ, 1, 0, 1), poison(), exit()];
    expect(reachedAt(run({ main: spillThenRead }))).toEqual(['main:9']);
  });

  it("a callee storing through a pointer to its caller's stack makes the caller forget that slot", () => {
    // main: *(u64 *)(r10 - 8) = 0; r1 = r10 - 8; call sub; r2 = *(u64 *)(r10 - 8); if r2 == 0 goto exit; poison
    const main = [mov(2, 0), stx(DW, 10, 2, -8), movr(1, 10), alu(ADD, 1, -8), pcall(4), ldx(DW, 2, 10, -8), jk(JEQ, 2, 0, 1), poison(), exit()];
    const sub = [call(14), stx(DW, 1, 0, 0), exit()];
    expect(reachedAt(run({ main, sub }))).toEqual(['main:7']);
  });

  it('a bounded loop with a constant counter is walked to its end', () => {
    const r = run({ main: [mov(1, 0), alu(ADD, 1, 1), jk(JLT, 1, 4, -2), jk(JNE, 1, 4, 1), ja(1), poison(), exit()] });
    expect(r.reached).toEqual([]);
    expect(r.undecided).toBeUndefined();
  });

  it('BPF_END on a constant swaps bytes (to big-endian on a little-endian host)', () => {
    const r = run({ main: [mov(1, 0x1234), I(0xdc, 1, 0, 0, 16), jk(JEQ, 1, 0x3412, 1), poison(), exit()] });
    expect(r.reached).toEqual([]);
  });
});

describe('reachability: what the verifier cannot decide either', () => {
  it('an unknown helper result takes both sides: the poison is reached, for sure', () => {
    const r = run({ main: [call(14), jk(JEQ, 0, 0, 1), poison(), mov(0, 0), exit()] });
    expect(reachedAt(r)).toEqual(['main:2']);
    expect(r.reached[0]!.path[0]).toMatchObject({ how: 'fallthrough', decided: false });
  });

  it('a maybe-null map value against 0 takes both sides', () => {
    const r = run({ main: [call(1), jk(JNE, 0, 0, 1), poison(), mov(0, 0), exit()] });
    expect(reachedAt(r)).toEqual(['main:2']);
  });
});

describe('reachability: subprograms', () => {
  // main: r2 = <arg>; call sub; exit.   sub: if r2 == 0 goto out; poison; out: exit
  const sub = [jk(JEQ, 2, 0, 1), poison(), mov(0, 0), exit()];
  it("a static subprogram is walked in its caller's state: the caller's constant guards it", () => {
    const r = run({ main: [mov(2, 0), pcall(1), exit(), ...[]], sub });
    expect(r.poisoned).toEqual([{ fn: 'sub', insn: 1 }]);
    expect(r.reached).toEqual([]);
  });

  it('…and a caller passing 1 reaches it, the call on the path', () => {
    const r = run({ main: [mov(2, 1), pcall(1), exit()], sub });
    expect(reachedAt(r)).toEqual(['sub:1']);
    expect(r.reached[0]!.path.map((s) => s.how)).toEqual(['call', 'fallthrough']);
  });

  it("after the call returns, the caller's r6-r9 and r0 from the callee are known", () => {
    const r = run({ main: [mov(6, 0), pcall(4), jk(JNE, 6, 0, 1), jk(JEQ, 0, 7, 1), poison(), exit()], sub: [mov(0, 7), exit()] });
    expect(r.reached).toEqual([]);
  });

  it('a global function is checked on its own, with unknown arguments', () => {
    const r = run({ main: [mov(2, 0), pcall(1), exit()], sub }, { globals: ['sub'] });
    expect(reachedAt(r)).toEqual(['sub:1?']);
    expect(r.reached[0]!.path[0]).toMatchObject({ approx: expect.stringContaining('global function sub') });
  });

  it('a global function called only on a pruned path: kernels before 6.8 check it anyway', () => {
    // main: r1 = 0; if r1 == 0 goto exit; call sub; exit      sub: poison; exit
    const r = run({ main: [mov(1, 0), jk(JEQ, 1, 0, 1), pcall(1), exit()], sub: [poison(), exit()] }, { globals: ['sub'] });
    expect(reachedAt(r)).toEqual(['sub:0?']);
    expect(r.reached[0]!.path[0]!.approx).toMatch(/before 6\.8/);
    // A static one on a pruned path is never walked.
    expect(run({ main: [mov(1, 0), jk(JEQ, 1, 0, 1), pcall(1), exit()], sub: [poison(), exit()] }).reached).toEqual([]);
  });

  it('poison in a subprogram nobody calls is not in the program', () => {
    const r = run({ main: [mov(0, 0), exit()], sub });
    expect(r.poisoned).toEqual([]);
  });
});

describe('reachability: undecided, never "not reached"', () => {
  it('a loop it cannot bound stops the walk with a reason', () => {
    const r = run({ main: [mov(1, 0), alu(ADD, 1, 1), jk(JNE, 1, 0, -2), poison(), exit()] });
    expect(r.undecided).toMatch(new RegExp(`after ${MAX_STEPS} instructions`));
  });

  it('…but a loop with no poisoned instruction ahead of it is not walked at all', () => {
    // guard (decided) over the poison, then a loop the walk could not bound
    const r = run({ main: [mov(2, 0), jk(JEQ, 2, 0, 1), poison(), mov(1, 0), alu(ADD, 1, 1), jk(JNE, 1, 0, -2), exit()] });
    expect(r.undecided).toBeUndefined();
    expect(r.reached).toEqual([]);
    expect(r.steps).toBeLessThan(10);
  });

  it('an indirect jump', () => {
    const r = run({ main: [mov(1, 0), I(0x0d, 1), poison(), exit()] });
    expect(r.undecided).toMatch(/indirect jump/);
  });

  it('a callback (ld_imm64 of a function)', () => {
    const r = run({ main: [...ld64(2, 0n, 4), call(181), exit()], cb: [poison(), exit()] });
    expect(r.undecided).toMatch(/callback/);
  });

  it('a branch on a context field or a .rodata value is flagged: the verifier may know it', () => {
    const r = run({ main: [ldx(DW, 2, 1, 0), jk(JEQ, 2, 0, 1), poison(), exit()] });
    expect(reachedAt(r)).toEqual(['main:2?']);
    expect(r.reached[0]!.path[0]!.approx).toMatch(/context field/);
    const r2 = run({ main: [...ld64(1, 0n), ldx(W, 2, 1, 0), jk(JEQ, 2, 0, 1), poison(), exit()] }, { ld: { 'main:0': 'rodata' } });
    expect(reachedAt(r2)).toEqual(['main:4?']);
  });

  it('an arithmetic shift of an unknown value is flagged: the verifier keeps its signed bounds', () => {
    const r = run({ main: [call(14), alu(ARSH, 0, 60), jk(JSGT, 0, 100, 1), ja(1), poison(), exit()] });
    expect(reachedAt(r)).toEqual(['main:4?']);
  });

  it('a pointer compared with 0 where the verifier may know it is not null', () => {
    const r = run({ main: [jk(JEQ, 1, 0, 1), poison(), exit()] });
    expect(reachedAt(r)).toEqual(['main:1?']);
  });

  it('a sure path wins over a flagged one to the same poison', () => {
    // 0: r0 = helper; 1: if r0 != 0 goto 4; 2: r2 = ctx[0]; 3: if r2 == 0 goto 5; 4: poison; 5: exit
    const r = run({ main: [call(14), jk(JNE, 0, 0, 2), ldx(DW, 2, 1, 0), jk(JEQ, 2, 0, 1), poison(), exit()] });
    expect(reachedAt(r)).toEqual(['main:4']);
    expect(r.reached[0]!.path).toEqual([expect.objectContaining({ insn: 1, how: 'taken', decided: false })]);
  });
});
