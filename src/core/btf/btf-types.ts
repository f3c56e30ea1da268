/**
 * Decoded BTF type records. A `BtfType` is built on demand from the raw bytes by
 * `Btf.type(id)`; nothing here is kept for all 130k types at once.
 * Units are in the names: `bitOffset`/`bitfieldSize` in bits, `byteSize` in bytes.
 */
import { BtfKind } from './btf-kinds';

export type Brand<T, B extends string> = T & { readonly __brand: B };
/** A type id inside one BTF (base + split). Not stable across kernels: key on kind + name there. */
export type TypeId = Brand<number, 'TypeId'>;
export const VOID_ID = 0 as TypeId;

interface Common {
  id: TypeId;
  name: string;
  nameOff: number;
  kindFlag: boolean;
  vlen: number;
  /** Byte offset of the record inside its own BTF blob's type section. */
  recordOffset: number;
}

/** One member of a STRUCT or UNION (offsets in bits). */
export interface BtfMember {
  name: string;
  nameOff: number;
  typeId: TypeId;
  /** Offset from the start of the struct, in bits. */
  bitOffset: number;
  /** 0 when the member is not a bitfield (or kind_flag is clear). */
  bitfieldSize: number;
}

/** One enumerator of an ENUM or ENUM64. */
export interface BtfEnumValue {
  name: string;
  nameOff: number;
  /** ENUM: the 32-bit value, interpreted signed when the enum's kind_flag is set. */
  value: number;
  /** ENUM64: the 64-bit value, signed per kind_flag; for ENUM the same value as a bigint. */
  value64: bigint;
}

/** One parameter of a FUNC_PROTO. */
export interface BtfParam {
  name: string;
  nameOff: number;
  typeId: TypeId;
}

/** One variable of a DATASEC. */
export interface BtfVarSecinfo {
  typeId: TypeId;
  /** Offset of the variable inside the section, in bytes. */
  offset: number;
  byteSize: number;
}

export interface BtfVoid extends Common {
  kind: typeof BtfKind.Unknown;
}
export interface BtfInt extends Common {
  kind: typeof BtfKind.Int;
  byteSize: number;
  /** Raw encoding bits (IntEncoding). */
  encoding: number;
  isSigned: boolean;
  isChar: boolean;
  isBool: boolean;
  /** BTF_INT_OFFSET: extra bit offset, 0 in practice. */
  bitOffset: number;
  /** BTF_INT_BITS. */
  bits: number;
}
export interface BtfRef extends Common {
  kind:
    | typeof BtfKind.Ptr
    | typeof BtfKind.Typedef
    | typeof BtfKind.Volatile
    | typeof BtfKind.Const
    | typeof BtfKind.Restrict
    | typeof BtfKind.TypeTag;
  typeId: TypeId;
}
export interface BtfArray extends Common {
  kind: typeof BtfKind.Array;
  elemTypeId: TypeId;
  indexTypeId: TypeId;
  nelems: number;
}
export interface BtfComposite extends Common {
  kind: typeof BtfKind.Struct | typeof BtfKind.Union;
  byteSize: number;
  members: BtfMember[];
}
export interface BtfEnum extends Common {
  kind: typeof BtfKind.Enum | typeof BtfKind.Enum64;
  byteSize: number;
  isSigned: boolean;
  values: BtfEnumValue[];
}
export interface BtfFwd extends Common {
  kind: typeof BtfKind.Fwd;
  isUnion: boolean;
}
export interface BtfFunc extends Common {
  kind: typeof BtfKind.Func;
  typeId: TypeId;
  linkage: number;
}
export interface BtfFuncProto extends Common {
  kind: typeof BtfKind.FuncProto;
  returnTypeId: TypeId;
  params: BtfParam[];
}
export interface BtfVar extends Common {
  kind: typeof BtfKind.Var;
  typeId: TypeId;
  linkage: number;
}
export interface BtfDatasec extends Common {
  kind: typeof BtfKind.Datasec;
  byteSize: number;
  vars: BtfVarSecinfo[];
}
export interface BtfFloat extends Common {
  kind: typeof BtfKind.Float;
  byteSize: number;
}
export interface BtfDeclTag extends Common {
  kind: typeof BtfKind.DeclTag;
  typeId: TypeId;
  /** -1 for the type itself, else the member/param index. */
  componentIdx: number;
}
/** A kind this reader does not know, skipped thanks to the layout section. */
export interface BtfUnknownKind extends Common {
  kind: typeof UNKNOWN_KIND;
  /** The kind number found in the record. */
  rawKind: number;
  sizeOrType: number;
}

/** Sentinel `kind` of decoded records whose kind this reader does not know (kinds fit in 7 bits). */
export const UNKNOWN_KIND = 0x80;

/** A decoded BTF type record (`Btf.type(id)`), discriminated by `kind` (a `BtfKind`). */
export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfRef
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfFwd
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag
  | BtfUnknownKind;

export function isComposite(t: BtfType): t is BtfComposite {
  return t.kind === BtfKind.Struct || t.kind === BtfKind.Union;
}
export function isEnum(t: BtfType): t is BtfEnum {
  return t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64;
}
export function isModifier(kind: number): boolean {
  return (
    kind === BtfKind.Volatile ||
    kind === BtfKind.Const ||
    kind === BtfKind.Restrict ||
    kind === BtfKind.TypeTag
  );
}
