/**
 * A small DSL that writes raw BTF bytes for tests: every kind, either byte order, the
 * 2026 header with its layout section, split BTF on a base, and deliberately broken blobs.
 *
 *   const b = new BtfBuilder();
 *   const int = b.int('int', 4, { signed: true });
 *   b.struct('pair', 8, [['a', int, 0], ['b', int, 32]]);
 *   const bytes = b.build();
 */
import type { Btf } from '../core/btf/btf';
import { BtfKind } from '../core/btf/btf-kinds';

export type MemberSpec = [name: string, typeId: number, bitOffset: number, bitfieldSize?: number];

export interface BuildOptions {
  littleEndian?: boolean;
  /** Emit the 2026 header (hdr_len 32) with a layout section describing these kinds' sizes. */
  layout?: { infoSize: number; elemSize: number }[];
  /** Extra zero bytes appended to the header (hdr_len grows). */
  extraHeaderBytes?: number;
  /** Override header fields after layout (to make broken blobs). */
  patchHeader?: Partial<{ typeOff: number; typeLen: number; strOff: number; strLen: number; hdrLen: number; version: number }>;
}

export class BtfBuilder {
  private words: number[] = [];
  private strs: number[] = [0];
  private strMap = new Map<string, number>();
  private nextId: number;
  private readonly startStrOff: number;

  constructor(base?: Btf) {
    this.nextId = base ? base.typeCount : 1;
    this.startStrOff = base ? base.strEndOff : 0;
    if (base) this.strs = []; // split BTF strings need not start with ""
  }

  /** Offset of a string (deduplicated), relative to the whole base+split string space. */
  str(s: string): number {
    if (s === '' && this.startStrOff === 0) return 0;
    const have = this.strMap.get(s);
    if (have !== undefined) return have;
    const off = this.startStrOff + this.strs.length;
    for (const b of new TextEncoder().encode(s)) this.strs.push(b);
    this.strs.push(0);
    this.strMap.set(s, off);
    return off;
  }

  private head(name: string, kind: number, vlen: number, kflag: boolean, sizeOrType: number, wide = false): number {
    const info = wide ? ((kind & 0x7f) << 24) | (vlen & 0xffffff) : ((kind & 0x1f) << 24) | (vlen & 0xffff);
    this.words.push(this.str(name), (info | (kflag ? 0x80000000 : 0)) >>> 0, sizeOrType >>> 0);
    return this.nextId++;
  }

  /** Appends raw 32-bit words (for unknown kinds or malformed records). */
  rawRecord(name: string, kind: number, vlen: number, sizeOrType: number, extraWords: number[] = [], wide = true): number {
    const id = this.head(name, kind, vlen, false, sizeOrType, wide);
    this.words.push(...extraWords.map((w) => w >>> 0));
    return id;
  }

  int(name: string, byteSize: number, o: { signed?: boolean; char?: boolean; bool?: boolean; bits?: number; bitOffset?: number } = {}): number {
    const id = this.head(name, BtfKind.Int, 0, false, byteSize);
    const enc = (o.signed ? 1 : 0) | (o.char ? 2 : 0) | (o.bool ? 4 : 0);
    this.words.push(((enc << 24) | ((o.bitOffset ?? 0) << 16) | (o.bits ?? byteSize * 8)) >>> 0);
    return id;
  }
  ptr(type: number): number {
    return this.head('', BtfKind.Ptr, 0, false, type);
  }
  typedef(name: string, type: number): number {
    return this.head(name, BtfKind.Typedef, 0, false, type);
  }
  volatile(type: number): number {
    return this.head('', BtfKind.Volatile, 0, false, type);
  }
  const(type: number): number {
    return this.head('', BtfKind.Const, 0, false, type);
  }
  restrict(type: number): number {
    return this.head('', BtfKind.Restrict, 0, false, type);
  }
  typeTag(name: string, type: number): number {
    return this.head(name, BtfKind.TypeTag, 0, false, type);
  }
  array(elem: number, index: number, nelems: number): number {
    const id = this.head('', BtfKind.Array, 0, false, 0);
    this.words.push(elem, index, nelems);
    return id;
  }
  private composite(kind: number, name: string, size: number, members: MemberSpec[]): number {
    const kflag = members.some((m) => (m[3] ?? 0) > 0);
    const id = this.head(name, kind, members.length, kflag, size);
    for (const [n, t, off, bits] of members) this.words.push(this.str(n), t, kflag ? (((bits ?? 0) << 24) | off) >>> 0 : off);
    return id;
  }
  struct(name: string, size: number, members: MemberSpec[]): number {
    return this.composite(BtfKind.Struct, name, size, members);
  }
  union(name: string, size: number, members: MemberSpec[]): number {
    return this.composite(BtfKind.Union, name, size, members);
  }
  enum(name: string, size: number, values: [string, number][], signed = false): number {
    const id = this.head(name, BtfKind.Enum, values.length, signed, size);
    for (const [n, v] of values) this.words.push(this.str(n), v >>> 0);
    return id;
  }
  enum64(name: string, size: number, values: [string, bigint][], signed = false): number {
    const id = this.head(name, BtfKind.Enum64, values.length, signed, size);
    for (const [n, v] of values) {
      const u = BigInt.asUintN(64, v);
      this.words.push(this.str(n), Number(u & 0xffffffffn), Number(u >> 32n));
    }
    return id;
  }
  fwd(name: string, isUnion = false): number {
    return this.head(name, BtfKind.Fwd, 0, isUnion, 0);
  }
  funcProto(ret: number, params: [string, number][]): number {
    const id = this.head('', BtfKind.FuncProto, params.length, false, ret);
    for (const [n, t] of params) this.words.push(this.str(n), t);
    return id;
  }
  func(name: string, proto: number, linkage = 1): number {
    return this.head(name, BtfKind.Func, linkage, false, proto);
  }
  var(name: string, type: number, linkage = 1): number {
    const id = this.head(name, BtfKind.Var, 0, false, type);
    this.words.push(linkage);
    return id;
  }
  datasec(name: string, size: number, vars: [type: number, offset: number, size: number][]): number {
    const id = this.head(name, BtfKind.Datasec, vars.length, false, size);
    for (const [t, o, s] of vars) this.words.push(t, o, s);
    return id;
  }
  float(name: string, size: number): number {
    return this.head(name, BtfKind.Float, 0, false, size);
  }
  declTag(name: string, type: number, componentIdx = -1): number {
    const id = this.head(name, BtfKind.DeclTag, 0, false, type);
    this.words.push(componentIdx >>> 0);
    return id;
  }

  build(o: BuildOptions = {}): Uint8Array {
    const le = o.littleEndian ?? true;
    const hasLayout = o.layout !== undefined;
    const hdrLen = (hasLayout ? 32 : 24) + (o.extraHeaderBytes ?? 0);
    const layoutBytes = hasLayout ? o.layout!.length * 4 : 0;
    const typeLen = this.words.length * 4;
    const h = {
      hdrLen,
      typeOff: layoutBytes,
      typeLen,
      strOff: layoutBytes + typeLen,
      strLen: this.strs.length,
      version: 1,
      ...o.patchHeader,
    };
    const total = hdrLen + layoutBytes + typeLen + this.strs.length;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, 0xeb9f, le);
    out[2] = h.version;
    out[3] = 0;
    dv.setUint32(4, h.hdrLen, le);
    dv.setUint32(8, h.typeOff, le);
    dv.setUint32(12, h.typeLen, le);
    dv.setUint32(16, h.strOff, le);
    dv.setUint32(20, h.strLen, le);
    if (hasLayout) {
      dv.setUint32(24, 0, le); // layout_off
      dv.setUint32(28, layoutBytes, le);
      o.layout!.forEach((l, k) => {
        out[hdrLen + k * 4] = l.infoSize;
        out[hdrLen + k * 4 + 1] = l.elemSize;
      });
    }
    const typeStart = hdrLen + layoutBytes;
    this.words.forEach((w, i) => dv.setUint32(typeStart + i * 4, w >>> 0, le));
    out.set(this.strs, typeStart + typeLen);
    return out;
  }
}

/**
 * Byte-swaps a raw BTF blob (header and every 32-bit word of the type section; strings
 * are bytes). Every field of every BTF record is a 32-bit word, so this is exact.
 */
export function swapBtfByteOrder(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dst = new DataView(out.buffer);
  const le = bytes[0] === 0x9f;
  dst.setUint16(0, src.getUint16(0, le), !le);
  const hdrLen = src.getUint32(4, le);
  for (let o = 4; o + 4 <= hdrLen; o += 4) dst.setUint32(o, src.getUint32(o, le), !le);
  const typeStart = hdrLen + src.getUint32(8, le);
  const typeEnd = typeStart + src.getUint32(12, le);
  for (let o = typeStart; o + 4 <= typeEnd; o += 4) dst.setUint32(o, src.getUint32(o, le), !le);
  return out;
}
