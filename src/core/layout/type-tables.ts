/**
 * Struct-of-arrays view of every type of a `Btf` (base + split), for the engines that walk
 * the whole type graph many times: the C dumper and the layout engine.
 *
 * `Btf.type(id)` decodes a record into fresh objects with decoded member names; walking
 * 130k types and their ~700k members that way several times allocates far too much. This
 * table is built once per `Btf` (one pass over the records, a few typed arrays) and cached.
 *
 * Each type has a header (kind, name offset, vlen, kind_flag, size-or-type) and `vlen`
 * entries of three u32 words `a`, `b`, `c` from `entryStart[id]`:
 *   struct/union member  a=name_off b=type     c=offset (raw: bitfield size packed when kflag)
 *   enum value           a=name_off b=val (s32 bits)
 *   enum64 value         a=name_off b=val_lo   c=val_hi
 *   func_proto param     a=name_off b=type
 *   datasec var          a=type     b=offset   c=size
 *   array (1 entry)      a=type     b=index_type c=nelems
 *   int (1 entry)        a=encoding word
 *   var (1 entry)        a=linkage;  decl_tag (1 entry) a=component_idx
 * Kinds this reader does not know get no entries.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';

export class TypeTables {
  readonly btf: Btf;
  /** Valid ids are [0, count); 0 is void. */
  readonly count: number;
  readonly kind: Uint8Array;
  readonly nameOff: Uint32Array;
  readonly vlen: Uint32Array;
  readonly kflag: Uint8Array;
  /** The size/type union of struct btf_type. */
  readonly sizeOrType: Uint32Array;
  readonly entryStart: Uint32Array;
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly c: Uint32Array;
  private readonly names = new Map<number, string>();

  private constructor(btf: Btf, entries: number) {
    this.btf = btf;
    const n = btf.typeCount;
    this.count = n;
    this.kind = new Uint8Array(n);
    this.nameOff = new Uint32Array(n);
    this.vlen = new Uint32Array(n);
    this.kflag = new Uint8Array(n);
    this.sizeOrType = new Uint32Array(n);
    this.entryStart = new Uint32Array(n + 1);
    this.a = new Uint32Array(entries);
    this.b = new Uint32Array(entries);
    this.c = new Uint32Array(entries);
  }

  /** The cached table of `btf` (built on first use). */
  static of(btf: Btf): TypeTables {
    let t = cache.get(btf);
    if (!t) {
      t = TypeTables.build(btf);
      cache.set(btf, t);
    }
    return t;
  }

  private static build(btf: Btf): TypeTables {
    const n = btf.typeCount;
    // First pass: count entries so the entry arrays are allocated once.
    let entries = 0;
    for (let id = 1; id < n; id++) entries += entryCount(btf.kind(id), btf.vlen(id));
    const t = new TypeTables(btf, entries);
    let e = 0;
    let owner: Btf | undefined;
    let dv: DataView | undefined;
    let le = true;
    for (let id = 1; id < n; id++) {
      const kind = btf.kind(id);
      const vlen = btf.vlen(id);
      t.kind[id] = kind;
      t.nameOff[id] = btf.nameOff(id);
      t.vlen[id] = vlen;
      t.kflag[id] = btf.kindFlag(id) ? 1 : 0;
      t.sizeOrType[id] = btf.sizeOrType(id);
      t.entryStart[id] = e;
      const cnt = entryCount(kind, vlen);
      if (cnt) {
        const o = ownerOf(btf, id);
        if (o !== owner || !dv) {
          owner = o;
          dv = new DataView(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength);
          le = o.littleEndian;
        }
        let p = o.recordOffset(id) + 12;
        switch (kind) {
          case BtfKind.Struct:
          case BtfKind.Union:
          case BtfKind.Enum64:
          case BtfKind.Datasec:
          case BtfKind.Array:
            for (let i = 0; i < cnt; i++, p += 12, e++) {
              t.a[e] = dv.getUint32(p, le);
              t.b[e] = dv.getUint32(p + 4, le);
              t.c[e] = dv.getUint32(p + 8, le);
            }
            break;
          case BtfKind.Enum:
          case BtfKind.FuncProto:
            for (let i = 0; i < cnt; i++, p += 8, e++) {
              t.a[e] = dv.getUint32(p, le);
              t.b[e] = dv.getUint32(p + 4, le);
            }
            break;
          default: // int, var, decl_tag: one word
            t.a[e++] = dv.getUint32(p, le);
            break;
        }
      }
    }
    t.entryStart[n] = e;
    t.entryStart[0] = 0;
    return t;
  }

  /** A string by offset, decoded once. */
  str(off: number): string {
    let s = this.names.get(off);
    if (s === undefined) {
      s = off === 0 ? '' : this.btf.str(off);
      this.names.set(off, s);
    }
    return s;
  }

  name(id: number): string {
    return this.str(this.nameOff[id]!);
  }

  /** Bit offset of member `i` of a struct/union (kind_flag: low 24 bits). */
  memberBitOffset(id: number, i: number): number {
    const off = this.c[this.entryStart[id]! + i]!;
    return this.kflag[id] ? off & 0xffffff : off;
  }

  /** Bitfield size of member `i`, 0 when not a bitfield. */
  memberBitfieldSize(id: number, i: number): number {
    return this.kflag[id] ? this.c[this.entryStart[id]! + i]! >>> 24 : 0;
  }

  isValid(id: number): boolean {
    return id >= 0 && id < this.count;
  }
}

const cache = new WeakMap<Btf, TypeTables>();

function entryCount(kind: number, vlen: number): number {
  switch (kind) {
    case BtfKind.Struct:
    case BtfKind.Union:
    case BtfKind.Enum:
    case BtfKind.Enum64:
    case BtfKind.FuncProto:
    case BtfKind.Datasec:
      return vlen;
    case BtfKind.Array:
    case BtfKind.Int:
    case BtfKind.Var:
    case BtfKind.DeclTag:
      return 1;
    default:
      return 0;
  }
}

/** The blob (this or a base) that stores type `id`. */
function ownerOf(btf: Btf, id: number): Btf {
  let b: Btf = btf;
  while (id < b.startId && b.base) b = b.base;
  return b;
}
