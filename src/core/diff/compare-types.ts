/**
 * Detailed comparison of one pair of same-named types: which members, enum values or
 * parameters changed and how. Only called for pairs whose signatures differ (and for the
 * UI's single-type view), so it may build strings freely.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { DiffIndex } from './diff-index';
import type { DiffKind, EnumValueDiff, MemberAspect, MemberDiff, ParamDiff, TypeDiff } from './diff-model';
import { type FlatList, flattenMembers, memberPath } from './flatten';
import type { NameTable } from './name-table';
import { type NamedMember, detectRenames } from './renames';

/** Fills the detail fields of `out` for the pair (idBefore in a, idAfter in b). */
export function describePair(kind: DiffKind, a: DiffIndex, idA: number, b: DiffIndex, idB: number, out: TypeDiff, details: boolean): void {
  describeSide(kind, a, idA, out, 'before', details);
  describeSide(kind, b, idB, out, 'after', details);
  if (!details) return;
  if (kind === 'struct' || kind === 'union') out.members = diffMembers(a, idA, b, idB);
  else if (kind === 'enum') out.values = diffEnumValues(a, idA, b, idB);
  else if (kind === 'func') diffFunc(a, idA, b, idB, out);
  else if (kind === 'typedef') {
    const ta = anonTarget(a, idA);
    const tb = anonTarget(b, idB);
    if (ta && tb && a.btf.kind(ta) === b.btf.kind(tb)) {
      if (a.btf.kind(ta) === BtfKind.Struct || a.btf.kind(ta) === BtfKind.Union) out.members = diffMembers(a, ta, b, tb);
      else out.values = diffEnumValues(a, ta, b, tb);
    }
  }
  if (out.typeBefore !== undefined && out.typeBefore === out.typeAfter && kind !== 'func') {
    // Same spelling, different anonymous contents: spell them out.
    const ta = a.btf.sizeOrType(idA);
    const tb = b.btf.sizeOrType(idB);
    if (a.hashes.spelling(ta) !== b.hashes.spelling(tb)) {
      out.typeBefore = a.namer.expandedTypeName(ta);
      out.typeAfter = b.namer.expandedTypeName(tb);
    }
  }
}

/** Sizes and spellings of one side (all an added/removed entry carries). */
export function describeSide(kind: DiffKind, ix: DiffIndex, id: number, out: TypeDiff, side: 'before' | 'after', details: boolean): void {
  const btf = ix.btf;
  const before = side === 'before';
  if (before) out.idBefore = id;
  else out.idAfter = id;
  let size: number | undefined;
  let type: string | undefined;
  if (kind === 'struct' || kind === 'union' || kind === 'enum') size = btf.sizeOrType(id);
  else if (kind === 'typedef' || kind === 'var') {
    const s = ix.hashes.byteSize(btf.sizeOrType(id));
    if (s >= 0) size = s;
    if (details) type = ix.namer.typeName(btf.sizeOrType(id));
  } else if (details) type = funcDeclaration(ix, id);
  if (size !== undefined) {
    if (before) out.byteSizeBefore = size;
    else out.byteSizeAfter = size;
  }
  if (type !== undefined) {
    if (before) out.typeBefore = type;
    else out.typeAfter = type;
  }
}

/** `int tcp_v4_rcv(struct sk_buff *skb)`. */
export function funcDeclaration(ix: DiffIndex, funcId: number): string {
  return ix.namer.functionDeclaration(ix.namer.name(funcId), ix.btf.sizeOrType(funcId));
}

/** The flattened members of `id`, reusing what computing its signature just left behind. */
function flatFor(ix: DiffIndex, id: number, slot: 0 | 1): FlatList {
  const th = ix.hashes;
  if (slot === 0 && th.listOwner === id) return th.lists[0];
  if (slot === 0) th.listOwner = 0;
  return flattenMembers(th, id, th.lists[slot]);
}

function named(ix: DiffIndex, list: FlatList, i: number, anchor: number): NamedMember {
  return list.member(ix.hashes.raw, i, anchor);
}

/**
 * Changed, added, removed and renamed members of two structs/unions, in offset order.
 * Members are matched by access-path hash and compared by signature hash, straight from
 * the flattened lists: only removed and added members become objects (for rename
 * detection), and only what differs becomes a MemberDiff.
 */
export function diffMembers(a: DiffIndex, idA: number, b: DiffIndex, idB: number): MemberDiff[] {
  const la = flatFor(a, idA, 0);
  const lb = flatFor(b, idB, a === b ? 1 : 0);
  // Match each member of a to the first unmatched member of b with the same access path:
  // usually the next one in order (a short look-ahead covers insertions), else through
  // a path-hash table built only when needed.
  const used = b.hashes.scratchInts(lb.length);
  let table: NameTable | undefined;
  const out: MemberDiff[] = [];
  // Unmatched members as indexes (with the key of the nearest matched member before them);
  // objects with paths only when rename detection has both sides to look at.
  const removedAt: number[] = [];
  const removedAnchor: number[] = [];
  let anchorA = 0;
  let ptr = 0;
  for (let i = 0; i < la.length; i++) {
    const key = la.keyHash[i]!;
    while (ptr < lb.length && used[ptr]) ptr++;
    let j = -1;
    for (let w = ptr; w < lb.length && w < ptr + 8; w++) {
      if (!used[w] && lb.keyHash[w] === key) {
        j = w;
        break;
      }
    }
    if (j < 0) {
      if (!table) {
        table = b.hashes.keyTable.reset(lb.length);
        for (let x = 0; x < lb.length; x++) table.add(lb.keyHash[x]!, x + 1);
      }
      j = firstUnused(table, key, used);
    }
    if (j < 0) {
      removedAt.push(i);
      removedAnchor.push(anchorA);
      continue;
    }
    used[j] = 1;
    anchorA = key;
    if (la.sigHash[i] !== lb.sigHash[j]) out.push(pairAt(a, la, i, b, lb, j, 'changed'));
  }
  const addedAt: number[] = [];
  const addedAnchor: number[] = [];
  let anchorB = 0;
  for (let j = 0; j < lb.length; j++) {
    if (used[j]) anchorB = lb.keyHash[j]!;
    else {
      addedAt.push(j);
      addedAnchor.push(anchorB);
    }
  }
  if (removedAt.length && addedAt.length) {
    const removed = removedAt.map((i, k) => named(a, la, i, removedAnchor[k]!));
    const added = addedAt.map((j, k) => named(b, lb, j, addedAnchor[k]!));
    for (const r of detectRenames(removed, added)) {
      const d = pairAt(a, la, r.before.index, b, lb, r.after.index, 'renamed');
      d.renamedFrom = r.before.path;
      d.renameEvidence = r.evidence;
      out.push(d);
    }
    for (const m of removed) out.push(sideAt(a, la, m.index, { name: m.path, change: 'removed', aspects: NO_ASPECTS }, 'before'));
    for (const m of added) out.push(sideAt(b, lb, m.index, { name: m.path, change: 'added', aspects: NO_ASPECTS }, 'after'));
  } else {
    for (const i of removedAt) out.push(sideAt(a, la, i, { name: memberPath(a.hashes.raw, la, i), change: 'removed', aspects: NO_ASPECTS }, 'before'));
    for (const j of addedAt) out.push(sideAt(b, lb, j, { name: memberPath(b.hashes.raw, lb, j), change: 'added', aspects: NO_ASPECTS }, 'after'));
  }
  return sortByOffset(out);
}

/** The first member index (table values are index + 1) under `key` not used yet, or -1. */
function firstUnused(table: NameTable, key: number, used: Int32Array): number {
  const s = table.find(key);
  if (s < 0) return -1;
  const only = table.idAt(s);
  if (only) return used[only - 1] ? -1 : only - 1;
  for (const c of table.listAt(s)) if (!used[c - 1]) return c - 1;
  return -1;
}

function offsetKey(d: MemberDiff): number {
  return d.bitOffsetAfter ?? d.bitOffsetBefore ?? 0;
}

/** In offset order (after, else before), then by the before offset. */
function compareOffsets(x: MemberDiff, y: MemberDiff): number {
  return offsetKey(x) - offsetKey(y) || (x.bitOffsetBefore ?? 0) - (y.bitOffsetBefore ?? 0);
}

/** Sorts in place: insertion sort for the usual handful (no temporary arrays), else Array#sort. */
function sortByOffset(out: MemberDiff[]): MemberDiff[] {
  if (out.length > 32) return out.sort(compareOffsets);
  for (let i = 1; i < out.length; i++) {
    const d = out[i]!;
    let j = i - 1;
    while (j >= 0 && compareOffsets(out[j]!, d) > 0) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = d;
  }
  return out;
}

/** Every combination of aspects (bit i = ASPECT_ORDER[i]), built once: members share them. */
const ASPECT_ORDER: readonly MemberAspect[] = ['moved', 'resized', 'retyped', 'bitfield', 'container'];
const ASPECT_SETS: readonly (readonly MemberAspect[])[] = Array.from({ length: 32 }, (_, mask) =>
  Object.freeze(ASPECT_ORDER.filter((_, bit) => mask & (1 << bit))),
);
const NO_ASPECTS = ASPECT_SETS[0]!;

function pairAt(a: DiffIndex, la: FlatList, i: number, b: DiffIndex, lb: FlatList, j: number, change: 'changed' | 'renamed'): MemberDiff {
  const retyped = la.typeHash[i] !== lb.typeHash[j];
  const aspects =
    ASPECT_SETS[
      (la.bitOffset[i] !== lb.bitOffset[j] ? 1 : 0) |
        (la.byteSize[i] !== lb.byteSize[j] ? 2 : 0) |
        (retyped ? 4 : 0) |
        (la.bitfieldSize[i] !== lb.bitfieldSize[j] ? 8 : 0) |
        (la.container[i] !== lb.container[j] ? 16 : 0)
    ]!;
  const name = memberPath(b.hashes.raw, lb, j);
  const sizeA = bitSizeOf(la, i);
  const sizeB = bitSizeOf(lb, j);
  let d: MemberDiff;
  if (sizeA !== undefined && sizeB !== undefined) {
    // One literal with every field: cheaper than adding them one by one.
    d = {
      name,
      change,
      aspects,
      bitOffsetBefore: la.bitOffset[i]!,
      bitSizeBefore: sizeA,
      bitfieldBefore: la.bitfieldSize[i]! > 0,
      typeBefore: a.namer.typeName(la.typeId[i]!),
      bitOffsetAfter: lb.bitOffset[j]!,
      bitSizeAfter: sizeB,
      bitfieldAfter: lb.bitfieldSize[j]! > 0,
      typeAfter: b.namer.typeName(lb.typeId[j]!),
    };
    if (la.container[i]) d.containerBefore = la.container[i]!;
    if (lb.container[j]) d.containerAfter = lb.container[j]!;
  } else d = sideAt(b, lb, j, sideAt(a, la, i, { name, change, aspects }, 'before'), 'after');
  if (retyped && d.typeBefore === d.typeAfter) {
    d.typeBefore = a.namer.expandedTypeName(la.typeId[i]!);
    d.typeAfter = b.namer.expandedTypeName(lb.typeId[j]!);
  }
  return d;
}

/** Bitfield width, or the type's byte size in bits; undefined when it has no size. */
function bitSizeOf(l: FlatList, i: number): number | undefined {
  const bitfieldSize = l.bitfieldSize[i]!;
  const byteSize = l.byteSize[i]!;
  return bitfieldSize ? bitfieldSize : byteSize >= 0 ? byteSize * 8 : undefined;
}

function sideAt(ix: DiffIndex, l: FlatList, i: number, d: MemberDiff, side: 'before' | 'after'): MemberDiff {
  const bitfieldSize = l.bitfieldSize[i]!;
  const bitSize = bitSizeOf(l, i);
  const type = ix.namer.typeName(l.typeId[i]!);
  const container = l.container[i]!;
  if (side === 'before') {
    d.bitOffsetBefore = l.bitOffset[i]!;
    if (bitSize !== undefined) d.bitSizeBefore = bitSize;
    d.bitfieldBefore = bitfieldSize > 0;
    d.typeBefore = type;
    if (container) d.containerBefore = container;
  } else {
    d.bitOffsetAfter = l.bitOffset[i]!;
    if (bitSize !== undefined) d.bitSizeAfter = bitSize;
    d.bitfieldAfter = bitfieldSize > 0;
    d.typeAfter = type;
    if (container) d.containerAfter = container;
  }
  return d;
}

interface EnumValues {
  nameOffs: number[];
  /** Canonical 64-bit patterns (32-bit ENUM values sign-extended): what is compared. */
  canon: bigint[];
  /** As the enum's signedness reads them: what is shown. */
  shown: bigint[];
}

function readEnum(ix: DiffIndex, id: number): EnumValues | undefined {
  const btf = ix.btf;
  const k = btf.kind(id);
  if (k !== BtfKind.Enum && k !== BtfKind.Enum64) return undefined;
  const raw = ix.hashes.raw;
  const es = k === BtfKind.Enum64 ? 12 : 8;
  const signed = btf.kindFlag(id);
  const n = btf.vlen(id);
  const p = raw.locate(id);
  const out: EnumValues = { nameOffs: [], canon: [], shown: [] };
  for (let i = 0; i < n; i++) {
    out.nameOffs.push(raw.enumNameOff(p, i, es));
    const lo = raw.enumLo(p, i, es);
    if (es === 8) {
      out.canon.push(BigInt(lo | 0));
      out.shown.push(BigInt(signed ? lo | 0 : lo >>> 0));
    } else {
      const u = (BigInt(raw.enumHi(p, i)) << 32n) | BigInt(lo >>> 0);
      out.canon.push(BigInt.asIntN(64, u));
      out.shown.push(signed ? BigInt.asIntN(64, u) : u);
    }
  }
  return out;
}

/** Values added, removed and changed, matched by name (name hashes; names decoded for output only). */
export function diffEnumValues(a: DiffIndex, idA: number, b: DiffIndex, idB: number): EnumValueDiff[] {
  const va = readEnum(a, idA);
  const vb = readEnum(b, idB);
  if (!va || !vb) return [];
  const after = new Map<number, number>();
  vb.nameOffs.forEach((off, j) => after.set(b.hashes.nameHash(off), j));
  const out: EnumValueDiff[] = [];
  const name = (ix: DiffIndex, off: number): string => ix.hashes.raw.str(off);
  for (let i = 0; i < va.nameOffs.length; i++) {
    const h = a.hashes.nameHash(va.nameOffs[i]!);
    const j = after.get(h);
    if (j === undefined) out.push({ name: name(a, va.nameOffs[i]!), change: 'removed', valueBefore: String(va.shown[i]) });
    else {
      after.delete(h);
      if (va.canon[i] !== vb.canon[j]) {
        out.push({ name: name(a, va.nameOffs[i]!), change: 'changed', valueBefore: String(va.shown[i]), valueAfter: String(vb.shown[j]) });
      }
    }
  }
  for (const j of after.values()) out.push({ name: name(b, vb.nameOffs[j]!), change: 'added', valueAfter: String(vb.shown[j]) });
  return out;
}

/**
 * A prototype's parameters as (type, name_off) pairs, read into the side's scratch ints
 * (no arrays per function: this runs for every changed function). -1 when `funcId` has no
 * valid FUNC_PROTO.
 */
function readParams(ix: DiffIndex, funcId: number, into: Uint32Array): number {
  const btf = ix.btf;
  const proto = btf.sizeOrType(funcId);
  if (!btf.isValidId(proto) || btf.kind(proto) !== BtfKind.FuncProto) return -1;
  const raw = ix.hashes.raw;
  const n = btf.vlen(proto);
  const p = raw.locate(proto);
  for (let i = 0; i < n; i++) {
    into[2 * i] = raw.paramType(p, i);
    into[2 * i + 1] = raw.paramNameOff(p, i);
  }
  return n;
}

function diffFunc(a: DiffIndex, idA: number, b: DiffIndex, idB: number, out: TypeDiff): void {
  const protoA = a.btf.sizeOrType(idA);
  const protoB = b.btf.sizeOrType(idB);
  if (!a.btf.isValidId(protoA) || !b.btf.isValidId(protoB)) return;
  // Scratch big enough for both lists (vlen ≤ 0xffff), one side in each half when a === b.
  const na0 = a.btf.kind(protoA) === BtfKind.FuncProto ? a.btf.vlen(protoA) : 0;
  const nb0 = b.btf.kind(protoB) === BtfKind.FuncProto ? b.btf.vlen(protoB) : 0;
  const pa = a.hashes.scratchUints(2 * (na0 + nb0));
  const pb = a === b ? pa.subarray(2 * na0) : b.hashes.scratchUints(2 * nb0);
  const na = readParams(a, idA, pa);
  const nb = readParams(b, idB, pb);
  if (na < 0 || nb < 0) return;
  const retA = a.btf.sizeOrType(protoA);
  const retB = b.btf.sizeOrType(protoB);
  if (a.hashes.spelling(retA) !== b.hashes.spelling(retB)) {
    out.returnTypeBefore = a.namer.typeName(retA);
    out.returnTypeAfter = b.namer.typeName(retB);
  }
  const params: ParamDiff[] = [];
  const n = Math.max(na, nb);
  for (let i = 0; i < n; i++) {
    if (i < na && i < nb) {
      const va = isVararg(pa, i, na);
      const vb = isVararg(pb, i, nb);
      const sameType = va === vb && (va || a.hashes.spelling(pa[2 * i]!) === b.hashes.spelling(pb[2 * i]!));
      if (!sameType || a.hashes.nameHash(pa[2 * i + 1]!) !== b.hashes.nameHash(pb[2 * i + 1]!)) {
        params.push({
          index: i,
          change: 'changed',
          nameBefore: a.hashes.raw.str(pa[2 * i + 1]!),
          nameAfter: b.hashes.raw.str(pb[2 * i + 1]!),
          typeBefore: paramSpelling(a, pa, i, na),
          typeAfter: paramSpelling(b, pb, i, nb),
        });
      }
    } else if (i < na) params.push({ index: i, change: 'removed', nameBefore: a.hashes.raw.str(pa[2 * i + 1]!), typeBefore: paramSpelling(a, pa, i, na) });
    else params.push({ index: i, change: 'added', nameAfter: b.hashes.raw.str(pb[2 * i + 1]!), typeAfter: paramSpelling(b, pb, i, nb) });
  }
  out.params = params;
}

/** The last parameter of a variadic function: type 0 and no name. */
function isVararg(params: Uint32Array, i: number, n: number): boolean {
  return i === n - 1 && params[2 * i] === 0 && params[2 * i + 1] === 0;
}

function paramSpelling(ix: DiffIndex, params: Uint32Array, i: number, n: number): string {
  return isVararg(params, i, n) ? '...' : ix.namer.typeName(params[2 * i]!);
}

/** The anonymous struct/union/enum a typedef names (under qualifiers), or 0. */
function anonTarget(ix: DiffIndex, typedefId: number): number {
  const btf = ix.btf;
  let t = btf.sizeOrType(typedefId);
  for (let d = 0; d < 32 && btf.isValidId(t); d++) {
    const k = btf.kind(t);
    if (k === BtfKind.Struct || k === BtfKind.Union || k === BtfKind.Enum || k === BtfKind.Enum64) return ix.namer.name(t) ? 0 : t;
    if (k !== BtfKind.Const && k !== BtfKind.Volatile && k !== BtfKind.Restrict && k !== BtfKind.TypeTag) return 0;
    t = btf.sizeOrType(t);
  }
  return 0;
}
