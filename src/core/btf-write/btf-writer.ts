/**
 * BTF writer: builds a raw BTF blob (btf.rst "2. BTF Type and String Encoding") from
 * type records, the way libbpf's btf__new_empty + btf__add_* + btf__raw_data do.
 *
 * Output layout equals libbpf's so that a cut we make can be compared byte for byte with
 * `bpftool gen min_core_btf`: a 24-byte header, the type section, then the string section
 * starting with "\0"; strings are deduplicated and stored in first-use order (type name,
 * then member / enum value / parameter names); no padding. Type ids are assigned in the
 * order records are added, starting at 1. Either byte order can be written.
 *
 * Invariants: every record added is checked enough that the blob parses (ids < count,
 * vlen ≤ 0xffff, bitfield sizes ≤ 255); a violation throws `ParseError(BadTypeId |
 * AbsurdCount)` — writers are driven by our own code, so a throw here is a bug upstream.
 */
import { BtfKind } from '../btf/btf-kinds';
import { ErrorCode, ParseError } from '../diagnostics';

const HEADER_BYTES = 24;
const MAX_VLEN = 0xffff;

export class BtfWriter {
  private words: number[] = [];
  private strBytes: number[] = [0];
  private readonly strOffs = new Map<string, number>([['', 0]]);
  private readonly encoder = new TextEncoder();
  /** Type ids referenced by records, checked against the final count in `build()`. */
  private maxRef = 0;
  private count = 0;

  /** Number of types added so far (the next id is `typeCount + 1`). */
  get typeCount(): number {
    return this.count;
  }

  /** Offset of `s` in the string section, adding it on first use (libbpf btf__add_str). */
  addStr(s: string): number {
    const have = this.strOffs.get(s);
    if (have !== undefined) return have;
    const off = this.strBytes.length;
    for (const b of this.encoder.encode(s)) {
      // A NUL inside a name would split it in two on reading.
      if (b === 0) throw new ParseError(ErrorCode.BadStringOffset, `string ${JSON.stringify(s)} contains NUL`);
      this.strBytes.push(b);
    }
    this.strBytes.push(0);
    this.strOffs.set(s, off);
    return off;
  }

  private ref(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw new ParseError(ErrorCode.BadTypeId, `type id ${id} is not a valid BTF type id`);
    }
    if (id > this.maxRef) this.maxRef = id;
    return id;
  }

  private head(name: string, kind: number, vlen: number, kflag: boolean, sizeOrType: number): number {
    if (vlen > MAX_VLEN) throw new ParseError(ErrorCode.AbsurdCount, `vlen ${vlen} exceeds ${MAX_VLEN}`);
    const info = (((kind & 0x1f) << 24) | (vlen & 0xffff) | (kflag ? 0x80000000 : 0)) >>> 0;
    this.words.push(this.addStr(name), info, sizeOrType >>> 0);
    return ++this.count;
  }

  int(name: string, byteSize: number, encoding: number, bits = byteSize * 8, bitOffset = 0): number {
    const id = this.head(name, BtfKind.Int, 0, false, byteSize);
    this.words.push((((encoding & 0x0f) << 24) | ((bitOffset & 0xff) << 16) | (bits & 0xff)) >>> 0);
    return id;
  }

  float(name: string, byteSize: number): number {
    return this.head(name, BtfKind.Float, 0, false, byteSize);
  }

  /** PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG: a name (or '') and one type id. */
  ref1(kind: number, name: string, typeId: number): number {
    return this.head(name, kind, 0, false, this.ref(typeId));
  }

  array(elemTypeId: number, indexTypeId: number, nelems: number): number {
    const id = this.head('', BtfKind.Array, 0, false, 0);
    this.words.push(this.ref(elemTypeId), this.ref(indexTypeId), nelems >>> 0);
    return id;
  }

  /**
   * STRUCT or UNION. kind_flag is set when a member is a bitfield (libbpf btf__add_field);
   * then each offset packs the bitfield size in its top 8 bits.
   */
  composite(
    kind: typeof BtfKind.Struct | typeof BtfKind.Union,
    name: string,
    byteSize: number,
    members: readonly { name: string; typeId: number; bitOffset: number; bitfieldSize: number }[],
  ): number {
    const kflag = members.some((m) => m.bitfieldSize > 0);
    const id = this.head(name, kind, members.length, kflag, byteSize);
    for (const m of members) {
      if (m.bitfieldSize > 255 || (kflag && m.bitOffset > 0xffffff)) {
        throw new ParseError(ErrorCode.AbsurdCount, `member ${m.name}: bitfield ${m.bitfieldSize} at bit ${m.bitOffset} cannot be encoded`);
      }
      const off = kflag ? (m.bitOffset | (m.bitfieldSize << 24)) >>> 0 : m.bitOffset >>> 0;
      this.words.push(this.addStr(m.name), this.ref(m.typeId), off);
    }
    return id;
  }

  /** ENUM (32-bit values) unless a value needs 64 bits or `enum64` is asked for. */
  enumeration(
    name: string,
    byteSize: number,
    isSigned: boolean,
    values: readonly { name: string; value64: bigint }[],
    enum64 = false,
  ): number {
    const wide = enum64 || values.some((v) => (isSigned ? BigInt.asIntN(32, v.value64) : BigInt.asUintN(32, v.value64)) !== v.value64);
    const id = this.head(name, wide ? BtfKind.Enum64 : BtfKind.Enum, values.length, isSigned, byteSize);
    for (const v of values) {
      const u = BigInt.asUintN(64, v.value64);
      if (wide) this.words.push(this.addStr(v.name), Number(u & 0xffffffffn), Number(u >> 32n));
      else this.words.push(this.addStr(v.name), Number(u & 0xffffffffn));
    }
    return id;
  }

  fwd(name: string, isUnion: boolean): number {
    return this.head(name, BtfKind.Fwd, 0, isUnion, 0);
  }

  func(name: string, protoId: number, linkage: number): number {
    return this.head(name, BtfKind.Func, linkage, false, this.ref(protoId));
  }

  funcProto(returnTypeId: number, params: readonly { name: string; typeId: number }[]): number {
    const id = this.head('', BtfKind.FuncProto, params.length, false, this.ref(returnTypeId));
    for (const p of params) this.words.push(this.addStr(p.name), this.ref(p.typeId));
    return id;
  }

  variable(name: string, typeId: number, linkage: number): number {
    const id = this.head(name, BtfKind.Var, 0, false, this.ref(typeId));
    this.words.push(linkage >>> 0);
    return id;
  }

  datasec(name: string, byteSize: number, vars: readonly { typeId: number; offset: number; byteSize: number }[]): number {
    const id = this.head(name, BtfKind.Datasec, vars.length, false, byteSize);
    for (const v of vars) this.words.push(this.ref(v.typeId), v.offset >>> 0, v.byteSize >>> 0);
    return id;
  }

  declTag(name: string, typeId: number, componentIdx: number): number {
    const id = this.head(name, BtfKind.DeclTag, 0, false, this.ref(typeId));
    this.words.push(componentIdx >>> 0);
    return id;
  }

  /** The blob: header, types, strings (btf__raw_data). */
  build(littleEndian = true): Uint8Array {
    if (this.maxRef > this.count) {
      throw new ParseError(ErrorCode.BadTypeId, `a record refers to type ${this.maxRef} but only ${this.count} types were added`);
    }
    const typeLen = this.words.length * 4;
    const strLen = this.strBytes.length;
    const out = new Uint8Array(HEADER_BYTES + typeLen + strLen);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, 0xeb9f, littleEndian);
    out[2] = 1; // version
    out[3] = 0; // flags
    dv.setUint32(4, HEADER_BYTES, littleEndian);
    dv.setUint32(8, 0, littleEndian); // type_off
    dv.setUint32(12, typeLen, littleEndian);
    dv.setUint32(16, typeLen, littleEndian); // str_off
    dv.setUint32(20, strLen, littleEndian);
    for (let i = 0; i < this.words.length; i++) dv.setUint32(HEADER_BYTES + i * 4, this.words[i]!, littleEndian);
    out.set(this.strBytes, HEADER_BYTES + typeLen);
    return out;
  }
}
