/**
 * Finding types by what a user types: `task_struct`, `struct:task_struct`, `struct
 * task_struct`, `union:NAME`, `enum:NAME`, `typedef:NAME`, `func:NAME`, or `#1234` (a type id).
 * Names are not unique in BTF (a kernel has several `struct workspace`), so every match is
 * returned, ascending by id; callers decide what to do with several.
 */
import type { Btf } from '../btf/btf';
import { BtfKind, kindName } from '../btf/btf-kinds';
import type { TypeId } from '../btf/btf-types';

const KIND_WORDS: Record<string, readonly number[]> = {
  struct: [BtfKind.Struct],
  union: [BtfKind.Union],
  enum: [BtfKind.Enum, BtfKind.Enum64],
  typedef: [BtfKind.Typedef],
  fwd: [BtfKind.Fwd],
  func: [BtfKind.Func],
  var: [BtfKind.Var],
  datasec: [BtfKind.Datasec],
  int: [BtfKind.Int],
  float: [BtfKind.Float],
};

export interface TypeSpec {
  /** The name to look up ('' for an id spec). */
  name: string;
  /** Kinds the spec restricts to, or undefined for "whatever the caller prefers". */
  kinds?: readonly number[];
  /** Set for `#ID`. */
  id?: number;
}

/** Parses `#ID`, `kind:NAME`, `kind NAME` or `NAME`; undefined when malformed. */
export function parseTypeSpec(spec: string): TypeSpec | undefined {
  const s = spec.trim();
  if (s.startsWith('#')) {
    const id = Number(s.slice(1));
    return Number.isInteger(id) && id >= 0 ? { name: '', id } : undefined;
  }
  const m = /^([a-z]+)(?::|\s+)(\S+)$/.exec(s);
  if (m && KIND_WORDS[m[1]!]) return { name: m[2]!, kinds: KIND_WORDS[m[1]!]! };
  if (!s || /\s/.test(s)) return undefined;
  return { name: s };
}

/**
 * Ids matching `spec`. A bare name is matched against `preferred` kinds in order: the
 * first group of kinds with a match wins (e.g. structs and unions before typedefs).
 */
export function findTypes(btf: Btf, spec: TypeSpec, preferred: readonly (readonly number[])[]): TypeId[] {
  if (spec.id !== undefined) return btf.isValidId(spec.id) && spec.id > 0 ? [spec.id as TypeId] : [];
  const all = btf.findByName(spec.name);
  if (spec.kinds) return all.filter((id) => spec.kinds!.includes(btf.kind(id)));
  for (const group of preferred) {
    const hit = all.filter((id) => group.includes(btf.kind(id)));
    if (hit.length) return hit;
  }
  return [];
}

/** Spelling of a type for messages: `struct task_struct (#123)`, `INT 'int' (#5)`. */
export function describeType(btf: Btf, id: number): string {
  const k = btf.kind(id);
  const name = btf.name(id);
  const word = ['struct', 'union', 'enum', 'typedef', 'func', 'var'].find((w) => KIND_WORDS[w]!.includes(k));
  return word ? `${word} ${name || '(anon)'} (#${id})` : `${kindName(k)} '${name || '(anon)'}' (#${id})`;
}

/**
 * The struct or union that `id` is or names through typedefs and modifiers (pahole lays out
 * `typedef struct {...} foo_t` as its struct), or 0: not one, a typedef loop or a dangling id.
 */
export function compositeThroughTypedefs(btf: Btf, id: number): number {
  try {
    const t = btf.skipModsAndTypedefs(id);
    const k = btf.kind(t);
    return k === BtfKind.Struct || k === BtfKind.Union ? t : 0;
  } catch {
    return 0;
  }
}
