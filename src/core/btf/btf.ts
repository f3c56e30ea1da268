/**
 * The indexed BTF model: raw bytes plus one offset per type, decoded on demand.
 *
 * Spec: Documentation/bpf/btf.rst. Built for 130k-type kernels: parsing walks the type
 * section once to record each record's offset (a Uint32Array indexed by id) and validates
 * name offsets and type references the way libbpf's btf_sanity_check does; nothing is
 * decoded into objects until asked. Split BTF (kernel modules) continues the base's type
 * ids and string offsets: ids below `startId` and string offsets below `startStrOff` belong
 * to `base`.
 *
 * Invariants: `bytes` is never copied or mutated; every read is bounds-checked; every
 * resolver that follows references is depth-limited, so cyclic input cannot hang it.
 */
import { readCString } from '../bytes/byte-reader';
import { type Diagnostic, ErrorCode, ParseError, hex } from '../diagnostics';
import {
  BtfKind,
  type KindLayout,
  MAX_KNOWN_KIND,
  builtinKindLayout,
  infoKind,
  infoVlen,
  kindName,
  kindRefersToType,
} from './btf-kinds';
import { type BtfHeader } from './btf-header';
import { UNKNOWN_KIND } from './btf-types';
import type {
  BtfEnumValue,
  BtfMember,
  BtfParam,
  BtfType,
  BtfVarSecinfo,
  TypeId,
} from './btf-types';
import { NameIndex } from './name-index';

/** libbpf's MAX_RESOLVE_DEPTH: how many references a resolver follows before giving up. */
export const MAX_RESOLVE_DEPTH = 32;

export interface BtfInit {
  bytes: Uint8Array;
  header: BtfHeader;
  base: Btf | undefined;
  /** Absolute offsets (into `bytes`) of each own type record; index = id - startId. */
  offsets: Uint32Array;
  typeStart: number;
  typeEnd: number;
  strStart: number;
  strEnd: number;
  layouts: readonly (KindLayout | undefined)[];
}

/**
 * One parsed BTF blob (complete, or split BTF over `base`): the raw bytes plus an offset index
 * by type id. Types are decoded on demand (`type(id)`); name lookups build their index lazily.
 * Accessors throw a ParseError on an id out of range (`isValidId` checks).
 */
export class Btf {
  readonly bytes: Uint8Array;
  readonly header: BtfHeader;
  readonly littleEndian: boolean;
  readonly base: Btf | undefined;
  /** First type id stored in this blob (1 for a base BTF, base.typeCount for split BTF). */
  readonly startId: number;
  /** Type ids in [0, typeCount) are valid, including the base's. */
  readonly typeCount: number;
  /** First string offset of this blob's own string section. */
  readonly startStrOff: number;
  /** One past the last valid string offset (base + own). */
  readonly strEndOff: number;
  readonly typeStart: number;
  readonly typeEnd: number;
  private readonly strStart: number;
  private readonly strEnd: number;
  private readonly offsets: Uint32Array;
  private readonly dv: DataView;
  private readonly layouts: readonly (KindLayout | undefined)[];
  private nameIndex: NameIndex | undefined;

  constructor(init: BtfInit) {
    this.bytes = init.bytes;
    this.header = init.header;
    this.littleEndian = init.header.littleEndian;
    this.base = init.base;
    this.offsets = init.offsets;
    this.typeStart = init.typeStart;
    this.typeEnd = init.typeEnd;
    this.strStart = init.strStart;
    this.strEnd = init.strEnd;
    this.layouts = init.layouts;
    this.dv = new DataView(init.bytes.buffer, init.bytes.byteOffset, init.bytes.byteLength);
    this.startId = init.base ? init.base.typeCount : 1;
    this.typeCount = this.startId + init.offsets.length;
    this.startStrOff = init.base ? init.base.strEndOff : 0;
    this.strEndOff = this.startStrOff + (init.strEnd - init.strStart);
  }

  /** Number of types stored in this blob (excluding void and the base's). */
  get ownTypeCount(): number {
    return this.offsets.length;
  }

  /** Size of the string section of this blob. */
  get ownStringBytes(): number {
    return this.strEnd - this.strStart;
  }

  /** Whether `id` names a type here or in the base (0, void, included). */
  isValidId(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.typeCount;
  }

  /** The blob holding `id` (this or an ancestor base), or undefined for void/out of range. */
  private owner(id: number): Btf | undefined {
    let b: Btf | undefined = this as Btf;
    while (b && id < b.startId) b = b.base;
    if (!b || id === 0 || id >= b.typeCount) return undefined;
    return b;
  }

  private checkId(id: number): Btf {
    const b = this.owner(id);
    if (!b) throw new ParseError(ErrorCode.BadTypeId, `type id ${id} is out of range [1, ${this.typeCount - 1}]`);
    return b;
  }

  /**
   * Absolute byte offsets (into `bytes`) of the own types' records, by `id - startId`; for
   * whole-BTF scans that would otherwise call `recordOffset` per type. Do not modify.
   */
  ownRecordOffsets(): Uint32Array {
    return this.offsets;
  }

  /** Absolute byte offset of the record of an own type. */
  recordOffset(id: number): number {
    const b = this.checkId(id);
    return b.offsets[id - b.startId]!;
  }

  private info(id: number): number {
    const b = this.checkId(id);
    return b.dv.getUint32(b.offsets[id - b.startId]! + 4, b.littleEndian);
  }

  /** The type's kind (a `BtfKind` value; 0 for void). */
  kind(id: number): number {
    if (id === 0) return BtfKind.Unknown;
    const b = this.checkId(id);
    const info = b.dv.getUint32(b.offsets[id - b.startId]! + 4, b.littleEndian);
    return infoKind(info);
  }

  /** The type's vlen: members, enumerators, parameters or variables that follow its record. */
  vlen(id: number): number {
    if (id === 0) return 0;
    const b = this.checkId(id);
    const info = b.info(id);
    return infoVlen(info);
  }

  /** The type's kind_flag bit (bitfield encoding in members, a FWD to a union, …). */
  kindFlag(id: number): boolean {
    if (id === 0) return false;
    return (this.info(id) >>> 31) === 1;
  }

  /** The type's name offset into the string section. */
  nameOff(id: number): number {
    if (id === 0) return 0;
    const b = this.checkId(id);
    return b.dv.getUint32(b.offsets[id - b.startId]!, b.littleEndian);
  }

  /** The type's name, '' when anonymous (or when the offset is invalid). */
  name(id: number): string {
    return id === 0 ? '' : this.str(this.nameOff(id));
  }

  /** The `size`/`type` union of struct btf_type. */
  sizeOrType(id: number): number {
    if (id === 0) return 0;
    const b = this.checkId(id);
    return b.dv.getUint32(b.offsets[id - b.startId]! + 8, b.littleEndian);
  }

  /** A string by offset; '' if the offset is out of range (validation reports those). */
  str(off: number): string {
    if (off < this.startStrOff) return this.base ? this.base.str(off) : '';
    const abs = this.strStart + (off - this.startStrOff);
    if (abs >= this.strEnd) return '';
    return readCString(this.bytes, abs, this.strEnd);
  }

  /** Whether `off` is inside this blob's (or its base's) string section. */
  isValidStrOff(off: number): boolean {
    if (off < this.startStrOff) return this.base ? this.base.isValidStrOff(off) : false;
    return off < this.strEndOff;
  }

  /** Where this blob's own strings live: `bytes[start, end)` holds offsets from `startStrOff`. */
  ownStringRegion(): { bytes: Uint8Array; start: number; end: number } {
    return { bytes: this.bytes, start: this.strStart, end: this.strEnd };
  }

  /** Raw bytes of a string (without the NUL) for hashing/comparison without decoding. */
  strBytes(off: number): Uint8Array {
    if (off < this.startStrOff) return this.base ? this.base.strBytes(off) : new Uint8Array(0);
    const abs = this.strStart + (off - this.startStrOff);
    if (abs >= this.strEnd) return new Uint8Array(0);
    let end = abs;
    while (end < this.strEnd && this.bytes[end] !== 0) end++;
    return this.bytes.subarray(abs, end);
  }

  /** Decodes one type record into an object. Throws ParseError for an invalid id. */
  type(id: number): BtfType {
    if (id === 0) {
      return { id: 0 as TypeId, kind: BtfKind.Unknown, name: 'void', nameOff: 0, kindFlag: false, vlen: 0, recordOffset: 0 };
    }
    const b = this.checkId(id);
    return b.decodeOwn(id, this);
  }

  private decodeOwn(id: number, strs: Btf): BtfType {
    const dv = this.dv;
    const le = this.littleEndian;
    const p = this.offsets[id - this.startId]!;
    const nameOff = dv.getUint32(p, le);
    const info = dv.getUint32(p + 4, le);
    const kind = infoKind(info);
    const vlen = infoVlen(info);
    const kindFlag = info >>> 31 === 1;
    const st = dv.getUint32(p + 8, le);
    const common = { id: id as TypeId, name: strs.str(nameOff), nameOff, kindFlag, vlen, recordOffset: p };
    const q = p + 12;
    switch (kind) {
      case BtfKind.Int: {
        const enc = dv.getUint32(q, le);
        const encoding = (enc >>> 24) & 0x0f;
        return {
          ...common,
          kind,
          byteSize: st,
          encoding,
          isSigned: (encoding & 1) !== 0,
          isChar: (encoding & 2) !== 0,
          isBool: (encoding & 4) !== 0,
          bitOffset: (enc >>> 16) & 0xff,
          bits: enc & 0xff,
        };
      }
      case BtfKind.Ptr:
      case BtfKind.Typedef:
      case BtfKind.Volatile:
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
        return { ...common, kind, typeId: st as TypeId };
      case BtfKind.Array:
        return {
          ...common,
          kind,
          elemTypeId: dv.getUint32(q, le) as TypeId,
          indexTypeId: dv.getUint32(q + 4, le) as TypeId,
          nelems: dv.getUint32(q + 8, le),
        };
      case BtfKind.Struct:
      case BtfKind.Union: {
        const members: BtfMember[] = new Array<BtfMember>(vlen);
        for (let i = 0, m = q; i < vlen; i++, m += 12) {
          const mName = dv.getUint32(m, le);
          const off = dv.getUint32(m + 8, le);
          members[i] = {
            name: strs.str(mName),
            nameOff: mName,
            typeId: dv.getUint32(m + 4, le) as TypeId,
            // kind_flag set: the offset packs the bitfield size in its top 8 bits.
            bitOffset: kindFlag ? off & 0xffffff : off,
            bitfieldSize: kindFlag ? off >>> 24 : 0,
          };
        }
        return { ...common, kind, byteSize: st, members };
      }
      case BtfKind.Enum: {
        const values: BtfEnumValue[] = new Array<BtfEnumValue>(vlen);
        for (let i = 0, m = q; i < vlen; i++, m += 8) {
          const vName = dv.getUint32(m, le);
          const value = kindFlag ? dv.getInt32(m + 4, le) : dv.getUint32(m + 4, le);
          values[i] = { name: strs.str(vName), nameOff: vName, value, value64: BigInt(value) };
        }
        return { ...common, kind, byteSize: st, isSigned: kindFlag, values };
      }
      case BtfKind.Enum64: {
        const values: BtfEnumValue[] = new Array<BtfEnumValue>(vlen);
        for (let i = 0, m = q; i < vlen; i++, m += 12) {
          const vName = dv.getUint32(m, le);
          const lo = BigInt(dv.getUint32(m + 4, le));
          const hi = BigInt(dv.getUint32(m + 8, le));
          const u = (hi << 32n) | lo;
          const value64 = kindFlag ? BigInt.asIntN(64, u) : u;
          values[i] = { name: strs.str(vName), nameOff: vName, value: Number(value64), value64 };
        }
        return { ...common, kind, byteSize: st, isSigned: kindFlag, values };
      }
      case BtfKind.Fwd:
        return { ...common, kind, isUnion: kindFlag };
      case BtfKind.Func:
        return { ...common, kind, typeId: st as TypeId, linkage: vlen };
      case BtfKind.FuncProto: {
        const params: BtfParam[] = new Array<BtfParam>(vlen);
        for (let i = 0, m = q; i < vlen; i++, m += 8) {
          const pName = dv.getUint32(m, le);
          params[i] = { name: strs.str(pName), nameOff: pName, typeId: dv.getUint32(m + 4, le) as TypeId };
        }
        return { ...common, kind, returnTypeId: st as TypeId, params };
      }
      case BtfKind.Var:
        return { ...common, kind, typeId: st as TypeId, linkage: dv.getUint32(q, le) };
      case BtfKind.Datasec: {
        const vars: BtfVarSecinfo[] = new Array<BtfVarSecinfo>(vlen);
        for (let i = 0, m = q; i < vlen; i++, m += 12) {
          vars[i] = {
            typeId: dv.getUint32(m, le) as TypeId,
            offset: dv.getUint32(m + 4, le),
            byteSize: dv.getUint32(m + 8, le),
          };
        }
        return { ...common, kind, byteSize: st, vars };
      }
      case BtfKind.Float:
        return { ...common, kind, byteSize: st };
      case BtfKind.DeclTag:
        return { ...common, kind, typeId: st as TypeId, componentIdx: dv.getInt32(q, le) };
      default:
        return { ...common, kind: UNKNOWN_KIND, rawKind: kind, sizeOrType: st };
    }
  }

  /** Whether this reader can decode the kind (others were skipped via the layout section). */
  static isKnownKind(kind: number): boolean {
    return kind >= 1 && kind <= MAX_KNOWN_KIND;
  }

  /** Record sizes for a kind as this blob declares them. */
  kindLayout(kind: number): KindLayout | undefined {
    return this.layouts[kind] ?? builtinKindLayout(kind);
  }

  /** Follows const/volatile/restrict/type_tag. */
  skipModifiers(id: number): number {
    for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
      const k = this.kind(id);
      if (k !== BtfKind.Const && k !== BtfKind.Volatile && k !== BtfKind.Restrict && k !== BtfKind.TypeTag) return id;
      id = this.sizeOrType(id);
      if (!this.isValidId(id)) throw new ParseError(ErrorCode.BadTypeId, `type id ${id} is out of range`);
    }
    throw new ParseError(ErrorCode.ReferenceCycle, `reference chain from type ${id} is longer than ${MAX_RESOLVE_DEPTH}; it may be a cycle`);
  }

  /** Follows modifiers and typedefs (libbpf's skip_mods_and_typedefs). */
  skipModsAndTypedefs(id: number): number {
    for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
      const k = this.kind(id);
      if (k !== BtfKind.Const && k !== BtfKind.Volatile && k !== BtfKind.Restrict && k !== BtfKind.TypeTag && k !== BtfKind.Typedef)
        return id;
      id = this.sizeOrType(id);
      if (!this.isValidId(id)) throw new ParseError(ErrorCode.BadTypeId, `type id ${id} is out of range`);
    }
    throw new ParseError(ErrorCode.ReferenceCycle, `reference chain from type ${id} is longer than ${MAX_RESOLVE_DEPTH}; it may be a cycle`);
  }

  /**
   * Size in bytes of a type as libbpf's btf__resolve_size computes it; throws for types
   * without a size (void, func, fwd) and for cycles.
   */
  resolveSize(id: number): number {
    let nelems = 1;
    let cur = id;
    for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
      const k = this.kind(cur);
      switch (k) {
        case BtfKind.Int:
        case BtfKind.Struct:
        case BtfKind.Union:
        case BtfKind.Enum:
        case BtfKind.Enum64:
        case BtfKind.Datasec:
        case BtfKind.Float: {
          const size = this.sizeOrType(cur) * nelems;
          if (size > 0xffffffff) throw new ParseError(ErrorCode.AbsurdCount, `size of type ${id} overflows 32 bits`);
          return size;
        }
        case BtfKind.Ptr:
          return nelems * this.pointerSize();
        case BtfKind.Typedef:
        case BtfKind.Volatile:
        case BtfKind.Const:
        case BtfKind.Restrict:
        case BtfKind.Var:
        case BtfKind.DeclTag:
        case BtfKind.TypeTag:
          cur = this.sizeOrType(cur);
          break;
        case BtfKind.Array: {
          const p = this.recordOffset(cur) + 12;
          const owner = this.checkId(cur);
          const n = owner.dv.getUint32(p + 8, owner.littleEndian);
          nelems *= n;
          if (nelems > 0xffffffff) throw new ParseError(ErrorCode.AbsurdCount, `size of type ${id} overflows 32 bits`);
          cur = owner.dv.getUint32(p, owner.littleEndian);
          break;
        }
        default:
          throw new ParseError(ErrorCode.BadTypeId, `type [${cur}] ${kindName(k)} has no size`);
      }
      if (!this.isValidId(cur)) throw new ParseError(ErrorCode.BadTypeId, `type id ${cur} is out of range`);
    }
    throw new ParseError(ErrorCode.ReferenceCycle, `type ${id} refers to itself through more than ${MAX_RESOLVE_DEPTH} types`);
  }

  private ptrSize: number | undefined;
  /**
   * Pointer size as libbpf guesses it (btf_dump.c determine_ptr_size): the size of the first
   * 4- or 8-byte INT, in id order, named like `long` or `unsigned long` in any spelling; 8 when
   * none is present. A scan of record headers, not a name lookup: the Types view's first page
   * needs it, and the name index (a pass over every name) can wait.
   */
  pointerSize(): number {
    if (this.ptrSize !== undefined) return this.ptrSize;
    let size = 8;
    for (let id = 1; id < this.typeCount; id++) {
      if (this.kind(id) !== BtfKind.Int) continue;
      const s = this.sizeOrType(id);
      if ((s === 4 || s === 8) && LONG_ALIASES.has(this.name(id))) {
        size = s;
        break;
      }
    }
    this.ptrSize = size;
    return size;
  }

  /** All type ids (in base and split) named `name`, optionally of one kind; ascending. */
  findByName(name: string, kind?: number): TypeId[] {
    const own = this.ownNameIndex().lookup(name);
    const base = this.base ? this.base.findByName(name) : [];
    const all = base.length ? [...base, ...own] : own;
    return (kind === undefined ? all : all.filter((id) => this.kind(id) === kind)) as TypeId[];
  }

  /** Builds (once) the hash index over this blob's own type names. */
  ownNameIndex(): NameIndex {
    if (!this.nameIndex) this.nameIndex = NameIndex.build(this);
    return this.nameIndex;
  }

  /** Own name offset reader used by the name index; avoids decoding strings. */
  ownNameOffAt(index: number): number {
    return this.dv.getUint32(this.offsets[index]!, this.littleEndian);
  }

  /** The `info` word of own type `startId + index`, for whole-BTF scans (no id checks). */
  ownInfoAt(index: number): number {
    return this.dv.getUint32(this.offsets[index]! + 4, this.littleEndian);
  }

  /** The `size`/`type` word of own type `startId + index`. */
  ownSizeOrTypeAt(index: number): number {
    return this.dv.getUint32(this.offsets[index]! + 8, this.littleEndian);
  }
}

/** libbpf's spellings of `long` and `unsigned long` (btf_dump.c long_aliases). */
export const LONG_ALIASES: ReadonlySet<string> = new Set([
  'long',
  'long int',
  'int long',
  'unsigned long',
  'long unsigned',
  'unsigned long int',
  'unsigned int long',
  'long unsigned int',
  'long int unsigned',
  'int unsigned long',
  'int long unsigned',
]);

/** Adds a diagnostic unless too many of the same code were already recorded. */
export function pushCapped(diags: Diagnostic[], d: Diagnostic, counts: Map<string, number>, cap = 20): void {
  const n = (counts.get(d.code) ?? 0) + 1;
  counts.set(d.code, n);
  if (n <= cap) diags.push(d);
  else if (n === cap + 1)
    diags.push({ severity: d.severity, code: d.code, message: `further '${d.code}' diagnostics suppressed` });
}

export { hex, kindRefersToType };
