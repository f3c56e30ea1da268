/**
 * The view of a BTF that pahole 1.24 builds when it loads it (dwarves btf_loader.c), and the
 * layout facts pahole derives from it (dwarves.c `tag__size`, `tag__natural_alignment`,
 * `class__find_holes`; btf_loader.c `class__fixup_btf_bitfields`, `class__infer_alignment`).
 *
 * pahole's numbers are not plain BTF arithmetic, and matching them exactly means keeping
 * its rules:
 * - A bitfield's byte offset is that of its storage unit (`bit_offset / bit_size * bit_size`),
 *   and its bit position is counted from there; only int and enum bitfields are fixed up.
 * - A member's size is the size of its type with typedefs and const/volatile/restrict
 *   stripped; an empty struct whose BTF size is 1 counts as 0 ("empty base optimization").
 * - Forced alignments (`__attribute__((__aligned__(N)))`) are inferred from a member
 *   starting past the next power of two of the gap before it, or at a cacheline boundary.
 * - Holes and bit holes are found in one pass over the members in declaration order.
 * - Kinds pahole 1.24 does not know (DECL_TAG, TYPE_TAG, DATASEC, FUNC, VAR) are "not
 *   found" when referenced.
 *
 * Everything here is a pure function of the BTF (and the cacheline size used for alignment
 * inference) and is computed lazily per type, then cached.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { Btf } from '../btf/btf';
import { findHoles } from './pahole-holes';
import { TypeTables } from './type-tables';

/** pahole's DWARF-tag view of a BTF kind; NONE where pahole's `cu__type` returns NULL. */
export const Tag = {
  None: 0,
  Base: 1,
  Pointer: 2,
  Array: 3,
  Struct: 4,
  Union: 5,
  Enum: 6,
  Typedef: 7,
  Const: 8,
  Volatile: 9,
  Restrict: 10,
  Subroutine: 11,
} as const;

export interface PaholeMember {
  /** null when anonymous (pahole's NULL name). */
  name: string | null;
  typeId: number;
  /** As BTF says, adjusted for negative bitfield offsets like pahole does. */
  bitOffset: number;
  bitfieldSize: number;
  byteOffset: number;
  /** Bit position inside the storage unit at byteOffset (bitfields only). */
  bitfieldOffset: number;
  byteSize: number;
  bitSize: number;
  /** Inferred forced alignment in bytes, 0 for none. */
  alignment: number;
  /** Bytes / bits of hole after this member (structs only). */
  hole: number;
  bitHole: number;
}

export interface PaholeClass {
  id: number;
  isUnion: boolean;
  byteSize: number;
  members: PaholeMember[];
  /** Inferred `__aligned__` of the type itself, 0 for none. */
  alignment: number;
  preHole: number;
  preBitHole: number;
  padding: number;
  bitPadding: number;
  nrHoles: number;
  nrBitHoles: number;
}

export class PaholeModel {
  readonly t: TypeTables;
  readonly addrSize: number;
  private readonly classes = new Map<number, PaholeClass>();
  private readonly natAlign = new Map<number, number>();
  private typedefIndex: Map<number, number> | undefined;
  /** Member declarations that do not depend on where the type is used (layout-build.ts). */
  readonly declCache = new Map<number, unknown>();

  private constructor(
    btf: Btf,
    readonly cachelineBytes: number,
  ) {
    this.t = TypeTables.of(btf);
    // pahole's cu->addr_size is btf__pointer_size(): 0 when the BTF has no `long`.
    this.addrSize = this.t.pointerSize();
  }

  /** The cached model of `btf` for a cacheline size (it feeds alignment inference). */
  static of(btf: Btf, cachelineBytes = 64): PaholeModel {
    let byLine = cache.get(btf);
    if (!byLine) cache.set(btf, (byLine = new Map()));
    let m = byLine.get(cachelineBytes);
    if (!m) byLine.set(cachelineBytes, (m = new PaholeModel(btf, cachelineBytes)));
    return m;
  }

  /** What pahole's `cu__type(id)` would hold. */
  tag(id: number): number {
    if (id <= 0 || id >= this.t.count) return Tag.None;
    switch (this.t.kind[id]) {
      case BtfKind.Int:
      case BtfKind.Float:
        return Tag.Base;
      case BtfKind.Ptr:
        return Tag.Pointer;
      case BtfKind.Array:
        return Tag.Array;
      case BtfKind.Struct:
        return Tag.Struct;
      case BtfKind.Union:
        return Tag.Union;
      case BtfKind.Fwd:
        return this.t.kflag[id] ? Tag.Union : Tag.Struct;
      case BtfKind.Enum:
      case BtfKind.Enum64:
        return Tag.Enum;
      case BtfKind.Typedef:
        return Tag.Typedef;
      case BtfKind.Const:
        return Tag.Const;
      case BtfKind.Volatile:
        return Tag.Volatile;
      case BtfKind.Restrict:
        return Tag.Restrict;
      case BtfKind.FuncProto:
        return Tag.Subroutine;
      default:
        return Tag.None;
    }
  }

  /** The type a pointer/modifier/typedef/array/subroutine refers to (tag->type). */
  ref(id: number): number {
    const t = this.t;
    return t.kind[id] === BtfKind.Array ? t.a[t.entryStart[id]!]! : t.sizeOrType[id]!;
  }

  /** pahole's `tag->type` field: the referenced type, 0 for base types and structs. */
  tagType(id: number): number {
    const g = this.tag(id);
    return g === Tag.Base || g === Tag.Struct || g === Tag.Union || g === Tag.Enum || g === Tag.None ? 0 : this.ref(id);
  }

  /** type__name: null when anonymous. */
  typeName(id: number): string | null {
    return this.t.nameOff[id] ? this.t.name(id) : null;
  }

  isStructLike(id: number): boolean {
    const g = this.tag(id);
    return g === Tag.Struct || g === Tag.Union || g === Tag.Enum;
  }

  /** tag__strip_typedefs_and_modifiers on the type `id` a member refers to; 0 for NULL. */
  strip(id: number): number {
    for (let depth = 0; depth < 64; depth++) {
      const g = this.tag(id);
      if (g === Tag.None) return 0;
      if (g !== Tag.Typedef && g !== Tag.Const && g !== Tag.Volatile && g !== Tag.Restrict) return id;
      id = this.ref(id);
    }
    return 0;
  }

  /** tag__size in bytes (0 for what pahole cannot size). */
  size(id: number, depth = 0): number {
    const t = this.t;
    const g = this.tag(id);
    if (depth > 64) return 0;
    switch (g) {
      case Tag.None:
        return 0;
      case Tag.Pointer:
        return this.addrSize;
      case Tag.Base:
        // base_type__size is bit_size / 8; BTF ints carry their bit count.
        return t.kind[id] === BtfKind.Int ? (t.a[t.entryStart[id]!]! & 0xff) >>> 3 : t.sizeOrType[id]!;
      case Tag.Enum:
        return t.sizeOrType[id] || 4;
      case Tag.Struct:
      case Tag.Union: {
        if (t.kind[id] === BtfKind.Fwd) return 0;
        const size = t.sizeOrType[id]!;
        return size === 1 && t.vlen[id] === 0 ? 0 : size;
      }
      case Tag.Array: {
        const n = t.c[t.entryStart[id]!]!;
        return this.size(this.ref(id), depth + 1) * n;
      }
      default:
        return this.ref(id) === 0 ? 0 : this.size(this.ref(id), depth + 1);
    }
  }

  /** tag__natural_alignment of a (stripped) type. */
  naturalAlignment(id: number, depth = 0): number {
    const t = this.t;
    let a = 1;
    switch (this.tag(id)) {
      case Tag.Pointer:
        a = this.addrSize;
        break;
      case Tag.Base:
        a = this.size(id);
        break;
      case Tag.Enum:
        a = t.sizeOrType[id] || 4;
        break;
      case Tag.Struct:
      case Tag.Union:
        a = this.typeNaturalAlignment(id, depth);
        break;
      case Tag.Array: {
        const s = this.strip(this.ref(id));
        if (s && depth < 64) a = this.naturalAlignment(s, depth + 1);
        break;
      }
      default:
        break;
    }
    return a || 1;
  }

  private typeNaturalAlignment(id: number, depth: number): number {
    const hit = this.natAlign.get(id);
    if (hit !== undefined) return hit;
    const t = this.t;
    let a = 0;
    if (t.kind[id] !== BtfKind.Fwd && depth < 64) {
      const e0 = t.entryStart[id]!;
      for (let i = 0; i < t.vlen[id]!; i++) {
        const s = this.strip(t.b[e0 + i]!);
        if (!s) continue;
        const m = this.naturalAlignment(s, depth + 1);
        if (m > a) a = m;
      }
    }
    // pahole only caches non-zero results; an empty struct is recomputed (and stays 0).
    this.natAlign.set(id, a);
    return a;
  }

  /** The first typedef (lowest id) whose target is exactly `id`, or 0. */
  firstTypedefOf(id: number): number {
    if (!this.typedefIndex) {
      const idx = new Map<number, number>();
      const t = this.t;
      for (let i = 1; i < t.count; i++) {
        if (t.kind[i] === BtfKind.Typedef && !idx.has(t.sizeOrType[i]!)) idx.set(t.sizeOrType[i]!, i);
      }
      this.typedefIndex = idx;
    }
    return this.typedefIndex.get(id) ?? 0;
  }

  /** The loaded (fixed-up, hole-searched) struct or union `id`. */
  classInfo(id: number): PaholeClass {
    let c = this.classes.get(id);
    if (!c) {
      c = this.loadClass(id);
      this.classes.set(id, c);
    }
    return c;
  }

  private loadClass(id: number): PaholeClass {
    const t = this.t;
    const isFwd = t.kind[id] === BtfKind.Fwd;
    const vlen = isFwd ? 0 : t.vlen[id]!;
    const e0 = t.entryStart[id]!;
    const members: PaholeMember[] = new Array<PaholeMember>(vlen);
    for (let i = 0; i < vlen; i++) {
      const bitOffset = t.memberBitOffset(id, i);
      members[i] = {
        name: t.a[e0 + i] ? t.str(t.a[e0 + i]!) : null,
        typeId: t.b[e0 + i]!,
        bitOffset,
        bitfieldSize: t.memberBitfieldSize(id, i),
        byteOffset: Math.floor(bitOffset / 8),
        bitfieldOffset: 0,
        byteSize: 0,
        bitSize: 0,
        alignment: 0,
        hole: 0,
        bitHole: 0,
      };
    }
    const c: PaholeClass = {
      id,
      isUnion: this.tag(id) === Tag.Union,
      byteSize: isFwd ? 0 : t.sizeOrType[id]!,
      members,
      alignment: 0,
      preHole: 0,
      preBitHole: 0,
      padding: 0,
      bitPadding: 0,
      nrHoles: 0,
      nrBitHoles: 0,
    };
    this.fixupBitfields(c);
    if (!c.isUnion) findHoles(c);
    return c;
  }

  /** btf_loader.c class__fixup_btf_bitfields, including alignment inference. */
  private fixupBitfields(c: PaholeClass): void {
    let smallestOffset = 0;
    for (const m of c.members) {
      const type = this.strip(m.typeId);
      if (!type) continue;
      m.bitfieldOffset = 0;
      m.byteSize = this.size(type);
      m.bitSize = m.byteSize * 8;
      // Zero-sized (bad or empty) types are skipped, as pahole does, not divided by.
      if (m.byteSize === 0) continue;
      const g = this.tag(type);
      if (g === Tag.Base || g === Tag.Enum) {
        if (m.bitfieldSize) {
          // Bitfields live in a naturally aligned storage unit of their type's size.
          m.byteOffset = (Math.floor(m.bitOffset / m.bitSize) * m.bitSize) / 8;
          m.bitfieldOffset = m.bitOffset - m.byteOffset * 8;
          if (m.bitfieldOffset < 0) {
            m.bitfieldOffset += m.bitSize;
            m.byteOffset -= m.byteSize;
            m.bitOffset = m.byteOffset * 8 + m.bitfieldOffset;
          }
        } else {
          m.byteOffset = Math.floor(m.bitOffset / 8);
        }
      }
      m.alignment = this.inferAlignment(m.byteOffset, this.naturalAlignment(type), smallestOffset);
      smallestOffset = m.byteOffset + m.byteSize;
    }
    c.alignment = this.inferAlignment(c.byteSize, this.naturalAlignment(c.id), smallestOffset);
  }

  /** btf_loader.c class__infer_alignment. */
  private inferAlignment(byteOffset: number, naturalAlignment: number, smallestOffset: number): number {
    const delta = (byteOffset - smallestOffset) >>> 0;
    let alignment = 0;
    if (delta && byteOffset % 2 === 0) {
      // The power of two just above the gap; for "negative" gaps (u32 wrap) C's shift by 32
      // is a shift by 0 on x86, giving 1, i.e. none.
      const bits = 32 - Math.clz32(delta);
      alignment = bits >= 32 ? 1 : 1 << bits;
    }
    const line = this.cachelineBytes;
    if (alignment <= naturalAlignment || alignment === 1) alignment = 0;
    else if (alignment < line && line % alignment === 0 && byteOffset % line === 0) alignment = line;
    return alignment;
  }
}

const cache = new WeakMap<Btf, Map<number, PaholeModel>>();
