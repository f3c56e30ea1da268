/**
 * Sizes and alignments of BTF types exactly as libbpf 1.1 computes them
 * (btf.c `btf__resolve_size`, `btf__align_of`; btf_dump.c `btf_is_struct_packed`), memoized
 * per type id. The C dumper asks for them once per member of every struct it prints, and
 * libbpf's recursive `btf__align_of` would otherwise re-walk nested structs each time.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { TypeTables } from '../layout/type-tables';

/** libbpf's MAX_RESOLVE_DEPTH. */
const MAX_RESOLVE_DEPTH = 32;
const UNKNOWN = -2;

export class TypeMetrics {
  /** Sizes (u32), valid where `sized` is 1; 2 means no size (-1). */
  private readonly sizes: Uint32Array;
  private readonly sized: Uint8Array;
  private readonly aligns: Int32Array;

  constructor(
    private readonly t: TypeTables,
    readonly ptrSize: number,
  ) {
    // Not a Float64Array with -1/-2 marks: before V8 optimizes, every read of one allocates.
    this.sizes = new Uint32Array(t.count);
    this.sized = new Uint8Array(t.count);
    this.aligns = new Int32Array(t.count).fill(UNKNOWN);
  }

  /** btf__resolve_size: bytes, or -1 when the type has no size (void, func, fwd, too big). */
  resolveSize(id: number): number {
    const known = this.sized[id];
    if (known === 1) return this.sizes[id]!;
    if (known === 2) return -1;
    const size = this.computeSize(id);
    if (id < this.t.count) {
      this.sized[id] = size < 0 ? 2 : 1;
      if (size >= 0) this.sizes[id] = size;
    }
    return size;
  }

  private computeSize(typeId: number): number {
    const t = this.t;
    let nelems = 1;
    let size = -1;
    let id = typeId;
    for (let i = 0; i < MAX_RESOLVE_DEPTH && id !== 0 && id < t.count; i++) {
      const kind = t.kind[id]!;
      if (
        kind === BtfKind.Int ||
        kind === BtfKind.Struct ||
        kind === BtfKind.Union ||
        kind === BtfKind.Enum ||
        kind === BtfKind.Enum64 ||
        kind === BtfKind.Datasec ||
        kind === BtfKind.Float
      ) {
        size = t.sizeOrType[id]!;
        break;
      }
      if (kind === BtfKind.Ptr) {
        size = this.ptrSize;
        break;
      }
      if (
        kind === BtfKind.Typedef ||
        kind === BtfKind.Volatile ||
        kind === BtfKind.Const ||
        kind === BtfKind.Restrict ||
        kind === BtfKind.Var ||
        kind === BtfKind.DeclTag ||
        kind === BtfKind.TypeTag
      ) {
        id = t.sizeOrType[id]!;
        continue;
      }
      if (kind === BtfKind.Array) {
        const e = t.entryStart[id]!;
        const n = t.c[e]!;
        if (nelems && n > Math.floor(0xffffffff / nelems)) return -1;
        nelems *= n;
        id = t.a[e]!;
        continue;
      }
      return -1;
    }
    if (size < 0) return -1;
    if (nelems && size > Math.floor(0xffffffff / nelems)) return -1;
    return nelems * size;
  }

  /** btf__align_of: the alignment in bytes, 0 for kinds without one; 1 for packed structs. */
  alignOf(id: number): number {
    const cached = this.aligns[id];
    if (cached !== undefined && cached !== UNKNOWN) return cached;
    if (id >= this.t.count) return 0;
    // Cyclic (invalid) BTF: answer 0 instead of recursing forever.
    this.aligns[id] = 0;
    const a = this.computeAlign(id);
    this.aligns[id] = a;
    return a;
  }

  private computeAlign(id: number): number {
    const t = this.t;
    switch (t.kind[id]) {
      case BtfKind.Int:
      case BtfKind.Enum:
      case BtfKind.Enum64:
      case BtfKind.Float:
        return Math.min(this.ptrSize, t.sizeOrType[id]!);
      case BtfKind.Ptr:
        return this.ptrSize;
      case BtfKind.Typedef:
      case BtfKind.Volatile:
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
        return this.alignOf(t.sizeOrType[id]!);
      case BtfKind.Array:
        return this.alignOf(t.a[t.entryStart[id]!]!);
      case BtfKind.Struct:
      case BtfKind.Union: {
        const e0 = t.entryStart[id]!;
        const vlen = t.vlen[id]!;
        const kflag = t.kflag[id]!;
        let maxAlign = 1;
        for (let i = 0; i < vlen; i++) {
          const align = this.alignOf(t.b[e0 + i]!);
          if (align <= 0) return align;
          if (align > maxAlign) maxAlign = align;
          const raw = t.c[e0 + i]!;
          const bitfieldSize = kflag ? raw >>> 24 : 0;
          // A member off its type's alignment means the struct is packed.
          if (bitfieldSize === 0 && raw % (8 * align) !== 0) return 1;
        }
        if (t.sizeOrType[id]! % maxAlign !== 0) return 1;
        return maxAlign;
      }
      default:
        return 0;
    }
  }

  /**
   * btf_dump.c btf_is_struct_packed: packed when a non-bitfield member sits off its type's
   * alignment, or the size is not a multiple of the largest member alignment.
   */
  isStructPacked(id: number): boolean {
    const t = this.t;
    const e0 = t.entryStart[id]!;
    const vlen = t.vlen[id]!;
    const kflag = t.kflag[id]!;
    let maxAlign = 1;
    for (let i = 0; i < vlen; i++) {
      const align = this.alignOf(t.b[e0 + i]!);
      const raw = t.c[e0 + i]!;
      const bitSz = kflag ? raw >>> 24 : 0;
      if (align && bitSz === 0 && raw % (8 * align) !== 0) return true;
      if (align > maxAlign) maxAlign = align;
    }
    return t.sizeOrType[id]! % maxAlign !== 0;
  }
}
