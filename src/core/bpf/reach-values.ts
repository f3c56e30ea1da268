/**
 * The value domain of the reachability walk (reachability.ts): what the kernel verifier
 * knows about a register, reduced to what decides a branch on a CO-RE guard.
 *
 * Spec: kernel/bpf/verifier.c — adjust_scalar_min_max_vals (constants and unsigned
 * bounds through ALU ops), is_branch_taken / is_scalar_branch_taken (a branch is decided
 * when the bounds of both sides decide it; a pointer against 0 only when reg_not_null:
 * map values, not ctx or stack), reg_set_min_max and mark_ptr_or_null_regs (what a taken
 * or not-taken branch teaches about its registers).
 *
 * Invariant: the domain never knows more than the verifier. Where this module keeps less
 * than the verifier would (it has no tnums, no signed bounds), the value is marked
 * `approx` with the reason, so a branch undecided here but perhaps decided by the
 * verifier is reported as such instead of being trusted.
 */

export const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = (1n << 32n) - 1n;

/** A pointer kind; `mapval` (PTR_TO_MAP_VALUE) is the only one tested non-null against 0. */
export type PtrKind = 'ctx' | 'stack' | 'map' | 'mapval' | 'mapval-or-null' | 'rodata';

export type Val =
  | { t: 'uninit' }
  /** A known 64-bit value (u64). */
  | { t: 'const'; v: bigint }
  /** An unknown scalar in [min, max] (unsigned); `id` links copies (find_equal_scalars). */
  | { t: 'scalar'; min: bigint; max: bigint; id?: number; approx?: string }
  /** A pointer; `off` for stack pointers (from the frame's r10). */
  | { t: 'ptr'; kind: PtrKind; off?: number; id?: number };

export const UNINIT: Val = { t: 'uninit' };
export const unknown = (approx?: string, id?: number): Val => ({ t: 'scalar', min: 0n, max: U64_MAX, ...(approx ? { approx } : {}), ...(id ? { id } : {}) });
export const konst = (v: bigint): Val => ({ t: 'const', v: BigInt.asUintN(64, v) });

/** Why this value is not known as well as the verifier knows it, if so. */
export function approxOf(v: Val): string | undefined {
  return v.t === 'scalar' ? v.approx : undefined;
}

function bounded(min: bigint, max: bigint, approx?: string): Val {
  if (min === max) return konst(min);
  return { t: 'scalar', min, max, ...(approx ? { approx } : {}) };
}

/** Unsigned bounds of a scalar (constants included), or undefined for pointers/uninit. */
export function boundsOf(v: Val): [bigint, bigint] | undefined {
  if (v.t === 'const') return [v.v, v.v];
  if (v.t === 'scalar') return [v.min, v.max];
  return undefined;
}

function signed(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

/** BPF ALU op codes (BPF_OP). */
const Op = { ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70, NEG: 0x80, MOD: 0x90, XOR: 0xa0, MOV: 0xb0, ARSH: 0xc0, END: 0xd0 } as const;

/** An ALU op on two known values, as the CPU (and the verifier) computes it. */
export function aluConst(op: number, a: bigint, b: bigint, is64: boolean, off: number): bigint | undefined {
  const bits = is64 ? 64 : 32;
  const m = (x: bigint) => BigInt.asUintN(bits, x);
  a = m(a);
  b = m(b);
  const sh = b & BigInt(bits - 1);
  switch (op) {
    case Op.ADD:
      return m(a + b);
    case Op.SUB:
      return m(a - b);
    case Op.MUL:
      return m(a * b);
    case Op.DIV:
      if (b === 0n) return 0n;
      return off === 1 ? m(signed(a, bits) / signed(b, bits)) : a / b;
    case Op.MOD:
      if (b === 0n) return a;
      return off === 1 ? m(signed(a, bits) % signed(b, bits)) : a % b;
    case Op.OR:
      return a | b;
    case Op.AND:
      return a & b;
    case Op.XOR:
      return a ^ b;
    case Op.LSH:
      return m(a << sh);
    case Op.RSH:
      return a >> sh;
    case Op.ARSH:
      return m(signed(a, bits) >> sh);
    case Op.NEG:
      return m(-a);
    case Op.MOV:
      // movsx (off 8/16/32) sign-extends the source.
      return off === 8 || off === 16 || off === 32 ? m(signed(BigInt.asUintN(off, b), off)) : b;
    default:
      return undefined;
  }
}

/**
 * dst = dst <op> src on abstract values (not END, handled by the caller). Known operands
 * compute exactly; a few ops keep unsigned bounds as the verifier does (AND/RSH/ADD with a
 * constant, 32-bit results); anything else becomes an unknown scalar, marked approx when
 * the verifier would have kept more (its tnum and signed bounds).
 */
export function alu(op: number, dst: Val, src: Val, is64: boolean, off: number): Val {
  if (op === Op.MOV) {
    if (src.t === 'const') return konst(aluConst(op, 0n, src.v, is64, off)!);
    if (!is64 || off) {
      const b = boundsOf(src);
      if (b && !off && b[1] <= U32_MAX) return src;
      return bounded(0n, is64 ? U64_MAX : U32_MAX, src.t === 'scalar' && b && b[1] === U64_MAX ? src.approx : 'a narrowed or sign-extended copy');
    }
    return src;
  }
  if (dst.t === 'const' && src.t === 'const') {
    const r = aluConst(op, dst.v, src.v, is64, off);
    return r === undefined ? unknown('an unknown ALU operation') : konst(r);
  }
  if (dst.t === 'ptr') {
    // Pointer arithmetic: a stack pointer plus a constant stays a known slot.
    if (dst.kind === 'stack' && dst.off !== undefined && is64 && src.t === 'const' && (op === Op.ADD || op === Op.SUB)) {
      const d = Number(signed(src.v, 64));
      return { t: 'ptr', kind: 'stack', off: op === Op.ADD ? dst.off + d : dst.off - d };
    }
    if (is64 && (op === Op.ADD || op === Op.SUB)) return { t: 'ptr', kind: dst.kind === 'mapval-or-null' ? 'mapval-or-null' : dst.kind };
    return unknown('pointer arithmetic');
  }
  const approx = approxOf(dst) ?? approxOf(src);
  const full = is64 ? U64_MAX : U32_MAX;
  const db = boundsOf(dst);
  const sb = boundsOf(src);
  if (!db || !sb) return bounded(0n, full, 'an operation on a pointer');
  let [dmin, dmax] = db;
  if (!is64 && dmax > U32_MAX) [dmin, dmax] = [0n, U32_MAX];
  if (src.t === 'const') {
    const c = BigInt.asUintN(is64 ? 64 : 32, src.v);
    switch (op) {
      case Op.AND:
        return bounded(0n, dmax < c ? dmax : c, approx);
      case Op.RSH:
        return c < (is64 ? 64n : 32n) ? bounded(dmin >> c, dmax >> c, approx) : unknown('a shift out of range');
      case Op.LSH:
        if (c < 64n && dmax << c <= full) return bounded(dmin << c, dmax << c, approx);
        break;
      case Op.ADD:
        if (dmax + c <= full) return bounded(dmin + c, dmax + c, approx);
        break;
      case Op.ARSH:
        if (dmax <= full >> 1n) return bounded(dmin >> c, dmax >> c, approx);
        break;
      case Op.DIV:
        if (c && !off) return bounded(dmin / c, dmax / c, approx);
        break;
      case Op.MOD:
        if (c && !off) return bounded(0n, dmax < c - 1n ? dmax : c - 1n, approx);
        break;
    }
  }
  if (dmin === 0n && dmax === full && approx === undefined && (op === Op.ADD || op === Op.SUB || op === Op.NEG || op === Op.XOR)) {
    // Nothing was known and nothing is: the verifier keeps no more than full bounds here.
    return bounded(0n, full);
  }
  return bounded(0n, full, approx ?? 'a value computed by ALU operations this analysis does not bound as the verifier does');
}

/** Byte swap / endianness conversion (BPF_END) of a known value. */
export function endConst(v: bigint, bits: number, swap: boolean): bigint {
  const x = BigInt.asUintN(bits, v);
  if (!swap) return x;
  let out = 0n;
  for (let i = 0; i < bits / 8; i++) out = (out << 8n) | ((x >> BigInt(i * 8)) & 0xffn);
  return out;
}

/** Conditional jump op codes (BPF_OP of BPF_JMP/JMP32). */
export const JmpOp = { JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40, JNE: 0x50, JSGT: 0x60, JSGE: 0x70, JLT: 0xa0, JLE: 0xb0, JSLT: 0xc0, JSLE: 0xd0 } as const;

function compare(op: number, a: bigint, b: bigint, bits: number): boolean | undefined {
  const sa = signed(a, bits);
  const sb = signed(b, bits);
  switch (op) {
    case JmpOp.JEQ:
      return a === b;
    case JmpOp.JNE:
      return a !== b;
    case JmpOp.JGT:
      return a > b;
    case JmpOp.JGE:
      return a >= b;
    case JmpOp.JLT:
      return a < b;
    case JmpOp.JLE:
      return a <= b;
    case JmpOp.JSET:
      return (a & b) !== 0n;
    case JmpOp.JSGT:
      return sa > sb;
    case JmpOp.JSGE:
      return sa >= sb;
    case JmpOp.JSLT:
      return sa < sb;
    case JmpOp.JSLE:
      return sa <= sb;
    default:
      return undefined;
  }
}

/** Bounds of the sub-register a 32-bit jump compares, when the value fits in it. */
function boundsAt(v: Val, is64: boolean): [bigint, bigint] | undefined {
  const b = boundsOf(v);
  if (!b) return undefined;
  if (is64) return b;
  if (b[0] === b[1]) return [b[0] & U32_MAX, b[0] & U32_MAX];
  return b[1] <= U32_MAX ? b : [0n, U32_MAX];
}

/**
 * is_branch_taken: true/false when every value the operands may hold decides the branch,
 * undefined when both outcomes remain.
 */
export function branchTaken(op: number, a: Val, b: Val, is64: boolean): boolean | undefined {
  const bits = is64 ? 64 : 32;
  if (a.t === 'ptr' || b.t === 'ptr') {
    const [p, other] = a.t === 'ptr' ? [a, b] : [b, a];
    if (other.t !== 'const' || BigInt.asUintN(bits, other.v) !== 0n || p.t !== 'ptr') return undefined;
    if (p.kind !== 'mapval' && p.kind !== 'rodata') return undefined;
    if (op === JmpOp.JEQ) return false;
    if (op === JmpOp.JNE) return true;
    return undefined;
  }
  const ab = boundsAt(a, is64);
  const bb = boundsAt(b, is64);
  if (!ab || !bb) return undefined;
  if (ab[0] === ab[1] && bb[0] === bb[1]) return compare(op, ab[0], bb[0], bits);
  const [amin, amax] = ab;
  const [bmin, bmax] = bb;
  const half = 1n << BigInt(bits - 1);
  switch (op) {
    case JmpOp.JEQ:
    case JmpOp.JNE: {
      const disjoint = amax < bmin || bmax < amin;
      if (disjoint) return op === JmpOp.JNE;
      return undefined;
    }
    case JmpOp.JGT:
      return amin > bmax ? true : amax <= bmin ? false : undefined;
    case JmpOp.JGE:
      return amin >= bmax ? true : amax < bmin ? false : undefined;
    case JmpOp.JLT:
      return amax < bmin ? true : amin >= bmax ? false : undefined;
    case JmpOp.JLE:
      return amax <= bmin ? true : amin > bmax ? false : undefined;
    case JmpOp.JSET:
      if (bmin === bmax && amax < (bmin & -bmin)) return false;
      return undefined;
    default:
      // Signed compares: decided by unsigned bounds only when both stay non-negative.
      if (amax < half && bmax < half) {
        const u = { [JmpOp.JSGT]: JmpOp.JGT, [JmpOp.JSGE]: JmpOp.JGE, [JmpOp.JSLT]: JmpOp.JLT, [JmpOp.JSLE]: JmpOp.JLE }[op];
        return u === undefined ? undefined : branchTaken(u, a, b, is64);
      }
      return undefined;
  }
}

/**
 * What a branch outcome teaches about `a` compared with constant `c` (reg_set_min_max,
 * mark_ptr_or_null_regs): equality makes it known, unsigned compares narrow its bounds, a
 * maybe-null map value is null (a scalar 0) or not. 64-bit compares only, as a 32-bit one
 * narrows only the sub-register.
 */
export function refine(op: number, a: Val, c: bigint, taken: boolean, is64: boolean): Val {
  if (a.t === 'ptr') {
    if (a.kind !== 'mapval-or-null' || c !== 0n || (op !== JmpOp.JEQ && op !== JmpOp.JNE)) return a;
    const isNull = (op === JmpOp.JEQ) === taken;
    return isNull ? konst(0n) : { ...a, kind: 'mapval' };
  }
  if (a.t !== 'scalar') return a;
  const fits = is64 || a.max <= U32_MAX;
  if (!fits) return a;
  const keep = (min: bigint, max: bigint): Val => (min > max ? a : min === max ? konst(min) : { ...a, min, max });
  // The outcome as a relation "a REL c" on the side we are on.
  let rel = op;
  if (!taken) {
    const neg: Record<number, number> = { [JmpOp.JEQ]: JmpOp.JNE, [JmpOp.JNE]: JmpOp.JEQ, [JmpOp.JGT]: JmpOp.JLE, [JmpOp.JLE]: JmpOp.JGT, [JmpOp.JGE]: JmpOp.JLT, [JmpOp.JLT]: JmpOp.JGE };
    const n = neg[op];
    if (n === undefined) return a;
    rel = n;
  }
  switch (rel) {
    case JmpOp.JEQ:
      return c >= a.min && c <= a.max ? konst(c) : a;
    case JmpOp.JNE:
      if (c === a.min) return keep(a.min + 1n, a.max);
      if (c === a.max) return keep(a.min, a.max - 1n);
      return a;
    case JmpOp.JGT:
      return keep(a.min > c + 1n ? a.min : c + 1n, a.max);
    case JmpOp.JGE:
      return keep(a.min > c ? a.min : c, a.max);
    case JmpOp.JLT:
      return c === 0n ? a : keep(a.min, a.max < c - 1n ? a.max : c - 1n);
    case JmpOp.JLE:
      return keep(a.min, a.max < c ? a.max : c);
    default:
      return a;
  }
}

/** The value a load of `bytes` bytes may hold (zero-extended), with why it is approximate. */
export function loaded(bytes: number, approx?: string, id?: number): Val {
  const max = bytes >= 8 ? U64_MAX : (1n << BigInt(bytes * 8)) - 1n;
  return { t: 'scalar', min: 0n, max, ...(approx ? { approx } : {}), ...(id ? { id } : {}) };
}

/** Stable text of a value for state keys; `ids` renumbers link ids canonically. */
export function valKey(v: Val, ids: Map<number, number>): string {
  const id = 'id' in v && v.id ? `#${ids.get(v.id) ?? ids.set(v.id, ids.size + 1).get(v.id)}` : '';
  switch (v.t) {
    case 'uninit':
      return '_';
    case 'const':
      return v.v.toString(16);
    case 'scalar':
      return `[${v.min.toString(16)},${v.max.toString(16)}${v.approx ? '~' : ''}]${id}`;
    case 'ptr':
      return `${v.kind}${v.off ?? ''}${id}`;
  }
}
