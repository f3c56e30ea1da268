/**
 * Detailed comparison of one pair of same-named types: which members, enum values or
 * parameters changed and how. Only called for pairs whose signatures differ (and for the
 * UI's single-type view), so it may build strings freely.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { DiffIndex } from './diff-index';
import type { DiffKind, EnumValueDiff, MemberAspect, MemberDiff, ParamDiff, TypeDiff } from './diff-model';
import { type FlatList, type FlatMember, flattenMembers } from './flatten';
import { NameTable } from './name-table';
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
  return ix.namer.functionDeclaration(ix.btf.name(funcId), ix.btf.sizeOrType(funcId));
}

function named(ix: DiffIndex, list: FlatList, i: number): NamedMember {
  return list.member(ix.btf, i);
}

/**
 * Changed, added, removed and renamed members of two structs/unions, in offset order.
 * Members are matched by access-path hash; those whose whole signature matches are
 * skipped before any name is decoded (most members of a changed struct are unchanged).
 */
export function diffMembers(a: DiffIndex, idA: number, b: DiffIndex, idB: number): MemberDiff[] {
  const la = flattenMembers(a.hashes, idA, a.hashes.lists[0]);
  const lb = flattenMembers(b.hashes, idB, b.hashes.lists[a === b ? 1 : 0]);
  // Access-path hash → members of b; repeated paths (unnamed members) match in order.
  const byKey = new NameTable(lb.length);
  for (let j = 0; j < lb.length; j++) byKey.add(lb.keyHash[j]!, j + 1);
  const taken = new Int32Array(byKey.capacity);
  const usedB = new Uint8Array(lb.length);
  const out: MemberDiff[] = [];
  const removed: NamedMember[] = [];
  let anchorA = 0;
  for (let i = 0; i < la.length; i++) {
    const s = byKey.find(la.keyHash[i]!);
    const single = s < 0 ? 0 : byKey.idAt(s);
    const list = s < 0 || single ? undefined : byKey.listAt(s);
    const k = s < 0 ? 0 : taken[s]!;
    const j = s < 0 ? -1 : single ? (k ? -1 : single - 1) : k < list!.length ? list![k]! - 1 : -1;
    if (j < 0) {
      const m = named(a, la, i);
      m.anchor = anchorA;
      removed.push(m);
      continue;
    }
    taken[s]!++;
    usedB[j] = 1;
    anchorA = la.keyHash[i]!;
    if (la.sigHash[i] !== lb.sigHash[j]) out.push(memberPair(a, named(a, la, i), b, named(b, lb, j), 'changed'));
  }
  const added: NamedMember[] = [];
  let anchorB = 0;
  for (let j = 0; j < lb.length; j++) {
    if (usedB[j]) anchorB = lb.keyHash[j]!;
    else {
      const m = named(b, lb, j);
      m.anchor = anchorB;
      added.push(m);
    }
  }
  for (const r of detectRenames(removed, added)) {
    const d = memberPair(a, r.before, b, r.after, 'renamed');
    d.renamedFrom = r.before.path;
    d.renameEvidence = r.evidence;
    out.push(d);
  }
  for (const m of removed) out.push(memberSide(a, m, { name: m.path, change: 'removed', aspects: [] }, 'before'));
  for (const m of added) out.push(memberSide(b, m, { name: m.path, change: 'added', aspects: [] }, 'after'));
  const at = (d: MemberDiff): number => d.bitOffsetAfter ?? d.bitOffsetBefore ?? 0;
  out.sort((x, y) => at(x) - at(y) || (x.bitOffsetBefore ?? 0) - (y.bitOffsetBefore ?? 0));
  return out;
}

function memberPair(a: DiffIndex, m: NamedMember, b: DiffIndex, n: NamedMember, change: 'changed' | 'renamed'): MemberDiff {
  const aspects: MemberAspect[] = [];
  if (m.bitOffset !== n.bitOffset) aspects.push('moved');
  if (m.byteSize !== n.byteSize) aspects.push('resized');
  if (m.typeHash !== n.typeHash) aspects.push('retyped');
  if (m.bitfieldSize !== n.bitfieldSize) aspects.push('bitfield');
  if (m.container !== n.container) aspects.push('container');
  const d = memberSide(b, n, memberSide(a, m, { name: n.path, change, aspects }, 'before'), 'after');
  if (d.typeBefore === d.typeAfter && m.typeHash !== n.typeHash) {
    d.typeBefore = a.namer.expandedTypeName(m.typeId);
    d.typeAfter = b.namer.expandedTypeName(n.typeId);
  }
  return d;
}

function memberSide(ix: DiffIndex, m: FlatMember, d: MemberDiff, side: 'before' | 'after'): MemberDiff {
  const bitSize = m.bitfieldSize ? m.bitfieldSize : m.byteSize >= 0 ? m.byteSize * 8 : undefined;
  const type = ix.namer.typeName(m.typeId);
  if (side === 'before') {
    d.bitOffsetBefore = m.bitOffset;
    if (bitSize !== undefined) d.bitSizeBefore = bitSize;
    d.bitfieldBefore = m.bitfieldSize > 0;
    d.typeBefore = type;
    if (m.container) d.containerBefore = m.container;
  } else {
    d.bitOffsetAfter = m.bitOffset;
    if (bitSize !== undefined) d.bitSizeAfter = bitSize;
    d.bitfieldAfter = m.bitfieldSize > 0;
    d.typeAfter = type;
    if (m.container) d.containerAfter = m.container;
  }
  return d;
}

/** 32-bit enum values compare as 32-bit patterns (see TypeHashes.enumSignature). */
function canonicalValue(kind: number, value: number, value64: bigint): bigint {
  return kind === BtfKind.Enum ? BigInt(value | 0) : BigInt.asIntN(64, value64);
}

export function diffEnumValues(a: DiffIndex, idA: number, b: DiffIndex, idB: number): EnumValueDiff[] {
  const ta = a.btf.type(idA);
  const tb = b.btf.type(idB);
  if ((ta.kind !== BtfKind.Enum && ta.kind !== BtfKind.Enum64) || (tb.kind !== BtfKind.Enum && tb.kind !== BtfKind.Enum64)) return [];
  const after = new Map(tb.values.map((v) => [v.name, v]));
  const out: EnumValueDiff[] = [];
  for (const v of ta.values) {
    const w = after.get(v.name);
    if (!w) out.push({ name: v.name, change: 'removed', valueBefore: String(v.value64) });
    else {
      after.delete(v.name);
      if (canonicalValue(ta.kind, v.value, v.value64) !== canonicalValue(tb.kind, w.value, w.value64))
        out.push({ name: v.name, change: 'changed', valueBefore: String(v.value64), valueAfter: String(w.value64) });
    }
  }
  for (const w of after.values()) out.push({ name: w.name, change: 'added', valueAfter: String(w.value64) });
  return out;
}

interface Params {
  types: number[];
  names: string[];
  returnType: number;
}

function readParams(ix: DiffIndex, funcId: number): Params | undefined {
  const btf = ix.btf;
  const proto = btf.sizeOrType(funcId);
  if (!btf.isValidId(proto) || btf.kind(proto) !== BtfKind.FuncProto) return undefined;
  const raw = ix.hashes.raw;
  const n = btf.vlen(proto);
  const p = raw.locate(proto);
  const out: Params = { types: [], names: [], returnType: btf.sizeOrType(proto) };
  for (let i = 0; i < n; i++) {
    out.types.push(raw.paramType(p, i));
    out.names.push(btf.str(raw.paramNameOff(p, i)));
  }
  return out;
}

function diffFunc(a: DiffIndex, idA: number, b: DiffIndex, idB: number, out: TypeDiff): void {
  const pa = readParams(a, idA);
  const pb = readParams(b, idB);
  if (!pa || !pb) return;
  if (a.hashes.spelling(pa.returnType) !== b.hashes.spelling(pb.returnType)) {
    out.returnTypeBefore = a.namer.typeName(pa.returnType);
    out.returnTypeAfter = b.namer.typeName(pb.returnType);
  }
  const params: ParamDiff[] = [];
  const na = pa.types.length;
  const nb = pb.types.length;
  const vararg = (x: Params, i: number, n: number): boolean => i === n - 1 && x.types[i] === 0 && !x.names[i];
  const spell = (ix: DiffIndex, x: Params, i: number, n: number): string => (vararg(x, i, n) ? '...' : ix.namer.typeName(x.types[i]!));
  for (let i = 0; i < Math.max(na, nb); i++) {
    if (i < na && i < nb) {
      const va = vararg(pa, i, na);
      const vb = vararg(pb, i, nb);
      const sameType = va === vb && (va || a.hashes.spelling(pa.types[i]!) === b.hashes.spelling(pb.types[i]!));
      if (!sameType || pa.names[i] !== pb.names[i]) {
        params.push({
          index: i,
          change: 'changed',
          nameBefore: pa.names[i]!,
          nameAfter: pb.names[i]!,
          typeBefore: spell(a, pa, i, na),
          typeAfter: spell(b, pb, i, nb),
        });
      }
    } else if (i < na) params.push({ index: i, change: 'removed', nameBefore: pa.names[i]!, typeBefore: spell(a, pa, i, na) });
    else params.push({ index: i, change: 'added', nameAfter: pb.names[i]!, typeAfter: spell(b, pb, i, nb) });
  }
  out.params = params;
}

/** The anonymous struct/union/enum a typedef names (under qualifiers), or 0. */
function anonTarget(ix: DiffIndex, typedefId: number): number {
  const btf = ix.btf;
  let t = btf.sizeOrType(typedefId);
  for (let d = 0; d < 32 && btf.isValidId(t); d++) {
    const k = btf.kind(t);
    if (k === BtfKind.Struct || k === BtfKind.Union || k === BtfKind.Enum || k === BtfKind.Enum64) return btf.name(t) ? 0 : t;
    if (k !== BtfKind.Const && k !== BtfKind.Volatile && k !== BtfKind.Restrict && k !== BtfKind.TypeTag) return 0;
    t = btf.sizeOrType(t);
  }
  return 0;
}
