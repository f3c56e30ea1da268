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
import { type Btf, LONG_ALIASES } from '../btf/btf';
import { BtfKind, infoKind, infoVlen } from '../btf/btf-kinds';

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
  /** String sections of the blobs, base first: [first string offset, bytes, start, end]. */
  private readonly strs: { off: number; bytes: Uint8Array; start: number; end: number }[] = [];

  private constructor(
    btf: Btf,
    entries: number,
    h: { kind: Uint8Array; nameOff: Uint32Array; vlen: Uint32Array; kflag: Uint8Array; sizeOrType: Uint32Array },
  ) {
    this.btf = btf;
    const n = btf.typeCount;
    this.count = n;
    this.kind = h.kind;
    this.nameOff = h.nameOff;
    this.vlen = h.vlen;
    this.kflag = h.kflag;
    this.sizeOrType = h.sizeOrType;
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
    const blobs: Btf[] = [];
    for (let b: Btf | undefined = btf; b; b = b.base) blobs.unshift(b);
    const words = blobs.map(typeWords);
    const h = {
      kind: new Uint8Array(n),
      nameOff: new Uint32Array(n),
      vlen: new Uint32Array(n),
      kflag: new Uint8Array(n),
      sizeOrType: new Uint32Array(n),
    };
    const recWord = new Uint32Array(n);
    // Two passes in two functions: one function would reach pass 2 optimized for pass 1
    // only and deoptimize there (a cold run then interprets pass 2 until it is optimized anew).
    let entries = 0;
    for (let bi = 0; bi < blobs.length; bi++) entries += readHeaders(blobs[bi]!, words[bi]!, h, recWord);
    const t = new TypeTables(btf, entries, h);
    let e = 0;
    for (let bi = 0; bi < blobs.length; bi++) e = readEntries(blobs[bi]!, words[bi]!, t, recWord, e);
    t.entryStart[n] = e;
    for (const b of blobs) {
      const hd = b.header;
      const start = Math.min(hd.hdrLen + hd.strOff, b.bytes.length);
      t.strs.push({ off: b.startStrOff, bytes: b.bytes, start, end: Math.min(start + hd.strLen, b.bytes.length) });
    }
    return t;
  }

  /**
   * Where the bytes of string `off` are: sets `strBytes` and returns the start index in it
   * (the string runs to the next NUL); -1 when the offset is out of range.
   */
  strBytesAt(off: number): number {
    const strs = this.strs;
    for (let i = strs.length - 1; i >= 0; i--) {
      const s = strs[i]!;
      if (off < s.off) continue;
      const abs = s.start + (off - s.off);
      if (abs >= s.end) return -1;
      this.strBytes = s.bytes;
      return abs;
    }
    return -1;
  }
  /** Set by `strBytesAt`. */
  strBytes: Uint8Array = new Uint8Array(0);

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

  private ptrSize = -2;
  /**
   * libbpf's determine_ptr_size (btf.c): the size of the first 4- or 8-byte INT named like
   * `long`/`unsigned long` (in any spelling), or the base's; 0 when there is none (callers
   * pick their fallback: libbpf's dumper uses 8, pahole keeps 0).
   */
  pointerSize(): number {
    if (this.ptrSize !== -2) return this.ptrSize;
    let size = 0;
    const base = this.btf.base;
    if (base) size = TypeTables.of(base).pointerSize();
    for (let id = 1; !size && id < this.count; id++) {
      if (this.kind[id] !== BtfKind.Int) continue;
      const sz = this.sizeOrType[id]!;
      if ((sz === 4 || sz === 8) && LONG_ALIASES.has(this.name(id))) size = sz;
    }
    this.ptrSize = size;
    return size;
  }

  isValid(id: number): boolean {
    return id >= 0 && id < this.count;
  }
}

const cache = new WeakMap<Btf, TypeTables>();

type Headers = { kind: Uint8Array; nameOff: Uint32Array; vlen: Uint32Array; kflag: Uint8Array; sizeOrType: Uint32Array };

/** Pass 1 over one blob: record headers and where each record's words start; returns its entry count. */
function readHeaders(b: Btf, w: Uint32Array, h: Headers, recWord: Uint32Array): number {
  const { kind, nameOff, vlen, kflag, sizeOrType } = h;
  const offsets = b.ownRecordOffsets();
  const typeStart = b.typeStart;
  const startId = b.startId;
  let entries = 0;
  for (let id = startId; id < b.typeCount; id++) {
    const q = (offsets[id - startId]! - typeStart) >>> 2;
    const info = w[q + 1]!;
    const k = infoKind(info);
    const v = infoVlen(info);
    kind[id] = k;
    nameOff[id] = w[q]!;
    vlen[id] = v;
    kflag[id] = info >>> 31;
    sizeOrType[id] = w[q + 2]!;
    recWord[id] = q;
    entries += entryCount(k, v);
  }
  return entries;
}

/** Pass 2 over one blob: the per-member/value/param words from entry `e`; returns the next entry. */
function readEntries(b: Btf, w: Uint32Array, t: TypeTables, recWord: Uint32Array, e: number): number {
  const { kind, vlen, entryStart, a, b: bw, c } = t;
  for (let id = b.startId; id < b.typeCount; id++) {
    entryStart[id] = e;
    const k = kind[id]!;
    const cnt = entryCount(k, vlen[id]!);
    if (!cnt) continue;
    let q = recWord[id]! + 3;
    if (k === BtfKind.Enum || k === BtfKind.FuncProto) {
      for (let i = 0; i < cnt; i++, q += 2, e++) {
        a[e] = w[q]!;
        bw[e] = w[q + 1]!;
      }
    } else if (k === BtfKind.Int || k === BtfKind.Var || k === BtfKind.DeclTag) {
      a[e++] = w[q]!;
    } else {
      for (let i = 0; i < cnt; i++, q += 3, e++) {
        a[e] = w[q]!;
        bw[e] = w[q + 1]!;
        c[e] = w[q + 2]!;
      }
    }
  }
  return e;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The blob's type section as native u32 words: a view when it is aligned and in host byte
 * order (the usual case), else a converted copy. Every BTF record is a whole number of words.
 */
function typeWords(b: Btf): Uint32Array {
  const start = b.typeStart;
  const count = (b.typeEnd - start) >>> 2;
  const at = b.bytes.byteOffset + start;
  if (b.littleEndian === HOST_LE && at % 4 === 0) return new Uint32Array(b.bytes.buffer, at, count);
  const dv = new DataView(b.bytes.buffer, at, count * 4);
  const w = new Uint32Array(count);
  for (let i = 0; i < count; i++) w[i] = dv.getUint32(i * 4, b.littleEndian);
  return w;
}

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
