/**
 * What actually changed between the object's (local) type and the target kernel's, in one
 * sentence: became a bitfield, changed size or signedness, changed kind, renamed, moved
 * into a member, type or enumerator gone. Explanations lead with it, then say why libbpf
 * refused. Built only from the two BTFs, so it agrees with the layouts the UI shows.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { essentialName, typeOf } from './btf-helpers';
import { declareC } from './c-decl';
import type { CoreSpec } from './spec';
import { type FieldSuccessor, nameSimilarity } from './successors';

export type ChangeKind =
  | 'became-bitfield'
  | 'no-longer-bitfield'
  | 'bitfield-width'
  | 'size'
  | 'signedness'
  | 'kind'
  | 'type'
  | 'renamed-field'
  | 'moved-field'
  | 'field-gone'
  | 'array-length'
  | 'type-gone'
  | 'renamed-type'
  | 'enumerator-gone'
  | 'enumerator-renamed'
  | 'enumerator-value';

export interface Change {
  kind: ChangeKind;
  /** One sentence naming the change, local → target. */
  text: string;
}

/** The type a spec ends on: the last member (with its bitfield width) or array element. */
export interface FieldEnd {
  btf: Btf;
  typeId: number;
  /** Bits when the member is a bitfield (kind_flag structs, as libbpf reads it), else 0. */
  bitfieldSize: number;
  /** Member name, or `[i]` for an array element. */
  name: string;
}

export function fieldEnd(spec: CoreSpec): FieldEnd | undefined {
  const acc = spec.spec[spec.len - 1];
  if (!acc) return undefined;
  if (!acc.name) return { btf: spec.btf, typeId: acc.typeId, bitfieldSize: 0, name: `[${acc.idx}]` };
  const t = typeOf(spec.btf, acc.typeId);
  if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) return undefined;
  const m = t.members[acc.idx];
  return m ? { btf: spec.btf, typeId: m.typeId, bitfieldSize: m.bitfieldSize, name: acc.name } : undefined;
}

const KIND_WORD: Partial<Record<number, string>> = {
  [BtfKind.Int]: 'an integer',
  [BtfKind.Ptr]: 'a pointer',
  [BtfKind.Array]: 'an array',
  [BtfKind.Struct]: 'a struct',
  [BtfKind.Union]: 'a union',
  [BtfKind.Enum]: 'an enum',
  [BtfKind.Enum64]: 'an enum',
  [BtfKind.Fwd]: 'a forward declaration',
  [BtfKind.Float]: 'a floating-point type',
  [BtfKind.FuncProto]: 'a function type',
  [BtfKind.Unknown]: 'void',
};

export function kindWord(kind: number): string {
  return KIND_WORD[kind] ?? 'another kind of type';
}

/** Enum and enum64 are one family to CO-RE; everything else is its own. */
function family(kind: number): number {
  return kind === BtfKind.Enum64 ? BtfKind.Enum : kind;
}

function size(btf: Btf, id: number): number {
  try {
    return btf.resolveSize(id);
  } catch {
    return -1;
  }
}

function decl(f: FieldEnd): string {
  const name = f.name.startsWith('[') ? '' : f.name;
  const d = declareC(f.btf, f.typeId, name).trim();
  return f.bitfieldSize ? `${d}:${f.bitfieldSize}` : d;
}

function signedness(btf: Btf, id: number): boolean | undefined {
  const t = typeOf(btf, id);
  return t.kind === BtfKind.Int || t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64 ? t.isSigned : undefined;
}

const signWord = (s: boolean): string => (s ? 'signed' : 'unsigned');

/**
 * How the field `what` (e.g. `net_device.priv_flags`) differs between the object and `tgt`,
 * or undefined when the two declarations have the same shape.
 */
export function describeFieldChange(what: string, local: FieldEnd, target: FieldEnd, tgt: string): Change | undefined {
  const both = `(${decl(local)} in the object, ${decl(target)} in ${tgt})`;
  if (!local.bitfieldSize && target.bitfieldSize) return { kind: 'became-bitfield', text: `${what} became a ${target.bitfieldSize}-bit bitfield in ${tgt} ${both}` };
  if (local.bitfieldSize && !target.bitfieldSize) return { kind: 'no-longer-bitfield', text: `${what} is no longer a bitfield in ${tgt} ${both}` };
  if (local.bitfieldSize !== target.bitfieldSize) {
    return { kind: 'bitfield-width', text: `${what} changed from a ${local.bitfieldSize}-bit to a ${target.bitfieldSize}-bit bitfield in ${tgt} ${both}` };
  }
  const lb = local.btf;
  const tb = target.btf;
  const l = lb.skipModsAndTypedefs(local.typeId);
  const t = tb.skipModsAndTypedefs(target.typeId);
  const lk = lb.kind(l);
  const tk = tb.kind(t);
  if (family(lk) !== family(tk)) return { kind: 'kind', text: `${what} changed from ${kindWord(lk)} to ${kindWord(tk)} in ${tgt} ${both}` };
  const ls = size(lb, l);
  const ts = size(tb, t);
  const lsig = signedness(lb, l);
  const tsig = signedness(tb, t);
  const signChanged = lsig !== undefined && tsig !== undefined && lsig !== tsig;
  if (ls !== ts && ls >= 0 && ts >= 0) {
    const sign = signChanged ? ` and from ${signWord(lsig)} to ${signWord(tsig)}` : '';
    return { kind: 'size', text: `${what} changed size from ${ls} to ${ts} bytes${sign} in ${tgt} ${both}` };
  }
  if (signChanged) return { kind: 'signedness', text: `${what} changed from ${signWord(lsig)} to ${signWord(tsig)} in ${tgt} ${both}` };
  if (lk === BtfKind.Array && tk === BtfKind.Array) {
    const la = typeOf(lb, l);
    const ta = typeOf(tb, t);
    if (la.kind === BtfKind.Array && ta.kind === BtfKind.Array && la.nelems !== ta.nelems) {
      return { kind: 'array-length', text: `${what} changed from ${la.nelems} to ${ta.nelems} elements in ${tgt} ${both}` };
    }
  }
  if (lk !== tk || essentialName(lb.name(l)) !== essentialName(tb.name(t))) {
    return { kind: 'type', text: `${what} changed type in ${tgt} ${both}` };
  }
  return undefined;
}

/** The local array an index accessor steps into (its element count), for "shrank" wording. */
export function localArrayLength(spec: CoreSpec, accessor: number): number | undefined {
  const prev = spec.spec[accessor - 1];
  if (!prev) return undefined;
  let id = prev.typeId;
  if (prev.name) {
    const t = typeOf(spec.btf, prev.typeId);
    if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) return undefined;
    id = t.members[prev.idx]?.typeId ?? 0;
  }
  const a = typeOf(spec.btf, spec.btf.skipModsAndTypedefs(id));
  return a.kind === BtfKind.Array ? a.nelems : undefined;
}

/** A target enumerator that looks like the local one renamed: similar name, same value first. */
export function findEnumeratorSuccessor(tb: Btf, enumId: number, name: string, value: bigint | undefined): string | undefined {
  const t = typeOf(tb, tb.skipModsAndTypedefs(enumId));
  if (t.kind !== BtfKind.Enum && t.kind !== BtfKind.Enum64) return undefined;
  const essential = essentialName(name);
  let best: { name: string; score: number } | undefined;
  for (const v of t.values) {
    const sim = nameSimilarity(essential, v.name);
    if (sim < 0) continue;
    const val = v.value64;
    const score = sim * 2 + (value !== undefined && val === value ? 0 : 1);
    if (!best || score < best.score) best = { name: v.name, score };
  }
  return best?.name;
}

/** A type of another kind under the same essential name (`union task_struct` vs `struct task_struct`). */
export function sameNameOtherKind(tb: Btf, name: string, kind: number): number | undefined {
  const essential = essentialName(name);
  if (!essential) return undefined;
  for (const id of tb.findByName(essential)) {
    if (family(tb.kind(id)) !== family(kind)) return id;
  }
  return undefined;
}

/** A target member reached by name through anonymous members, as C (and CO-RE) access it. */
function findMember(btf: Btf, id: number, name: string, depth = 0): { typeId: number; bitfieldSize: number } | undefined {
  const t = typeOf(btf, btf.skipModsAndTypedefs(id));
  if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) return undefined;
  for (const m of t.members) {
    if (m.name === name) return { typeId: m.typeId, bitfieldSize: m.bitfieldSize };
    if (!m.name && depth < 8) {
      const hit = findMember(btf, m.typeId, name, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * The first difference that makes `bpf_core_type_matches()` answer 0 (libbpf
 * __bpf_core_types_match: every local member/enumerator must exist in the target with a
 * matching type/value, integers match by size, signedness and name), in words.
 */
export function describeTypeDifference(lb: Btf, localId: number, tb: Btf, targetId: number, tgt: string, depth = 0): Change | undefined {
  const l = lb.skipModsAndTypedefs(localId);
  const t = tb.skipModsAndTypedefs(targetId);
  const lt = typeOf(lb, l);
  const tt = typeOf(tb, t);
  const label = essentialName(lb.name(l)) || essentialName(lb.name(localId)) || 'the type';
  if (family(lt.kind) !== family(tt.kind)) return { kind: 'kind', text: `${label} is ${kindWord(tt.kind)} in ${tgt}, ${kindWord(lt.kind)} in the object` };
  if ((lt.kind === BtfKind.Enum || lt.kind === BtfKind.Enum64) && (tt.kind === BtfKind.Enum || tt.kind === BtfKind.Enum64)) {
    for (const v of lt.values) {
      const name = essentialName(v.name);
      const hit = tt.values.find((x) => essentialName(x.name) === name);
      if (!hit) return { kind: 'enumerator-gone', text: `enum ${label} has no enumerator ${name} in ${tgt}` };
      if (hit.value64 !== v.value64) return { kind: 'enumerator-value', text: `${name} is ${v.value64} in the object but ${hit.value64} in ${tgt}` };
    }
    if (lt.byteSize !== tt.byteSize) return { kind: 'size', text: `enum ${label} changed size from ${lt.byteSize} to ${tt.byteSize} bytes in ${tgt}` };
    return undefined;
  }
  if ((lt.kind === BtfKind.Struct || lt.kind === BtfKind.Union) && (tt.kind === BtfKind.Struct || tt.kind === BtfKind.Union)) {
    for (const m of lt.members) {
      if (!m.name) continue;
      const what = `${label}.${m.name}`;
      const hit = findMember(tb, t, m.name);
      if (!hit) return { kind: 'field-gone', text: `${what} does not exist in ${tgt}` };
      const local: FieldEnd = { btf: lb, typeId: m.typeId, bitfieldSize: m.bitfieldSize, name: m.name };
      const target: FieldEnd = { btf: tb, typeId: hit.typeId, bitfieldSize: hit.bitfieldSize, name: m.name };
      const c = describeFieldChange(what, local, target, tgt);
      if (c) return c.kind === 'type' ? intNameChange(c, local, target, what, tgt) : c;
    }
    return undefined;
  }
  if (lt.kind === BtfKind.Int && tt.kind === BtfKind.Int && lb.name(l) !== tb.name(t)) {
    return { kind: 'type', text: `${label} is the integer ${tb.name(t)} in ${tgt}, ${lb.name(l)} in the object (type_matches compares integer names)` };
  }
  if (lt.kind === BtfKind.Ptr && tt.kind === BtfKind.Ptr && depth < 2) return describeTypeDifference(lb, lt.typeId, tb, tt.typeId, tgt, depth + 1);
  return undefined;
}

function intNameChange(c: Change, local: FieldEnd, target: FieldEnd, what: string, tgt: string): Change {
  const l = local.btf.skipModsAndTypedefs(local.typeId);
  const t = target.btf.skipModsAndTypedefs(target.typeId);
  if (local.btf.kind(l) !== BtfKind.Int || target.btf.kind(t) !== BtfKind.Int) return c;
  return { kind: 'type', text: `${what} is the integer ${target.btf.name(t)} in ${tgt}, ${local.btf.name(l)} in the object (type_matches compares integer names)` };
}

/**
 * A missing field, with its likely successor: renamed in place, moved into a nested member
 * (`newPath` is the full access path there), or gone.
 */
export function fieldSuccessorChange(what: string, name: string, first: FieldSuccessor | undefined, newPath: string, tgt: string): Change {
  if (!first) return { kind: 'field-gone', text: `${what} does not exist in ${tgt} (removed, or not yet added), and no member looks like its successor` };
  if (first.kind === 'renamed-field') return { kind: 'renamed-field', text: `${what} was ${first.similarity === 0 ? '' : 'probably '}renamed to ${first.path} in ${tgt}` };
  const leaf = first.path.split('.').pop()!;
  const into = first.path.slice(0, -leaf.length - 1);
  return { kind: 'moved-field', text: `${what} moved into ${into}${leaf === name ? '' : ` as ${leaf}`} in ${tgt}: the access path is now ${newPath}` };
}
