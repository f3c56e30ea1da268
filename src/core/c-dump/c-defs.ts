/**
 * C definitions of structs, unions, enums, forward declarations and typedefs, as libbpf 1.1
 * writes them (btf_dump.c `btf_dump_emit_struct_def`, `btf_dump_emit_bit_padding`,
 * `btf_dump_emit_enum_def`, `btf_dump_emit_typedef_def`).
 *
 * Struct layout is made explicit where the compiler would not reproduce it: gaps become
 * anonymous bitfields (`long: 64;`, `int: 0;`), misaligned layouts get
 * `__attribute__((packed))`.
 *
 * Which libbpf: Debian's bpftool 7.1 is built from the Linux 6.1 stable tree, whose
 * tools/lib/bpf is libbpf 1.0 plus backports: the 1.1 padding and packed-struct logic and
 * the 2024 `(void)` fix for parameterless prototypes, but not 1.1's enum `mode(...)`
 * attributes. The golden dumps of all four fixture kernels pin this down.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { CDumper } from './c-dumper';
import { emitTypeDecl } from './c-decl';

export function emitStructFwd(d: CDumper, id: number): void {
  const t = d.t;
  const kw = t.kind[id] === BtfKind.Struct ? 'struct' : 'union';
  d.p(kw);
  if (t.nameOff[id]) {
    d.p(' ');
    d.pTypeName(id);
  }
}

export function emitStructDef(d: CDumper, id: number, lvl: number): void {
  const t = d.t;
  const m = d.metrics;
  const isStruct = t.kind[id] === BtfKind.Struct;
  const size = t.sizeOrType[id]!;
  const vlen = t.vlen[id]!;
  const e0 = t.entryStart[id]!;
  const kflag = t.kflag[id]!;
  const align = m.alignOf(id);
  const packed = isStruct ? m.isStructPacked(id) : false;
  const kw = isStruct ? 'struct' : 'union';
  const spanStart = d.beginSpan(id);

  if (t.nameOff[id]) {
    d.p(kw);
    d.p(' ');
    d.pTypeName(id);
    d.p(' {');
  } else {
    d.p(kw);
    d.p(' {');
  }
  const inner = d.pfx(lvl + 1);
  const bad = d.invalid(id);
  if (bad) {
    // The kernel refuses this type (e.g. a member past its end): no members, no padding
    // computed from them, just a pointer to the diagnostic.
    d.p('\n');
    d.p(inner);
    d.p(`/* invalid BTF type [${id}] (${bad.code}): members not shown */\n`);
    d.warn(`type [${id}] is invalid (${bad.code}): its members were not dumped`);
    d.p(d.pfx(lvl));
    d.p('}');
    d.endSpan(id, spanStart, lvl);
    return;
  }
  let off = 0;
  let prevBitfield = false;
  for (let i = 0; i < vlen; i++) {
    const raw = t.c[e0 + i]!;
    const mType = t.b[e0 + i]!;
    const fname = t.a[e0 + i]!;
    let mSz = kflag ? raw >>> 24 : 0;
    // libbpf holds offsets in C ints: a bit offset past 2^31 wraps negative, as in bpftool.
    const mOff = kflag ? raw & 0xffffff : raw | 0;
    const mAlign = packed ? 1 : m.alignOf(mType);
    const inBitfield = prevBitfield && mSz !== 0;

    emitBitPadding(d, off, mOff, mAlign, inBitfield, lvl + 1);
    d.p('\n');
    d.p(inner);
    emitTypeDecl(d, mType, fname, lvl + 1);
    if (mSz) {
      d.p(': ');
      d.p(String(mSz));
      off = (mOff + mSz) | 0;
      prevBitfield = true;
    } else {
      mSz = Math.max(0, m.resolveSize(mType)) | 0;
      off = (mOff + Math.imul(mSz, 8)) | 0;
      prevBitfield = false;
    }
    d.p(';');
  }
  // `t->size * 8` is u32 arithmetic passed as an int: a struct of 256 MiB or more wraps.
  if (isStruct) emitBitPadding(d, off, Math.imul(size, 8), align, false, lvl + 1);

  // Keep `struct empty {}` on one line.
  if (vlen || size) {
    d.p('\n');
    d.p(d.pfx(lvl));
  }
  d.p('}');
  if (packed) d.p(' __attribute__((packed))');
  d.endSpan(id, spanStart, lvl);
}

const PAD_NAMES = ['long', 'int', 'short', 'char'];

/**
 * libbpf's roundup() on C ints: x rounded up to a multiple of y, wrapping past 2^31 and
 * dividing toward zero for negative x (a cold V8 boxes x / y, so the usual case avoids it).
 */
function roundup(x: number, y: number): number {
  if (x >= 0 && x <= 0x7fffffff - y) {
    const r = x % y;
    return r === 0 ? x : x + y - r;
  }
  return Math.imul(Math.trunc(((x + y - 1) | 0) / y), y);
}

/**
 * Fills the bit gap [curOff, nextOff) with anonymous bitfields, using the largest of
 * long/int/short/char that reaches an aligned boundary, and a `<type>: 0` marker where the
 * compiler would not align there by itself.
 */
function emitBitPadding(d: CDumper, curOff: number, nextOff: number, nextAlign: number, inBitfield: boolean, lvl: number): void {
  if (curOff >= nextOff) return;
  const padBitsOf = d.padBits;
  let padBits = 0;
  let padType = '';
  let newOff = 0;
  for (let i = 0; i < 4; i++) {
    padBits = padBitsOf[i]!;
    padType = PAD_NAMES[i]!;
    newOff = roundup(curOff, padBits);
    if (newOff <= nextOff) break;
  }
  const pfx = d.pfx(lvl);
  if (newOff > curOff && newOff <= nextOff) {
    if (
      inBitfield ||
      (newOff === nextOff && roundup(curOff, nextAlign * 8) !== newOff) ||
      (newOff !== nextOff && ((nextOff - newOff) | 0) <= ((newOff - curOff) | 0))
    ) {
      padLine(d, pfx, padType, inBitfield ? (newOff - curOff) | 0 : 0);
    }
    curOff = newOff;
  }
  // Past a million shown lines in all, every long gap is cut short (many members, each with a gap).
  const limit = d.padLineLimit === undefined ? undefined : d.padLinesShown > 1 << 20 ? 8 : d.padLineLimit;
  const gap = (nextOff - curOff) | 0;
  if (limit !== undefined && gap > 0 && gap / padBits > limit) {
    // On screen, a gap of millions of identical lines shows its first few and a count.
    const lines = Math.floor(gap / padBits);
    const shown = Math.min(lines, limit);
    for (let i = 0; i < shown; i++) padLine(d, pfx, padType, padBits);
    d.padLinesShown += shown;
    const rest = lines - shown;
    const lineBytes = 1 + pfx.length + padType.length + 2 + String(padBits).length + 1;
    d.omittedLines += rest;
    d.omittedBytes += rest * lineBytes;
    d.p('\n');
    d.p(pfx);
    d.p(`/* ... ${rest} more \`${padType}: ${padBits};\` padding lines (${rest * lineBytes} bytes) not shown */`);
    curOff = (curOff + lines * padBits) | 0;
  }
  // C int arithmetic throughout, so huge offsets print what bpftool prints.
  while (curOff !== nextOff) {
    const bits = Math.min((nextOff - curOff) | 0, padBits);
    if (bits === padBits) {
      padLine(d, pfx, padType, padBits);
      curOff = (curOff + bits) | 0;
      continue;
    }
    // The remainder gets the smallest type that holds it, for readability.
    for (let i = 3; i >= 0; i--) {
      padType = PAD_NAMES[i]!;
      padBits = padBitsOf[i]!;
      if (padBits < bits) continue;
      padLine(d, pfx, padType, bits);
      curOff = (curOff + bits) | 0;
      break;
    }
  }
}

/** `\n<indent><type>: <bits>;` */
function padLine(d: CDumper, pfx: string, padType: string, bits: number): void {
  d.p('\n');
  d.p(pfx);
  d.p(padType);
  d.p(': ');
  d.p(String(bits));
  d.p(';');
}

export function emitEnumDef(d: CDumper, id: number, lvl: number): void {
  const t = d.t;
  const vlen = t.vlen[id]!;
  const spanStart = d.beginSpan(id);
  d.p('enum');
  if (t.nameOff[id]) {
    d.p(' ');
    d.pTypeName(id);
  }
  if (!vlen) {
    d.endSpan(id, spanStart, lvl);
    return;
  }
  d.p(' {');
  const e0 = t.entryStart[id]!;
  const isSigned = t.kflag[id] === 1;
  const is64 = t.kind[id] === BtfKind.Enum64;
  const inner = d.pfx(lvl + 1);
  for (let i = 0; i < vlen; i++) {
    const nameOff = t.a[e0 + i]!;
    // Enumerators share the namespace of typedef names.
    const dup = d.identNames.inc(d.names.ofEntry[e0 + i]!);
    d.p('\n');
    d.p(inner);
    d.pStr(nameOff);
    if (dup > 1) d.p('___' + dup);
    d.p(' = ');
    if (is64) {
      const u = (BigInt(t.c[e0 + i]!) << 32n) | BigInt(t.b[e0 + i]!);
      d.p(isSigned ? `${BigInt.asIntN(64, u)}LL` : `${u}ULL`);
    } else {
      const raw = t.b[e0 + i]!;
      d.p(String(isSigned ? raw | 0 : raw >>> 0));
    }
    d.p(',');
  }
  d.p('\n' + d.pfx(lvl) + '}');
  // mode(byte)/mode(word) for odd-sized enums came in libbpf 1.1 but is not in the Linux 6.1
  // tools/lib/bpf that Debian's bpftool 7.1 is built from (the golden dumps show it), so it
  // is opt-in. Without it a 1- or 8-byte enum becomes 4 bytes in C and layouts shift.
  if (d.enumModes) emitEnumMode(d, id, vlen, e0, is64);
  d.endSpan(id, spanStart, lvl);
}

/** libbpf 1.1's size attributes for enums whose BTF size C would not pick by itself. */
function emitEnumMode(d: CDumper, id: number, vlen: number, e0: number, is64: boolean): void {
  const t = d.t;
  const size = t.sizeOrType[id]!;
  if (size === 1) {
    d.p(' __attribute__((mode(byte)))');
  } else if (size === 8 && d.ptrSize === 8) {
    // An ENUM cannot hold 64-bit values; an ENUM64 whose values all fit 32 bits would not
    // become 8 bytes by itself either.
    let needsWordMode = true;
    if (is64) {
      for (let i = 0; i < vlen; i++) {
        if (t.c[e0 + i] !== 0) {
          needsWordMode = false;
          break;
        }
      }
    }
    if (needsWordMode) d.p(' __attribute__((mode(word)))');
  }
}

export function emitFwdDef(d: CDumper, id: number): void {
  d.p(d.t.kflag[id] ? 'union ' : 'struct ');
  d.pTypeName(id);
}

export function emitTypedefDef(d: CDumper, id: number, lvl: number): void {
  const t = d.t;
  const spanStart = d.beginSpan(id);
  const name = d.identFName(id);
  const target = t.sizeOrType[id]!;
  // Old GCCs emit __gnuc_va_list as a typedef of void; write what compiles.
  if (target === 0 && d.identName(id) === '__gnuc_va_list') {
    d.p('typedef __builtin_va_list __gnuc_va_list');
  } else {
    d.p('typedef ');
    emitTypeDecl(d, target, name, lvl);
  }
  d.endSpan(id, spanStart, lvl);
}

/** GCC's Arm SIMD __PolyX_t base types, aliased to standard types. */
const MISSING_BASE_TYPES: Record<string, string> = {
  __Poly8_t: 'unsigned char',
  __Poly16_t: 'unsigned short',
  __Poly64_t: 'unsigned long long',
  __Poly128_t: 'unsigned __int128',
};

export function emitMissingAliases(d: CDumper, id: number): void {
  // Resolving the name counts it in the type-name namespace, as libbpf does for every INT.
  const name = d.typeName(id);
  if (name.startsWith('__Poly') && Object.prototype.hasOwnProperty.call(MISSING_BASE_TYPES, name)) {
    d.p(`typedef ${MISSING_BASE_TYPES[name]} ${name};\n\n`);
  }
}
