/**
 * C spelling of a BTF type as a type name or a declaration: `struct list_head *`,
 * `char [16]`, `void (*)(int)`, `const char * const`, `struct list_head *next`.
 *
 * Written the way C declarators nest: a type wraps an "inner" declarator string, pointers
 * prepend `*`, arrays and prototypes append `[N]`/`(params)` and parenthesize a pointer
 * inside them. Qualifiers go before a plain type and after the `*` of a pointer, always
 * in the order `const volatile restrict` and once each; a qualified array is spelled as
 * an array of qualified elements, which is what C makes of it. Type tags
 * (`__rcu`, `__user`) are skipped: they change no layout and would make every tagged
 * pointer look retyped between kernels built with and without them. Anonymous types are
 * `struct {...}` (or spelled out with `expandAnonymous`). Zero-length arrays are `[0]`, as
 * bpftool prints them. Every walk is depth-bounded (MAX_RESOLVE_DEPTH): a cyclic BTF
 * prints `<cycle>` instead of hanging.
 */
import { type Btf, MAX_RESOLVE_DEPTH } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { RawRecords } from './raw-records';

export interface TypeNameOptions {
  /** Spell anonymous structs, unions and enums out (`struct { u16 id; __be16 proto; }`). */
  expandAnonymous?: boolean;
}

/** Spells types of one BTF; caches the plain type-name spelling of each id. */
export class TypeNamer {
  readonly btf: Btf;
  private readonly raw: RawRecords;
  // Per type id, 1 + the index of its cached string in a dense array (0: not cached yet):
  // a diff reads a few thousand of 130k ids, and an array with a slot per id would be
  // allocated (and, past 100k elements, kept as a slow dictionary unless filled).
  private readonly slots: Int32Array;
  private readonly strings: string[] = [];
  private readonly namedParams = new Map<number, string>();

  constructor(btf: Btf) {
    this.btf = btf;
    this.raw = new RawRecords(btf);
    // Two slots per id: its name, its type-name spelling.
    this.slots = new Int32Array(2 * btf.typeCount);
  }

  private cached(slot: number): string | undefined {
    const i = this.slots[slot];
    return i ? this.strings[i - 1] : undefined;
  }

  private keep(slot: number, s: string): string {
    if (slot >= 0 && slot < this.slots.length) this.slots[slot] = this.strings.push(s);
    return s;
  }

  /** The type's own name (cached; '' when anonymous). */
  name(id: number): string {
    return this.cached(2 * id) ?? this.keep(2 * id, this.raw.str(this.btf.nameOff(id)));
  }

  /**
   * A function's declaration from its FUNC_PROTO: `int tcp_v4_rcv(struct sk_buff *skb)`.
   * The parameter list is cached per prototype.
   */
  functionDeclaration(name: string, protoId: number): string {
    const btf = this.btf;
    if (!btf.isValidId(protoId) || btf.kind(protoId) !== BtfKind.FuncProto) return `${name}(?)`;
    let params = this.namedParams.get(protoId);
    if (params === undefined) {
      params = this.paramList(protoId, 0, false, true);
      this.namedParams.set(protoId, params);
    }
    return this.nameDecl(btf.sizeOrType(protoId), `${name}${params}`);
  }

  /** `(int, char *)`, or with names `(int fd, char *buf)`; `(void)` when empty. */
  private paramList(protoId: number, depth: number, expand: boolean, withNames: boolean): string {
    const btf = this.btf;
    const raw = this.raw;
    const n = btf.vlen(protoId);
    if (n === 0) return '(void)';
    let p = raw.locate(protoId);
    let seen = raw.locates;
    // Built by concatenation, with no arrays: this runs for every changed function.
    let out = '(';
    for (let i = 0; i < n; i++) {
      // Spelling a parameter may locate other records (of another blob, in split BTF).
      if (raw.locates !== seen) {
        p = raw.locate(protoId);
        seen = raw.locates;
      }
      const type = raw.paramType(p, i);
      const nameOff = raw.paramNameOff(p, i);
      const name = nameOff && (withNames || type === 0) ? raw.str(nameOff) : '';
      if (i) out += ', ';
      if (i === n - 1 && type === 0 && !name) out += '...';
      else if (withNames && name && !expand) out += this.nameDecl(type, name);
      else out += this.decl(type, withNames ? name : '', depth + 1, expand);
    }
    return out + ')';
  }

  /** `struct list_head *`, `char [16]`, `void (*)(int)`. Cached. */
  typeName(id: number): string {
    return this.cached(2 * id + 1) ?? this.keep(2 * id + 1, this.pointerName(id) ?? this.decl(id, '', 0, false));
  }

  /**
   * A short chain of pointers to a type spelled without declarator suffixes, from that
   * type's cached spelling: `struct sk_buff` → `struct sk_buff *` (as decl spells it, which
   * builds every level's strings anew; a kernel diff spells thousands of member types).
   * Undefined when decl must do it (not a pointer, arrays or functions inside, long chains).
   */
  private pointerName(id: number): string | undefined {
    const btf = this.btf;
    let t = id;
    let n = 0;
    while (n < 8 && btf.isValidId(t) && t !== 0 && btf.kind(t) === BtfKind.Ptr) {
      t = btf.sizeOrType(t);
      n++;
    }
    if (n === 0 || n === 8 || !btf.isValidId(t)) return undefined;
    const base = this.typeName(t);
    if (base.includes('(') || base.includes('[')) return undefined;
    return (base.endsWith('*') ? base : `${base} `) + '*'.repeat(n);
  }

  /** A declaration: `struct list_head *next`, `char comm[16]`, `void (*fn)(int)`. */
  declaration(id: number, name: string, opts: TypeNameOptions = {}): string {
    if (!opts.expandAnonymous && name) return this.nameDecl(id, name);
    return this.decl(id, name, 0, !!opts.expandAnonymous);
  }

  /**
   * `T name` from the cached spelling of T when T ends in no declarator suffix (no array
   * or function type in it): `struct sk_buff *` + `skb`. Otherwise the full walk.
   */
  private nameDecl(id: number, name: string): string {
    const t = this.typeName(id);
    if (t.includes('(') || t.includes('[')) return this.decl(id, name, 0, false);
    return t.endsWith('*') ? `${t}${name}` : `${t} ${name}`;
  }

  /** Type name with anonymous types spelled out (not cached). */
  expandedTypeName(id: number): string {
    return this.decl(id, '', 0, true);
  }

  /**
   * Spells `id` around the declarator `inner`. `quals` collects const/volatile/restrict
   * (QUAL_* bits) on the way down: a pointer writes them after its `*`, an array hands
   * them to its element (C qualifies array elements, not arrays), a plain type writes
   * them before itself, in the fixed order const volatile restrict.
   */
  private decl(id: number, inner: string, depth: number, expand: boolean, quals = 0): string {
    const btf = this.btf;
    if (depth > MAX_RESOLVE_DEPTH || !btf.isValidId(id)) return join(qualified(quals, '<cycle>'), inner);
    const k = btf.kind(id);
    switch (k) {
      case BtfKind.Unknown:
        return join(qualified(quals, 'void'), inner);
      case BtfKind.Int:
      case BtfKind.Float:
      case BtfKind.Typedef:
      case BtfKind.Func:
      case BtfKind.Var:
      case BtfKind.Datasec:
        return join(qualified(quals, this.name(id) || '<anon>'), inner);
      case BtfKind.Struct:
      case BtfKind.Union:
      case BtfKind.Enum:
      case BtfKind.Enum64:
        return join(qualified(quals, this.tagged(id, k, depth, expand)), inner);
      case BtfKind.Fwd:
        return join(qualified(quals, `${btf.kindFlag(id) ? 'union' : 'struct'} ${this.name(id)}`), inner);
      case BtfKind.Ptr: {
        const q = quals ? ` ${qualWords(quals)}` : '';
        return this.decl(btf.sizeOrType(id), `*${q}${q && inner ? ' ' : ''}${inner}`, depth + 1, expand);
      }
      case BtfKind.Const:
        return this.decl(btf.sizeOrType(id), inner, depth + 1, expand, quals | QUAL_CONST);
      case BtfKind.Volatile:
        return this.decl(btf.sizeOrType(id), inner, depth + 1, expand, quals | QUAL_VOLATILE);
      case BtfKind.Restrict:
        return this.decl(btf.sizeOrType(id), inner, depth + 1, expand, quals | QUAL_RESTRICT);
      case BtfKind.TypeTag:
        return this.decl(btf.sizeOrType(id), inner, depth + 1, expand, quals);
      case BtfKind.Array: {
        const p = this.raw.locate(id);
        const elem = this.raw.arrayElem(p);
        const nelems = this.raw.arrayNelems(p);
        const wrapped = inner.startsWith('*') ? `(${inner})` : inner;
        return this.decl(elem, `${wrapped}[${nelems}]`, depth + 1, expand, quals);
      }
      case BtfKind.FuncProto: {
        // Qualifiers on a function type mean nothing in C: dropped.
        const wrapped = inner.startsWith('*') ? `(${inner})` : inner;
        const params = this.paramList(id, depth, expand, false);
        return this.decl(btf.sizeOrType(id), `${wrapped}${params}`, depth + 1, expand);
      }
      default:
        return join(qualified(quals, `<kind ${k}>`), inner);
    }
  }

  /** `struct foo`, `enum bar`, or an anonymous one (spelled out when `expand`). */
  private tagged(id: number, k: number, depth: number, expand: boolean): string {
    const btf = this.btf;
    const kw = k === BtfKind.Struct ? 'struct' : k === BtfKind.Union ? 'union' : 'enum';
    const name = this.name(id);
    if (name) return `${kw} ${name}`;
    if (!expand) return `${kw} {...}`;
    const t = btf.type(id);
    if (t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64) {
      return `${kw} { ${t.values.map((v) => `${v.name} = ${v.value64}`).join(', ')} }`;
    }
    if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) return `${kw} {...}`;
    const members = t.members.map((m) => {
      const d = this.decl(m.typeId, m.name, depth + 1, true);
      return `${d}${m.bitfieldSize ? `:${m.bitfieldSize}` : ''}; `;
    });
    return `${kw} { ${members.join('')}}`;
  }

}

export const QUAL_CONST = 1;
export const QUAL_VOLATILE = 2;
export const QUAL_RESTRICT = 4;

function qualWords(quals: number): string {
  const w: string[] = [];
  if (quals & QUAL_CONST) w.push('const');
  if (quals & QUAL_VOLATILE) w.push('volatile');
  if (quals & QUAL_RESTRICT) w.push('restrict');
  return w.join(' ');
}

function qualified(quals: number, base: string): string {
  return quals ? `${qualWords(quals)} ${base}` : base;
}

function join(base: string, inner: string): string {
  return inner ? `${base} ${inner}` : base;
}

const namers = new WeakMap<Btf, TypeNamer>();

/** The namer of a BTF, created once and kept while the BTF lives. */
export function typeNamerFor(btf: Btf): TypeNamer {
  let n = namers.get(btf);
  if (!n) {
    n = new TypeNamer(btf);
    namers.set(btf, n);
  }
  return n;
}

/** C spelling of type `id` as a type name: `struct list_head *`, `char [16]`, `void (*)(int)`. */
export function formatTypeName(btf: Btf, id: number, opts: TypeNameOptions = {}): string {
  const n = typeNamerFor(btf);
  return opts.expandAnonymous ? n.expandedTypeName(id) : n.typeName(id);
}

/** C declaration of `name` with type `id`: `struct list_head *next`, `void (*fn)(int)`. */
export function formatDeclaration(btf: Btf, id: number, name: string, opts: TypeNameOptions = {}): string {
  return typeNamerFor(btf).declaration(id, name, opts);
}
