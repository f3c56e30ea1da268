/**
 * The small BTF accessors libbpf's CO-RE code is written in terms of (btf.h inline
 * helpers, libbpf.c btf_kind_str and bpf_core_essential_name_len), reproduced over our
 * `Btf` so the engine can be a line-by-line port of relo_core.c.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfType } from '../btf/btf-types';

/** libbpf's lower-case kind names, as printed in CO-RE debug lines (`struct`, `enum64`). */
const KIND_STR: readonly string[] = [
  'void',
  'int',
  'ptr',
  'array',
  'struct',
  'union',
  'enum',
  'fwd',
  'typedef',
  'volatile',
  'const',
  'restrict',
  'func',
  'func_proto',
  'var',
  'datasec',
  'float',
  'decl_tag',
  'type_tag',
  'enum64',
];

export function btfKindStr(kind: number): string {
  return KIND_STR[kind] ?? 'unknown';
}

export function isComposite(kind: number): boolean {
  return kind === BtfKind.Struct || kind === BtfKind.Union;
}

export function isAnyEnum(kind: number): boolean {
  return kind === BtfKind.Enum || kind === BtfKind.Enum64;
}

/** btf_kind_core_compat: same kind, or enum vs enum64. */
export function kindCoreCompat(k1: number, k2: number): boolean {
  return k1 === k2 || (isAnyEnum(k1) && isAnyEnum(k2));
}

/** skip_mods_and_typedefs: the id reached after const/volatile/restrict/type_tag/typedef. */
export function skipModsTypedefs(btf: Btf, id: number): number {
  return btf.skipModsAndTypedefs(id);
}

/** X___Y where X and Y are not underscores. */
function isFlavorSep(s: string, i: number): boolean {
  return s[i] !== '_' && s[i + 1] === '_' && s[i + 2] === '_' && s[i + 3] === '_' && s[i + 4] !== '_' && s[i + 4] !== undefined;
}

/** Length of `name` before its last `___flavor` suffix (bpf_core_essential_name_len). */
export function essentialNameLen(name: string): number {
  for (let i = name.length - 5; i >= 0; i--) if (isFlavorSep(name, i)) return i + 1;
  return name.length;
}

export function essentialName(name: string): string {
  return name.slice(0, essentialNameLen(name));
}

/** Owner blob of an id (the split or one of its bases) — raw reads need its bytes. */
function owner(btf: Btf, id: number): Btf {
  let b = btf;
  while (id < b.startId && b.base) b = b.base;
  return b;
}

/**
 * The u32 right after the 12-byte `struct btf_type` header: `btf_int_encoding(t)` reads it
 * for any kind, and libbpf's FIELD_SIGNED applies it to non-int fields too (where it is
 * the next record's first word). Returns 0 past the end of the blob.
 */
export function wordAfterHeader(btf: Btf, id: number): number {
  if (id === 0) return 0;
  const b = owner(btf, id);
  const off = b.recordOffset(id) + 12;
  if (off + 4 > b.bytes.length) return 0;
  return new DataView(b.bytes.buffer, b.bytes.byteOffset).getUint32(off, b.littleEndian);
}

/** BTF_INT_ENCODING of the word after the header (see wordAfterHeader). */
export function intEncoding(btf: Btf, id: number): number {
  return (wordAfterHeader(btf, id) >>> 24) & 0x0f;
}

/** BTF_INT_OFFSET of an int type. */
export function intBitOffset(btf: Btf, id: number): number {
  return (wordAfterHeader(btf, id) >>> 16) & 0xff;
}

export const BTF_INT_SIGNED = 1;

/** btf__resolve_size, returning a negative errno instead of throwing. */
export function resolveSize(btf: Btf, id: number): number {
  try {
    return btf.resolveSize(id);
  } catch {
    return -22;
  }
}

/** Name of a type for messages: '' when anonymous. */
export function typeName(btf: Btf, id: number): string {
  return btf.name(id);
}

/** Name of member/enumerator `idx` of a composite or enum type. */
export function memberNameOff(btf: Btf, id: number, idx: number): number {
  const t = typeOf(btf, id);
  if (t.kind === BtfKind.Struct || t.kind === BtfKind.Union) return t.members[idx]?.nameOff ?? 0;
  if (t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64) return t.values[idx]?.nameOff ?? 0;
  return 0;
}

const decoded = new WeakMap<Btf, Map<number, BtfType>>();

/**
 * btf.type(id), memoized per Btf: the engine revisits the same big structs
 * (task_struct, sk_buff) for every relocation and every target, and decoding their
 * member arrays each time dominated the run time. Only types the engine touches are kept.
 */
export function typeOf(btf: Btf, id: number): BtfType {
  let m = decoded.get(btf);
  if (!m) decoded.set(btf, (m = new Map()));
  let t = m.get(id);
  if (!t) m.set(id, (t = btf.type(id)));
  return t;
}
