/**
 * CO-RE access specs: parsing an access string ("0:1:2:3") against the local BTF into a
 * low-level spec (every index) and a high-level spec (named fields and array indices
 * only), and formatting a spec the way libbpf logs it.
 *
 * Spec: libbpf 1.1.2 relo_core.c — bpf_core_parse_spec, bpf_core_format_spec. The state
 * is kept as mutable fixed-capacity arrays with explicit lengths on purpose: libbpf's
 * matcher pushes and pops speculatively and sometimes leaves stale entries behind, and the
 * debug log prints that exact state for non-matching candidates.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { btfKindStr, isAnyEnum, isComposite, memberNameOff, resolveSize, skipModsTypedefs, typeOf } from './btf-helpers';
import { CoreError, Errno, isEnumvalBased, isFieldBased, isTypeBased } from './relo-kinds';

export const CORE_SPEC_MAX_LEN = 64;

/** bpf_core_accessor: a named field (name set) or an array index (name null). */
export interface CoreAccessor {
  typeId: number;
  idx: number;
  name: string | null;
}

/** bpf_core_spec. */
export interface CoreSpec {
  btf: Btf;
  spec: CoreAccessor[];
  rootTypeId: number;
  kind: number;
  len: number;
  rawSpec: number[];
  rawLen: number;
  bitOffset: number;
}

export function emptySpec(btf: Btf, rootTypeId: number, kind: number): CoreSpec {
  return { btf, spec: [], rootTypeId, kind, len: 0, rawSpec: [], rawLen: 0, bitOffset: 0 };
}

export function copySpec(s: CoreSpec): CoreSpec {
  return { ...s, spec: s.spec.map((a) => ({ ...a })), rawSpec: [...s.rawSpec] };
}

/** The relocation record fields the spec code needs. */
export interface ReloInput {
  typeId: number;
  accessStr: string;
  kind: number;
}

/** is_flex_arr: a zero-length array that is the last member of its enclosing struct. */
export function isFlexArr(btf: Btf, acc: CoreAccessor | undefined, nelems: number): boolean {
  if (!acc || !acc.name || nelems > 0) return false;
  return acc.idx === btf.vlen(acc.typeId) - 1;
}

/**
 * bpf_core_parse_spec. Throws CoreError(-EINVAL/-E2BIG) where libbpf returns an error;
 * `warn` receives the one warning libbpf prints from here.
 */
export function parseSpec(progName: string, btf: Btf, relo: ReloInput, warn: (msg: string) => void): CoreSpec {
  const specStr = relo.accessStr;
  if (specStr === '' || specStr[0] === ':') throw new CoreError(-Errno.EINVAL);
  const spec = emptySpec(btf, relo.typeId, relo.kind);
  if (isTypeBased(relo.kind)) {
    if (specStr !== '0') throw new CoreError(-Errno.EINVAL);
    return spec;
  }
  // sscanf("%d") semantics: optional ':' then an optionally signed decimal.
  let p = 0;
  while (p < specStr.length) {
    if (specStr[p] === ':') p++;
    const m = /^\s*([+-]?\d+)/.exec(specStr.slice(p));
    if (!m) throw new CoreError(-Errno.EINVAL);
    if (spec.rawLen === CORE_SPEC_MAX_LEN) throw new CoreError(-Errno.E2BIG);
    spec.rawSpec[spec.rawLen++] = Number(BigInt.asIntN(32, BigInt(m[1]!)));
    p += m[0].length;
  }
  if (spec.rawLen === 0) throw new CoreError(-Errno.EINVAL);

  let id = skipModsTypedefs(btf, relo.typeId);
  let accessIdx = spec.rawSpec[0]!;
  spec.spec[0] = { typeId: id, idx: accessIdx, name: null };
  spec.len++;

  if (isEnumvalBased(relo.kind)) {
    const k = btf.kind(id);
    if (!isAnyEnum(k) || spec.rawLen > 1 || accessIdx >>> 0 >= btf.vlen(id)) throw new CoreError(-Errno.EINVAL);
    spec.spec[0].name = btf.str(memberNameOff(btf, id, accessIdx));
    return spec;
  }
  if (!isFieldBased(relo.kind)) throw new CoreError(-Errno.EINVAL);

  let sz = resolveSize(btf, id);
  if (sz < 0) throw new CoreError(sz);
  spec.bitOffset = accessIdx * sz * 8;

  for (let i = 1; i < spec.rawLen; i++) {
    id = skipModsTypedefs(btf, id);
    accessIdx = spec.rawSpec[i]!;
    const kind = btf.kind(id);
    if (isComposite(kind)) {
      const t = typeOf(btf, id);
      if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) throw new CoreError(-Errno.EINVAL);
      if (accessIdx >>> 0 >= t.members.length) throw new CoreError(-Errno.EINVAL);
      const m = t.members[accessIdx]!;
      spec.bitOffset += m.bitOffset;
      if (m.nameOff) {
        if (m.name === '') throw new CoreError(-Errno.EINVAL);
        spec.spec[spec.len++] = { typeId: id, idx: accessIdx, name: m.name };
      }
      id = m.typeId;
    } else if (kind === BtfKind.Array) {
      const a = typeOf(btf, id);
      if (a.kind !== BtfKind.Array) throw new CoreError(-Errno.EINVAL);
      id = skipModsTypedefs(btf, a.elemTypeId);
      const flex = isFlexArr(btf, spec.spec[spec.len - 1], a.nelems);
      if (!flex && accessIdx >>> 0 >= a.nelems) throw new CoreError(-Errno.EINVAL);
      spec.spec[spec.len++] = { typeId: id, idx: accessIdx, name: null };
      sz = resolveSize(btf, id);
      if (sz < 0) throw new CoreError(sz);
      spec.bitOffset += accessIdx * sz * 8;
    } else {
      warn(
        `prog '${progName}': relo for [${relo.typeId}] ${specStr} (at idx ${i}) captures type [${id}] of unexpected kind ${btfKindStr(kind)}\n`,
      );
      throw new CoreError(-Errno.EINVAL);
    }
  }
  return spec;
}

function u32(n: number): number {
  return n >>> 0;
}

/** bpf_core_format_spec: `<byte_off> [5] struct task_struct.real_parent (0:95 @ offset 1280)`. */
export function formatSpec(spec: CoreSpec, kindName: string): string {
  const btf = spec.btf;
  const typeId = spec.rootTypeId;
  const name = btf.name(typeId);
  let s = `<${kindName}> [${typeId}] ${btfKindStr(btf.kind(typeId))} ${name === '' ? '<anon>' : name}`;
  if (isTypeBased(spec.kind)) return s;
  if (isEnumvalBased(spec.kind)) {
    const id = skipModsTypedefs(btf, typeId);
    const t = typeOf(btf, id);
    const idx = spec.rawSpec[0] ?? 0;
    if (t.kind === BtfKind.Enum) {
      const e = t.values[idx];
      // btf_enum.val is s32: printed with %d (signed enum) or %u.
      if (e) s += `::${e.name} = ${t.isSigned ? e.value | 0 : e.value >>> 0}`;
    } else if (t.kind === BtfKind.Enum64) {
      const e = t.values[idx];
      if (e) s += `::${e.name} = ${t.isSigned ? BigInt.asIntN(64, e.value64) : BigInt.asUintN(64, e.value64)}`;
    }
    return s;
  }
  if (isFieldBased(spec.kind)) {
    for (let i = 0; i < spec.len; i++) {
      const acc = spec.spec[i]!;
      if (acc.name) s += `.${acc.name}`;
      else if (i > 0 || acc.idx > 0) s += `[${u32(acc.idx)}]`;
    }
    s += ' (';
    for (let i = 0; i < spec.rawLen; i++) s += `${i === 0 ? '' : ':'}${spec.rawSpec[i]}`;
    const bits = u32(spec.bitOffset);
    s += bits % 8 ? ` @ offset ${Math.floor(bits / 8)}.${bits % 8})` : ` @ offset ${bits / 8})`;
  }
  return s;
}
