/**
 * The playground's C type model and its layout rules: x86-64 System V (LP64), which is
 * also what `clang -target bpf` uses, so the sizes and offsets are the ones a BPF
 * program and the kernel agree on.
 *
 * Layout (computeLayout), as clang does it for these targets:
 * - a member is aligned to its type's alignment (1 in a packed struct or for a packed
 *   member; `aligned(N)` raises it, even when packed);
 * - a bitfield is placed at the current bit unless it would straddle a storage unit of its
 *   declared type's alignment, then it moves to the next such unit; in packed structs it is
 *   placed at the current bit with no constraint;
 * - `T :0` moves the next member to T's alignment; unnamed bitfields do not raise the
 *   struct's alignment and are not emitted to BTF (clang does not);
 * - a union's members all sit at 0; its size is the largest member's;
 * - the size is rounded up to the alignment, which `aligned(N)` on the record can raise.
 */

export type CType =
  | { k: 'void' }
  | { k: 'int'; name: string; size: number; signed: boolean; bool?: boolean }
  | { k: 'float'; name: string; size: number }
  | { k: 'ptr'; to: CType }
  | { k: 'array'; of: CType; n: number | null }
  | { k: 'record'; rec: CRecord }
  | { k: 'enum'; en: CEnum }
  | { k: 'typedef'; td: CTypedef }
  | { k: 'func'; ret: CType; params: { name: string; type: CType }[]; variadic: boolean }
  | { k: 'qual'; q: 'const' | 'volatile' | 'restrict'; of: CType };

export interface CMember {
  name: string;
  type: CType;
  bitWidth?: number | undefined;
  alignAttr?: number | undefined;
  packed?: boolean | undefined;
  line: number;
  col: number;
}

export interface CRecord {
  kind: 'struct' | 'union';
  name: string;
  /** null while only declared (`struct foo;`). */
  members: CMember[] | null;
  packed: boolean;
  alignAttr?: number | undefined;
  line: number;
  col: number;
  layout?: RecordLayout;
}

export interface RecordLayout {
  byteSize: number;
  align: number;
  /** Per member (same order as `members`): bit offset; unnamed bitfields get -1 (not emitted). */
  bitOffsets: number[];
}

export interface CEnum {
  name: string;
  values: { name: string; value: bigint }[] | null;
  packed: boolean;
  line: number;
  col: number;
}

export interface CTypedef {
  name: string;
  type: CType;
  alignAttr?: number | undefined;
}

export const VOID: CType = { k: 'void' };

/** Integer types by their canonical (clang BTF) name. */
export const INT_TYPES: Record<string, { size: number; signed: boolean; bool?: boolean }> = {
  _Bool: { size: 1, signed: false, bool: true },
  char: { size: 1, signed: true },
  'signed char': { size: 1, signed: true },
  'unsigned char': { size: 1, signed: false },
  short: { size: 2, signed: true },
  'unsigned short': { size: 2, signed: false },
  int: { size: 4, signed: true },
  'unsigned int': { size: 4, signed: false },
  long: { size: 8, signed: true },
  'unsigned long': { size: 8, signed: false },
  'long long': { size: 8, signed: true },
  'unsigned long long': { size: 8, signed: false },
  __int128: { size: 16, signed: true },
  'unsigned __int128': { size: 16, signed: false },
};

export function intType(name: string): CType {
  const t = INT_TYPES[name]!;
  return { k: 'int', name, size: t.size, signed: t.signed, ...(t.bool ? { bool: true } : {}) };
}

/** Typedefs the kernel headers and libbpf's vmlinux.h users expect to exist. */
export const PRELUDE_TYPEDEFS: Record<string, string> = {
  __u8: 'unsigned char', __s8: 'signed char', __u16: 'unsigned short', __s16: 'short',
  __u32: 'unsigned int', __s32: 'int', __u64: 'unsigned long long', __s64: 'long long',
  u8: '__u8', s8: '__s8', u16: '__u16', s16: '__s16', u32: '__u32', s32: '__s32', u64: '__u64', s64: '__s64',
  __le16: '__u16', __be16: '__u16', __le32: '__u32', __be32: '__u32', __le64: '__u64', __be64: '__u64',
  int8_t: 'signed char', uint8_t: 'unsigned char', int16_t: 'short', uint16_t: 'unsigned short',
  int32_t: 'int', uint32_t: 'unsigned int', int64_t: 'long', uint64_t: 'unsigned long',
  size_t: 'unsigned long', ssize_t: 'long', uintptr_t: 'unsigned long', pid_t: 'int', uid_t: 'unsigned int',
  gid_t: 'unsigned int', bool: '_Bool', atomic_long_t: 'long',
};

export class LayoutError extends Error {
  constructor(message: string, readonly line: number, readonly col: number) {
    super(message);
  }
}

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** sizeof and _Alignof. Throws LayoutError for incomplete types used by value. */
export function sizeAlign(t: CType, at: { line: number; col: number }, depth = 0): { size: number; align: number } {
  if (depth > 64) throw new LayoutError('type nests too deeply', at.line, at.col);
  switch (t.k) {
    case 'void':
      throw new LayoutError('void has no size', at.line, at.col);
    case 'int':
    case 'float':
      return { size: t.size, align: t.size };
    case 'ptr':
      return { size: 8, align: 8 };
    case 'array': {
      const e = sizeAlign(t.of, at, depth + 1);
      return { size: e.size * (t.n ?? 0), align: e.align };
    }
    case 'record': {
      const l = computeLayout(t.rec, depth + 1);
      return { size: l.byteSize, align: l.align };
    }
    case 'enum':
      return { size: enumSize(t.en), align: enumSize(t.en) };
    case 'typedef': {
      const s = sizeAlign(t.td.type, at, depth + 1);
      return t.td.alignAttr ? { size: s.size, align: t.td.alignAttr } : s;
    }
    case 'func':
      throw new LayoutError('a function has no size (use a pointer to it)', at.line, at.col);
    case 'qual':
      return sizeAlign(t.of, at, depth + 1);
  }
}

/** 4 bytes unless a value needs 64 bits; a packed enum takes the smallest size that fits. */
export function enumSize(en: CEnum): number {
  const vals = en.values ?? [];
  const min = vals.reduce((m, v) => (v.value < m ? v.value : m), 0n);
  const max = vals.reduce((m, v) => (v.value > m ? v.value : m), 0n);
  const fits = (bytes: number): boolean => {
    const bits = BigInt(bytes * 8);
    return min < 0n ? min >= -(1n << (bits - 1n)) && max < 1n << (bits - 1n) : max < 1n << bits;
  };
  if (en.packed) return [1, 2, 4, 8].find(fits) ?? 8;
  return fits(4) ? 4 : 8;
}

/** Lays out a struct/union once (cached on the record). */
export function computeLayout(rec: CRecord, depth = 0): RecordLayout {
  if (rec.layout) return rec.layout;
  if (rec.members === null) {
    throw new LayoutError(`${rec.kind} ${rec.name || '<anonymous>'} is incomplete (declared but not defined)`, rec.line, rec.col);
  }
  if (inProgress.has(rec) || depth > 64) {
    throw new LayoutError(`${rec.kind} ${rec.name || '<anonymous>'} contains itself`, rec.line, rec.col);
  }
  inProgress.add(rec);
  try {
    return (rec.layout = layoutMembers(rec, rec.members, depth));
  } finally {
    inProgress.delete(rec);
  }
}

const inProgress = new Set<CRecord>();

function layoutMembers(rec: CRecord, members: CMember[], depth: number): RecordLayout {
  const isUnion = rec.kind === 'union';
  let offBits = 0;
  let sizeBits = 0;
  let align = 1;
  const bitOffsets: number[] = [];
  for (const m of members) {
    const { size, align: natural } = sizeAlign(m.type, m, depth + 1);
    const packed = rec.packed || !!m.packed;
    let a = packed ? 1 : natural;
    if (m.alignAttr) a = Math.max(a, m.alignAttr);
    if (m.bitWidth !== undefined) {
      const w = m.bitWidth;
      if (w === 0) {
        if (!isUnion) offBits = roundUp(offBits, natural * 8);
        bitOffsets.push(-1);
        continue;
      }
      let at = isUnion ? 0 : offBits;
      if (!isUnion) {
        if (m.alignAttr) at = roundUp(at, m.alignAttr * 8);
        const unit = natural * 8;
        if (!packed && Math.floor(at / unit) !== Math.floor((at + w - 1) / unit)) at = roundUp(at, unit);
        offBits = at + w;
      }
      sizeBits = Math.max(sizeBits, isUnion ? roundUp(w, 8) : offBits);
      bitOffsets.push(m.name === '' ? -1 : at);
      if (m.name !== '') align = Math.max(align, a);
      continue;
    }
    const at = isUnion ? 0 : roundUp(offBits, a * 8);
    bitOffsets.push(at);
    if (!isUnion) offBits = at + size * 8;
    sizeBits = Math.max(sizeBits, isUnion ? size * 8 : offBits);
    align = Math.max(align, a);
  }
  if (rec.alignAttr) align = Math.max(align, rec.alignAttr);
  return { byteSize: roundUp(Math.ceil(sizeBits / 8), align), align, bitOffsets };
}
