/**
 * Per-BTF cached hashes that stand in for strings when comparing two kernels.
 *
 * - `spelling(id)`: a hash of the type's C spelling as `TypeNamer.typeName` writes it
 *   (`struct list_head *`, `char [16]`, `void (*)(int)`), built structurally so no string
 *   is made. Named types hash their kind keyword and name only; anonymous structs, unions
 *   and enums hash their contents (two `struct {...} *` differ when the anonymous structs
 *   do, as pahole's inline expansion shows). Type tags are skipped, as in the spelling.
 * - `byteSize(id)`: libbpf's btf__resolve_size, -1 for types without a size.
 * - `nameHash(nameOff)`: a hash of a string's bytes (hashed in place, not cached).
 * - `enumSignature`, `funcSignature`: what makes an enum or function "unchanged".
 *
 * Invariant: equal C spellings ⇔ equal `spelling` hashes (up to 53-bit collisions), for
 * any two BTFs. Recursion is depth-bounded (MAX_RESOLVE_DEPTH).
 */
import { type Btf, MAX_RESOLVE_DEPTH } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { FlatList, type Sink, compositeSignature } from './flatten';
import { Hasher, MultisetHash } from './hash';
import { NameTable } from './name-table';
import { RawRecords } from './raw-records';
import { QUAL_CONST, QUAL_RESTRICT, QUAL_VOLATILE } from './type-names';

/** Tags mixed into hashes so different constructs never hash alike. */
export const Tag = {
  Void: 1,
  Plain: 2,
  Struct: 3,
  Union: 4,
  Enum: 5,
  Ptr: 6,
  Const: 7,
  Array: 8,
  Proto: 9,
  Vararg: 10,
  Other: 11,
  Cycle: 12,
  AnonContent: 13,
  Member: 14,
  Func: 15,
  EnumValue: 16,
  Dot: 17,
} as const;

const CYCLE_HASH = new Hasher(Tag.Cycle).value();
const NAME_CACHE_BITS = 13;

/** The slot of string offset `nameOff` in the name-hash cache of TypeHashes. */
export function nameSlot(nameOff: number): number {
  return Math.imul(nameOff, 0x9e3779b1) >>> (32 - NAME_CACHE_BITS);
}
const VOID_HASH = new Hasher(Tag.Void).value();

export class TypeHashes {
  readonly btf: Btf;
  readonly raw: RawRecords;
  /** Spelling hash per type id, 0 = not computed (read in place by hot loops; see `spelling`). */
  readonly spell: Float64Array;
  /** -2 = not computed, -1 = no size. */
  private readonly sizes: Int32Array;
  /**
   * Per type id, 0 until computed: the content signature of a struct/union/enum, the
   * named-parameter hash of a FUNC_PROTO, and (kept by DiffIndex) the signature of a
   * typedef/func/var. The kinds are disjoint, so one array serves all.
   */
  readonly sigs: Float64Array;
  /** Per type id: the anonymous struct/union under its qualifiers, 0 for none, -1 = not yet. */
  readonly anonMemo: Int32Array;
  readonly emptyNameHash = new Hasher().bytes(new Uint8Array(0)).value();
  /** A name table and an int buffer for the detailed member diff to reuse. */
  readonly keyTable = new NameTable(64);
  private ints = new Int32Array(256);

  /** A zeroed Int32Array of at least n entries, reused between calls. */
  scratchInts(n: number): Int32Array {
    if (this.ints.length < n) this.ints = new Int32Array(Math.max(n, this.ints.length * 2));
    else this.ints.fill(0, 0, n);
    return this.ints;
  }

  private uints = new Uint32Array(64);

  /** A Uint32Array of at least n entries (contents undefined), reused between calls. */
  scratchUints(n: number): Uint32Array {
    if (this.uints.length < n) this.uints = new Uint32Array(Math.max(n, this.uints.length * 2));
    return this.uints;
  }

  /** The struct/union whose flattened members `lists[0]` holds (0: none). */
  listOwner = 0;
  /** Two member lists for the detailed diff to reuse (see FlatList). */
  readonly lists: [FlatList, FlatList] = [new FlatList(), new FlatList()];
  /** Member-walk sinks by nesting level (see compositeSignature) and the level in use. */
  readonly sinks: Sink[] = [];
  sinkLevel = 0;
  /** A reusable hasher for leaf computations that call nothing else while hashing. */
  readonly scratch = new Hasher();
  /**
   * Most members one struct/union flattens to: one per 12 bytes of input (a member record's
   * size) plus some slack. Real kernels stay far below (6.18's largest: 272 of 460k); only
   * anonymous types nested several times over (each level multiplies) reach it.
   */
  readonly flatLimit: number;
  /** Structs/unions whose flattened members were cut at flatLimit, in the order met. */
  readonly truncated: number[] = [];
  private readonly truncatedSet = new Set<number>();

  noteTruncated(id: number): void {
    if (this.truncatedSet.has(id)) return;
    this.truncatedSet.add(id);
    this.truncated.push(id);
  }

  constructor(btf: Btf) {
    this.btf = btf;
    this.raw = new RawRecords(btf);
    this.spell = new Float64Array(btf.typeCount);
    this.sizes = new Int32Array(btf.typeCount).fill(-2);
    this.sigs = new Float64Array(btf.typeCount);
    this.anonMemo = new Int32Array(btf.typeCount).fill(-1);
    let bytes = 0;
    for (let b: Btf | undefined = btf; b; b = b.base) bytes += b.bytes.length;
    this.flatLimit = 64 + Math.floor(bytes / 12);
  }

  nameHash(nameOff: number): number {
    if (nameOff === 0) return this.emptyNameHash;
    // A small direct-mapped cache (member names like `list`, `lock`, `flags` repeat all
    // over a kernel); a full map keyed by string offset would be megabytes of random access.
    // Hot loops probe it in place (nameKeys/nameVals at nameSlot) before calling here.
    const slot = nameSlot(nameOff);
    if (this.nameKeys[slot] === nameOff) return this.nameVals[slot]!;
    const h = this.raw.hashName(this.scratch.reset(), nameOff).value();
    this.nameKeys[slot] = nameOff;
    this.nameVals[slot] = h;
    return h;
  }

  readonly nameKeys = new Int32Array(1 << NAME_CACHE_BITS).fill(-1);
  readonly nameVals = new Float64Array(1 << NAME_CACHE_BITS);

  byteSize(id: number): number {
    let s = this.sizes[id];
    if (s === undefined) return -1;
    if (s === -2) {
      try {
        s = this.btf.resolveSize(id);
        if (s > 0x7fffffff) s = -1;
      } catch {
        s = -1;
      }
      this.sizes[id] = s;
    }
    return s;
  }

  /** Hash of the C spelling of `id` (see the module comment). */
  spelling(id: number, depth = 0): number {
    if (!this.btf.isValidId(id)) return CYCLE_HASH;
    const memo = this.spell[id]!;
    if (memo !== 0) return memo;
    if (depth > MAX_RESOLVE_DEPTH) return CYCLE_HASH;
    const h = this.computeSpelling(id, depth);
    this.spell[id] = h;
    return h;
  }

  private computeSpelling(id: number, depth: number): number {
    const btf = this.btf;
    const k = btf.kind(id);
    switch (k) {
      case BtfKind.Unknown:
        return VOID_HASH;
      case BtfKind.Int:
      case BtfKind.Float:
      case BtfKind.Typedef:
        return this.mix(Tag.Plain, this.nameHash(btf.nameOff(id)));
      case BtfKind.Struct:
      case BtfKind.Union:
      case BtfKind.Enum:
      case BtfKind.Enum64: {
        const tag = k === BtfKind.Struct ? Tag.Struct : k === BtfKind.Union ? Tag.Union : Tag.Enum;
        const nameOff = btf.nameOff(id);
        const nameHash = this.nameHash(nameOff);
        if (nameHash !== this.emptyNameHash) return this.mix(tag, nameHash);
        return this.mixInt(tag, Tag.AnonContent, this.contentSignature(id, depth + 1));
      }
      case BtfKind.Fwd:
        return this.mix(btf.kindFlag(id) ? Tag.Union : Tag.Struct, this.nameHash(btf.nameOff(id)));
      case BtfKind.Ptr:
        return this.mix(Tag.Ptr, this.spelling(btf.sizeOrType(id), depth + 1));
      case BtfKind.Const:
      case BtfKind.Volatile:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
        return this.qualified(id, 0, depth);
      case BtfKind.Array: {
        const p = this.raw.locate(id);
        const elem = this.raw.arrayElem(p);
        const n = this.raw.arrayNelems(p);
        return this.mixInt(Tag.Array, n, this.spelling(elem, depth + 1));
      }
      case BtfKind.FuncProto:
        return this.protoHash(id, depth, false);
      default:
        return this.mixInt(Tag.Other, k, this.nameHash(btf.nameOff(id)));
    }
  }

  /**
   * Qualifiers the way TypeNamer spells them: collected into a set (order and repeats do
   * not count), handed from an array to its element, dropped on a function type.
   */
  private qualified(id: number, quals: number, depth: number): number {
    const btf = this.btf;
    for (; depth <= MAX_RESOLVE_DEPTH && btf.isValidId(id); depth++) {
      const k = btf.kind(id);
      if (k === BtfKind.Const) quals |= QUAL_CONST;
      else if (k === BtfKind.Volatile) quals |= QUAL_VOLATILE;
      else if (k === BtfKind.Restrict) quals |= QUAL_RESTRICT;
      else if (k !== BtfKind.TypeTag) break;
      id = btf.sizeOrType(id);
    }
    if (depth > MAX_RESOLVE_DEPTH || !btf.isValidId(id)) return CYCLE_HASH;
    const k = btf.kind(id);
    if (!quals || k === BtfKind.FuncProto) return this.spelling(id, depth + 1);
    if (k === BtfKind.Array) {
      const p = this.raw.locate(id);
      const elem = this.raw.arrayElem(p);
      const n = this.raw.arrayNelems(p);
      return this.mixInt(Tag.Array, n, this.qualified(elem, quals, depth + 1));
    }
    return this.mixInt(Tag.Const, quals, this.spelling(id, depth + 1));
  }

  /** Hash of a prototype's return and parameter spellings, plus parameter names if asked. */
  protoHash(id: number, depth: number, withNames: boolean): number {
    const btf = this.btf;
    const raw = this.raw;
    const n = btf.vlen(id);
    // Parameters go on a stack shared by nested prototypes (function pointer parameters
    // recurse here): first their raw words, then, in place, their hashes.
    const base = this.reserve(2 * n);
    try {
      const p = raw.locate(id);
      for (let i = 0; i < n; i++) {
        this.stack[base + 2 * i] = raw.paramType(p, i);
        this.stack[base + 2 * i + 1] = raw.paramNameOff(p, i);
      }
      // Memoized hashes are read in place (a double returned from a call is boxed).
      const retId = btf.sizeOrType(id);
      const ret = this.spell[retId] || this.spelling(retId, depth + 1);
      for (let i = 0; i < n; i++) {
        const type = this.stack[base + 2 * i]!;
        const name = this.stack[base + 2 * i + 1]!;
        const vararg = i === n - 1 && type === 0 && name === 0;
        this.stack[base + 2 * i] = vararg ? Tag.Vararg : this.spell[type] || this.spelling(type, depth + 1);
        if (withNames) {
          const slot = nameSlot(name);
          this.stack[base + 2 * i + 1] = this.nameKeys[slot] === name ? this.nameVals[slot]! : this.nameHash(name);
        } else this.stack[base + 2 * i + 1] = 0;
      }
      const h = this.scratch.reset(Tag.Proto).hash(ret).int(n);
      for (let i = 0; i < n; i++) {
        h.hash(this.stack[base + 2 * i]!);
        if (withNames) h.hash(this.stack[base + 2 * i + 1]!);
      }
      return h.value();
    } finally {
      this.top = base;
    }
  }

  private stack = new Float64Array(256);
  private top = 0;

  /** Reserves `n` slots on the parameter stack; returns their start (release: top = start). */
  private reserve(n: number): number {
    const base = this.top;
    this.top += n;
    if (this.top > this.stack.length) {
      const grown = new Float64Array(Math.max(this.top, this.stack.length * 2));
      grown.set(this.stack);
      this.stack = grown;
    }
    return base;
  }

  /** One-step hashes on the shared hasher; arguments are evaluated before it is reset. */
  private mix(tag: number, h: number): number {
    return this.scratch.reset(tag).hash(h).value();
  }

  private mixInt(tag: number, i: number, h: number): number {
    return this.scratch.reset(tag).int(i).hash(h).value();
  }

  /** Content signature of a struct/union (flattened members) or enum (values). Cached. */
  contentSignature(id: number, depth = 0): number {
    const memo = this.sigs[id];
    if (memo === undefined) return CYCLE_HASH;
    if (memo !== 0) return memo;
    if (depth > MAX_RESOLVE_DEPTH) return CYCLE_HASH;
    const k = this.btf.kind(id);
    this.sigs[id] = CYCLE_HASH; // a self-reference while computing sees a fixed value
    const h = k === BtfKind.Enum || k === BtfKind.Enum64 ? this.enumSignature(id) : compositeSignature(this, id, depth);
    this.sigs[id] = h;
    return h;
  }

  /**
   * Enum: size plus the multiset of (name, value). Values are compared as bit patterns
   * of their width (32-bit ENUM values sign-extended), not by the signedness flag, which
   * old pahole versions never set.
   */
  private enumSignature(id: number): number {
    const btf = this.btf;
    const raw = this.raw;
    const is64 = btf.kind(id) === BtfKind.Enum64;
    const es = is64 ? 12 : 8;
    const n = btf.vlen(id);
    const p = raw.locate(id);
    const set = new MultisetHash();
    for (let i = 0; i < n; i++) {
      const nameOff = raw.enumNameOff(p, i, es);
      const lo = raw.enumLo(p, i, es);
      const hi = is64 ? raw.enumHi(p, i) : (lo | 0) < 0 ? -1 : 0;
      const nameHash = this.nameHash(nameOff);
      set.add(this.scratch.reset(Tag.EnumValue).hash(nameHash).int(lo).int(hi).value());
    }
    return this.mixInt(Tag.Enum, btf.sizeOrType(id), set.value());
  }

  /** Function: its prototype's spellings plus parameter names. */
  funcSignature(funcId: number): number {
    const proto = this.btf.sizeOrType(funcId);
    if (!this.btf.isValidId(proto) || this.btf.kind(proto) !== BtfKind.FuncProto) return CYCLE_HASH;
    let h = this.sigs[proto]!;
    if (h === 0) {
      h = this.mix(Tag.Func, this.protoHash(proto, 0, true));
      this.sigs[proto] = h;
    }
    return h;
  }
}
