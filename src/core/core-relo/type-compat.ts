/**
 * Type-based CO-RE checks: "compatible" (type_exists, type_size, target_type_id) and
 * "matches" (type_matches).
 *
 * Spec: libbpf 1.1.2 relo_core.c — __bpf_core_types_are_compat, bpf_core_names_match,
 * bpf_core_enums_match, bpf_core_composites_match, __bpf_core_types_match (the comments
 * there give the rules). Both start from root types whose names already matched; both
 * are depth-limited (32 hops per level, 32 levels), returning -EINVAL beyond, as libbpf.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { BTF_INT_SIGNED, btfKindStr, essentialNameLen, intBitOffset, intEncoding, kindCoreCompat, skipModsTypedefs, typeOf } from './btf-helpers';
import { CoreError, Errno } from './relo-kinds';

/** Receives libbpf's pr_warn text (ending in a newline). */
export type WarnFn = (msg: string) => void;

const LEVELS = 32;

/** bpf_core_types_are_compat: returns 1/0, throws CoreError(-EINVAL) past the limits. */
export function typesAreCompat(localBtf: Btf, localId: number, targBtf: Btf, targId: number, warn: WarnFn, level = LEVELS): number {
  if (!kindCoreCompat(localBtf.kind(localId), targBtf.kind(targId))) return 0;
  for (let depth = 32; ; ) {
    if (--depth < 0) throw new CoreError(-Errno.EINVAL);
    localId = skipModsTypedefs(localBtf, localId);
    targId = skipModsTypedefs(targBtf, targId);
    const lk = localBtf.kind(localId);
    if (!kindCoreCompat(lk, targBtf.kind(targId))) return 0;
    switch (lk) {
      case BtfKind.Unknown:
      case BtfKind.Struct:
      case BtfKind.Union:
      case BtfKind.Enum:
      case BtfKind.Fwd:
      case BtfKind.Enum64:
        return 1;
      case BtfKind.Int:
        return intBitOffset(localBtf, localId) === 0 && intBitOffset(targBtf, targId) === 0 ? 1 : 0;
      case BtfKind.Ptr:
        localId = localBtf.sizeOrType(localId);
        targId = targBtf.sizeOrType(targId);
        continue;
      case BtfKind.Array: {
        const la = typeOf(localBtf, localId);
        const ta = typeOf(targBtf, targId);
        if (la.kind !== BtfKind.Array || ta.kind !== BtfKind.Array) return 0;
        localId = la.elemTypeId;
        targId = ta.elemTypeId;
        continue;
      }
      case BtfKind.FuncProto: {
        const lp = typeOf(localBtf, localId);
        const tp = typeOf(targBtf, targId);
        if (lp.kind !== BtfKind.FuncProto || tp.kind !== BtfKind.FuncProto) return 0;
        if (lp.params.length !== tp.params.length) return 0;
        for (let i = 0; i < lp.params.length; i++) {
          if (level <= 0) throw new CoreError(-Errno.EINVAL);
          localId = skipModsTypedefs(localBtf, lp.params[i]!.typeId);
          targId = skipModsTypedefs(targBtf, tp.params[i]!.typeId);
          const r = typesAreCompat(localBtf, localId, targBtf, targId, warn, level - 1);
          if (r <= 0) return r;
        }
        localId = skipModsTypedefs(localBtf, lp.returnTypeId);
        targId = skipModsTypedefs(targBtf, tp.returnTypeId);
        continue;
      }
      default:
        warn(`unexpected kind ${btfKindStr(lk)} relocated, local [${localId}], target [${targId}]\n`);
        return 0;
    }
  }
}

/** bpf_core_names_match: essential names equal; an anonymous target matches only an anonymous local. */
export function namesMatch(localName: string, targName: string): boolean {
  if (targName === '') return localName === '';
  const tl = essentialNameLen(targName);
  const ll = essentialNameLen(localName);
  return tl === ll && localName.slice(0, ll) === targName.slice(0, tl);
}

function enumsMatch(localBtf: Btf, localId: number, targBtf: Btf, targId: number): number {
  const lt = typeOf(localBtf, localId);
  const tt = typeOf(targBtf, targId);
  if ((lt.kind !== BtfKind.Enum && lt.kind !== BtfKind.Enum64) || (tt.kind !== BtfKind.Enum && tt.kind !== BtfKind.Enum64)) return 0;
  if (lt.byteSize !== tt.byteSize) return 0;
  if (lt.values.length > tt.values.length) return 0;
  for (const lv of lt.values) if (!tt.values.some((tv) => namesMatch(lv.name, tv.name))) return 0;
  return 1;
}

function compositesMatch(localBtf: Btf, localId: number, targBtf: Btf, targId: number, behindPtr: boolean, level: number, warn: WarnFn): number {
  const lt = typeOf(localBtf, localId);
  const tt = typeOf(targBtf, targId);
  if ((lt.kind !== BtfKind.Struct && lt.kind !== BtfKind.Union) || (tt.kind !== BtfKind.Struct && tt.kind !== BtfKind.Union)) return 0;
  if (lt.members.length > tt.members.length) return 0;
  for (const lm of lt.members) {
    let matched = false;
    for (const tm of tt.members) {
      if (!namesMatch(lm.name, tm.name)) continue;
      const r = typesMatchAt(localBtf, lm.typeId, targBtf, tm.typeId, behindPtr, level - 1, warn);
      if (r > 0) {
        matched = true;
        break;
      }
    }
    if (!matched) return 0;
  }
  return 1;
}

/** bpf_core_types_match (root call: not behind a pointer, 32 levels). */
export function typesMatch(localBtf: Btf, localId: number, targBtf: Btf, targId: number, warn: WarnFn): number {
  return typesMatchAt(localBtf, localId, targBtf, targId, false, LEVELS, warn);
}

function typesMatchAt(
  localBtf: Btf,
  localId: number,
  targBtf: Btf,
  targId: number,
  behindPtr: boolean,
  level: number,
  warn: WarnFn,
): number {
  if (level <= 0) throw new CoreError(-Errno.EINVAL);
  for (let depth = 32; ; ) {
    if (--depth < 0) throw new CoreError(-Errno.EINVAL);
    localId = skipModsTypedefs(localBtf, localId);
    targId = skipModsTypedefs(targBtf, targId);
    if (!namesMatch(localBtf.name(localId), targBtf.name(targId))) return 0;
    const lk = localBtf.kind(localId);
    const tk = targBtf.kind(targId);
    switch (lk) {
      case BtfKind.Unknown:
        return lk === tk ? 1 : 0;
      case BtfKind.Fwd: {
        const lf = localBtf.kindFlag(localId);
        if (behindPtr) {
          if (lk === tk) return lf === targBtf.kindFlag(targId) ? 1 : 0;
          return (tk === BtfKind.Struct && !lf) || (tk === BtfKind.Union && lf) ? 1 : 0;
        }
        if (lk !== tk) return 0;
        return lf === targBtf.kindFlag(targId) ? 1 : 0;
      }
      case BtfKind.Enum:
      case BtfKind.Enum64:
        if (tk !== BtfKind.Enum && tk !== BtfKind.Enum64) return 0;
        return enumsMatch(localBtf, localId, targBtf, targId);
      case BtfKind.Struct:
      case BtfKind.Union:
        if (behindPtr) {
          if (lk === tk) return 1;
          if (tk !== BtfKind.Fwd) return 0;
          return (lk === BtfKind.Union) === targBtf.kindFlag(targId) ? 1 : 0;
        }
        if (lk !== tk) return 0;
        return compositesMatch(localBtf, localId, targBtf, targId, behindPtr, level, warn);
      case BtfKind.Int: {
        if (lk !== tk) return 0;
        const ls = intEncoding(localBtf, localId) & BTF_INT_SIGNED;
        const ts = intEncoding(targBtf, targId) & BTF_INT_SIGNED;
        return localBtf.sizeOrType(localId) === targBtf.sizeOrType(targId) && ls === ts ? 1 : 0;
      }
      case BtfKind.Ptr:
        if (lk !== tk) return 0;
        behindPtr = true;
        localId = localBtf.sizeOrType(localId);
        targId = targBtf.sizeOrType(targId);
        continue;
      case BtfKind.Array: {
        if (lk !== tk) return 0;
        const la = typeOf(localBtf, localId);
        const ta = typeOf(targBtf, targId);
        if (la.kind !== BtfKind.Array || ta.kind !== BtfKind.Array || la.nelems !== ta.nelems) return 0;
        localId = la.elemTypeId;
        targId = ta.elemTypeId;
        continue;
      }
      case BtfKind.FuncProto: {
        if (lk !== tk) return 0;
        const lp = typeOf(localBtf, localId);
        const tp = typeOf(targBtf, targId);
        if (lp.kind !== BtfKind.FuncProto || tp.kind !== BtfKind.FuncProto) return 0;
        if (lp.params.length !== tp.params.length) return 0;
        for (let i = 0; i < lp.params.length; i++) {
          const r = typesMatchAt(localBtf, lp.params[i]!.typeId, targBtf, tp.params[i]!.typeId, behindPtr, level - 1, warn);
          if (r <= 0) return r;
        }
        localId = lp.returnTypeId;
        targId = tp.returnTypeId;
        continue;
      }
      default:
        warn(`unexpected kind ${btfKindStr(lk)} relocated, local [${localId}], target [${targId}]\n`);
        return 0;
    }
  }
}
