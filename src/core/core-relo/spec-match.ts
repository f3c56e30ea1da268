/**
 * Matching a local CO-RE spec against one target candidate type: member lookup by name
 * through anonymous structs/unions, array bounds (flexible arrays allowed), field type
 * compatibility, enumerator lookup by essential name, and the type-based checks.
 *
 * Spec: libbpf 1.1.2 relo_core.c — bpf_core_fields_are_compat, bpf_core_match_member,
 * bpf_core_spec_match. Return values follow libbpf: 1 match, 0 no match; errors throw
 * CoreError. The target spec is mutated exactly as libbpf mutates it, including what a
 * failed match leaves behind (the debug log prints it).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import {
  essentialNameLen,
  intBitOffset,
  isComposite,
  kindCoreCompat,
  resolveSize,
  skipModsTypedefs,
  typeOf,
} from './btf-helpers';
import { CoreError, CoreReloKind, Errno, isEnumvalBased, isFieldBased, isTypeBased } from './relo-kinds';
import { CORE_SPEC_MAX_LEN, type CoreAccessor, type CoreSpec, emptySpec, isFlexArr } from './spec';
import { typesAreCompat, typesMatch, type WarnFn } from './type-compat';

function essentialNamesEqual(a: string, b: string): boolean {
  const la = essentialNameLen(a);
  const lb = essentialNameLen(b);
  return la === lb && a.slice(0, la) === b.slice(0, lb);
}

/** bpf_core_fields_are_compat. */
export function fieldsAreCompat(localBtf: Btf, localId: number, targBtf: Btf, targId: number): number {
  for (let depth = 0; depth < 64; depth++) {
    localId = skipModsTypedefs(localBtf, localId);
    targId = skipModsTypedefs(targBtf, targId);
    const lk = localBtf.kind(localId);
    const tk = targBtf.kind(targId);
    if (isComposite(lk) && isComposite(tk)) return 1;
    if (!kindCoreCompat(lk, tk)) return 0;
    switch (lk) {
      case BtfKind.Ptr:
      case BtfKind.Float:
        return 1;
      case BtfKind.Fwd:
      case BtfKind.Enum64:
      case BtfKind.Enum: {
        const ln = localBtf.name(localId);
        const tn = targBtf.name(targId);
        const ll = essentialNameLen(ln);
        const tl = essentialNameLen(tn);
        return ll === 0 || tl === 0 || (ll === tl && ln.slice(0, ll) === tn.slice(0, tl)) ? 1 : 0;
      }
      case BtfKind.Int:
        return intBitOffset(localBtf, localId) === 0 && intBitOffset(targBtf, targId) === 0 ? 1 : 0;
      case BtfKind.Array: {
        const la = typeOf(localBtf, localId);
        const ta = typeOf(targBtf, targId);
        if (la.kind !== BtfKind.Array || ta.kind !== BtfKind.Array) return 0;
        localId = la.elemTypeId;
        targId = ta.elemTypeId;
        continue;
      }
      default:
        return 0;
    }
  }
  throw new CoreError(-Errno.EINVAL);
}

/**
 * bpf_core_match_member: finds the local named accessor's field in target type `targId`,
 * descending into anonymous members; pushes onto `spec` as it goes. Returns the result
 * and the target field's type id.
 */
function matchMember(
  localBtf: Btf,
  localAcc: CoreAccessor,
  targBtf: Btf,
  targId: number,
  spec: CoreSpec,
  next: { id: number },
): number {
  targId = skipModsTypedefs(targBtf, targId);
  const tt = typeOf(targBtf, targId);
  if (tt.kind !== BtfKind.Struct && tt.kind !== BtfKind.Union) return 0;
  const lt = typeOf(localBtf, localAcc.typeId);
  if (lt.kind !== BtfKind.Struct && lt.kind !== BtfKind.Union) throw new CoreError(-Errno.EINVAL);
  const localMember = lt.members[localAcc.idx]!;
  const localName = localMember.name;
  for (let i = 0; i < tt.members.length; i++) {
    const m = tt.members[i]!;
    const bitOffset = m.bitOffset;
    if (spec.rawLen === CORE_SPEC_MAX_LEN) throw new CoreError(-Errno.E2BIG);
    // Speculate that this member is the one.
    spec.bitOffset += bitOffset;
    spec.rawSpec[spec.rawLen++] = i;
    if (m.name === '') {
      const found = matchMember(localBtf, localAcc, targBtf, m.typeId, spec, next);
      if (found) return found;
    } else if (localName === m.name) {
      spec.spec[spec.len++] = { typeId: targId, idx: i, name: m.name };
      next.id = m.typeId;
      const found = fieldsAreCompat(localBtf, localMember.typeId, targBtf, m.typeId);
      if (!found) spec.len--;
      return found;
    }
    spec.bitOffset -= bitOffset;
    spec.rawLen--;
  }
  return 0;
}

/** bpf_core_spec_match: fills `targSpec` (freshly reset) and returns 1/0. */
export function specMatch(localSpec: CoreSpec, targBtf: Btf, targId: number, targSpec: CoreSpec, warn: WarnFn): number {
  Object.assign(targSpec, emptySpec(targBtf, targId, localSpec.kind));
  if (isTypeBased(localSpec.kind)) {
    if (localSpec.kind === CoreReloKind.TypeMatches) return typesMatch(localSpec.btf, localSpec.rootTypeId, targBtf, targId, warn);
    return typesAreCompat(localSpec.btf, localSpec.rootTypeId, targBtf, targId, warn);
  }
  const localAccs = localSpec.spec;
  if (isEnumvalBased(localSpec.kind)) {
    targId = skipModsTypedefs(targBtf, targId);
    const t = typeOf(targBtf, targId);
    if (t.kind !== BtfKind.Enum && t.kind !== BtfKind.Enum64) return 0;
    const localName = localAccs[0]!.name ?? '';
    for (let i = 0; i < t.values.length; i++) {
      const tn = t.values[i]!.name;
      if (essentialNamesEqual(localName, tn)) {
        targSpec.spec[0] = { typeId: targId, idx: i, name: tn };
        targSpec.len++;
        targSpec.rawSpec[targSpec.rawLen++] = i;
        return 1;
      }
    }
    return 0;
  }
  if (!isFieldBased(localSpec.kind)) throw new CoreError(-Errno.EINVAL);

  for (let i = 0; i < localSpec.len; i++) {
    targId = skipModsTypedefs(targBtf, targId);
    const localAcc = localAccs[i]!;
    if (localAcc.name) {
      const next = { id: targId };
      const matched = matchMember(localSpec.btf, localAcc, targBtf, targId, targSpec, next);
      if (matched <= 0) return matched;
      targId = next.id;
    } else {
      // For i=0 targId already is the "array element" (the root struct itself).
      if (i > 0) {
        const a = typeOf(targBtf, targId);
        if (a.kind !== BtfKind.Array) return 0;
        const flex = isFlexArr(targBtf, targSpec.spec[i - 1], a.nelems);
        if (!flex && localAcc.idx >>> 0 >= a.nelems) return 0;
        targId = skipModsTypedefs(targBtf, a.elemTypeId);
      }
      if (targSpec.rawLen === CORE_SPEC_MAX_LEN) throw new CoreError(-Errno.E2BIG);
      targSpec.spec[i] = { typeId: targId, idx: localAcc.idx, name: null };
      targSpec.len++;
      targSpec.rawSpec[targSpec.rawLen++] = localAcc.idx;
      const sz = resolveSize(targBtf, targId);
      if (sz < 0) throw new CoreError(sz);
      targSpec.bitOffset += localAcc.idx * sz * 8;
    }
  }
  return 1;
}
