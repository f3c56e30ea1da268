/**
 * Allocation-free reads of the vlen entries of BTF records (struct members, enum values,
 * func_proto params), for the diff engine's hot paths.
 *
 * `Btf.type(id)` decodes a record into objects with decoded member names; hashing 10k
 * structs and 30k prototypes of two kernels that way allocates too much. Here `locate(id)`
 * finds the record (in the split BTF or its base) and leaves the owner's DataView in
 * `dv`/`le`; entry readers take the record offset it returned. Layouts: btf.rst 2.2.
 */
import type { Btf } from '../btf/btf';
import { infoKind } from '../btf/btf-kinds';
import type { Hasher } from './hash';

interface Blob {
  btf: Btf;
  startId: number;
  dv: DataView;
  le: boolean;
  /** Where string offset `startStrOff` sits in `btf.bytes` (-1: read through strBytes). */
  strStart: number;
  strEnd: number;
}

/** The string section's place in `btf.bytes`, checked against `strBytes`; -1 if unsure. */
function stringSectionStart(btf: Btf): number {
  const start = btf.header.hdrLen + btf.header.strOff;
  if (start + btf.ownStringBytes > btf.bytes.length) return -1;
  // Spot-check a few names of own types against the reader's own accessor.
  for (let id = btf.startId, n = 0; id < btf.typeCount && n < 8; id++) {
    const off = btf.nameOff(id);
    if (off < btf.startStrOff) continue;
    const want = btf.strBytes(off);
    const at = start + off - btf.startStrOff;
    for (let i = 0; i < want.length; i++) if (btf.bytes[at + i] !== want[i]) return -1;
    if (btf.bytes[at + want.length] !== 0) return -1;
    n++;
  }
  return start;
}

const EMPTY = new Uint8Array(0);

export class RawRecords {
  readonly btf: Btf;
  private readonly blobs: Blob[] = [];
  /** DataView of the blob that holds the last located record. */
  dv!: DataView;
  le = true;
  /** Counts `locate` calls: a caller that saw it unchanged may keep using its offset. */
  locates = 0;

  constructor(btf: Btf) {
    this.btf = btf;
    for (let b: Btf | undefined = btf; b; b = b.base) {
      const strStart = stringSectionStart(b);
      this.blobs.push({
        btf: b,
        startId: b.startId,
        dv: new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength),
        le: b.littleEndian,
        strStart,
        strEnd: strStart + b.ownStringBytes,
      });
    }
    this.dv = this.blobs[0]!.dv;
  }

  /** Feeds the name at string offset `off` to `h` (as h.bytes(btf.strBytes(off)) would). */
  hashName(h: Hasher, off: number): Hasher {
    const blobs = this.blobs;
    let i = 0;
    while (i < blobs.length - 1 && off < blobs[i]!.btf.startStrOff) i++;
    const blob = blobs[i]!;
    if (blob.strStart < 0) return h.bytes(this.btf.strBytes(off));
    const at = blob.strStart + off - blob.btf.startStrOff;
    return at >= blob.strStart && at < blob.strEnd ? h.cstr(blob.btf.bytes, blob.dv, at, blob.strEnd) : h.bytes(EMPTY);
  }

  /**
   * The string at offset `off`, like `btf.str(off)` but built in one step for ASCII
   * (the reader's decoder appends a character at a time, which allocates per character).
   */
  str(off: number): string {
    // Names repeat (`list`, `lock`, `flags`): a small direct-mapped cache saves decoding.
    const slot = Math.imul(off, 0x9e3779b1) >>> 20;
    if (this.strKeys[slot] === off) return this.strVals[slot]!;
    const s = this.decode(off);
    this.strKeys[slot] = off;
    this.strVals[slot] = s;
    return s;
  }

  private readonly strKeys = new Int32Array(4096).fill(-1);
  private readonly strVals: string[] = new Array<string>(4096).fill('');

  private decode(off: number): string {
    const blobs = this.blobs;
    let i = 0;
    while (i < blobs.length - 1 && off < blobs[i]!.btf.startStrOff) i++;
    const blob = blobs[i]!;
    if (blob.strStart < 0) return this.btf.str(off);
    const bytes = blob.btf.bytes;
    const at = blob.strStart + off - blob.btf.startStrOff;
    // Below the section (an offset that is no u32, e.g. read back signed) is no string,
    // as btf.str has it; the scan below must never start outside the section.
    if (at < blob.strStart || at >= blob.strEnd) return '';
    let end = at;
    let ascii = true;
    while (end < blob.strEnd && bytes[end] !== 0) {
      if (bytes[end]! >= 0x80) ascii = false;
      end++;
    }
    if (end === at) return '';
    if (!ascii || end - at > 4096) return this.btf.str(off);
    return String.fromCharCode.apply(null, bytes.subarray(at, end) as unknown as number[]);
  }

  /** Offset of the record of `id` (after which vlen entries start at +12); sets dv/le. */
  locate(id: number): number {
    const blobs = this.blobs;
    let i = 0;
    while (i < blobs.length - 1 && id < blobs[i]!.startId) i++;
    const blob = blobs[i]!;
    this.locates++;
    this.dv = blob.dv;
    this.le = blob.le;
    return this.btf.recordOffset(id);
  }

  /** The kind of the record at p (after locate). */
  kindAt(p: number): number {
    const info = this.dv.getUint32(p + 4, this.le);
    return infoKind(info);
  }
  /** The name_off of the record at p. */
  nameOffAt(p: number): number {
    return this.dv.getUint32(p, this.le);
  }

  /** struct/union member i: name_off. */
  memberNameOff(p: number, i: number): number {
    return this.dv.getUint32(p + 12 + i * 12, this.le);
  }
  /** struct/union member i: type id. */
  memberType(p: number, i: number): number {
    return this.dv.getUint32(p + 16 + i * 12, this.le);
  }
  /** struct/union member i: raw offset word (bitfield size in the top 8 bits when kind_flag). */
  memberOffset(p: number, i: number): number {
    return this.dv.getUint32(p + 20 + i * 12, this.le);
  }
  /** func_proto param i: name_off. */
  paramNameOff(p: number, i: number): number {
    return this.dv.getUint32(p + 12 + i * 8, this.le);
  }
  /** func_proto param i: type id. */
  paramType(p: number, i: number): number {
    return this.dv.getUint32(p + 16 + i * 8, this.le);
  }
  /** enum value i: name_off (entry size 8 for ENUM, 12 for ENUM64). */
  enumNameOff(p: number, i: number, entrySize: number): number {
    return this.dv.getUint32(p + 12 + i * entrySize, this.le);
  }
  /** enum value i: low 32 bits of the value. */
  enumLo(p: number, i: number, entrySize: number): number {
    return this.dv.getUint32(p + 16 + i * entrySize, this.le);
  }
  /** ENUM64 value i: high 32 bits. */
  enumHi(p: number, i: number): number {
    return this.dv.getUint32(p + 20 + i * 12, this.le);
  }
  /** ARRAY: element type, nelems. */
  arrayElem(p: number): number {
    return this.dv.getUint32(p + 12, this.le);
  }
  arrayNelems(p: number): number {
    return this.dv.getUint32(p + 20, this.le);
  }
}
