/**
 * BTF kinds and record encodings, as in the kernel's include/uapi/linux/btf.h and
 * Documentation/bpf/btf.rst ("2.2 Type encoding"). Sizes here are the bytes that follow
 * the 12-byte `struct btf_type` common header.
 */

export const BtfKind = {
  Unknown: 0, // BTF_KIND_UNKN (only type id 0, void)
  Int: 1, // BTF_KIND_INT, btf.rst 2.2.1
  Ptr: 2, // BTF_KIND_PTR, 2.2.2
  Array: 3, // BTF_KIND_ARRAY, 2.2.3
  Struct: 4, // BTF_KIND_STRUCT, 2.2.4
  Union: 5, // BTF_KIND_UNION, 2.2.5
  Enum: 6, // BTF_KIND_ENUM, 2.2.6
  Fwd: 7, // BTF_KIND_FWD, 2.2.7
  Typedef: 8, // BTF_KIND_TYPEDEF, 2.2.8
  Volatile: 9, // BTF_KIND_VOLATILE, 2.2.9
  Const: 10, // BTF_KIND_CONST, 2.2.10
  Restrict: 11, // BTF_KIND_RESTRICT, 2.2.11
  Func: 12, // BTF_KIND_FUNC, 2.2.12
  FuncProto: 13, // BTF_KIND_FUNC_PROTO, 2.2.13
  Var: 14, // BTF_KIND_VAR, 2.2.14
  Datasec: 15, // BTF_KIND_DATASEC, 2.2.15
  Float: 16, // BTF_KIND_FLOAT, 2.2.16
  DeclTag: 17, // BTF_KIND_DECL_TAG, 2.2.17
  TypeTag: 18, // BTF_KIND_TYPE_TAG, 2.2.18
  Enum64: 19, // BTF_KIND_ENUM64, 2.2.19
} as const;
export type BtfKind = (typeof BtfKind)[keyof typeof BtfKind];

/** The highest kind this reader decodes; larger kinds need the layout section to be skipped. */
export const MAX_KNOWN_KIND = BtfKind.Enum64;

/** bpftool's spelling of each kind (btf.c `btf_kind_str`). */
export const KIND_NAMES: readonly string[] = [
  'UNKNOWN',
  'INT',
  'PTR',
  'ARRAY',
  'STRUCT',
  'UNION',
  'ENUM',
  'FWD',
  'TYPEDEF',
  'VOLATILE',
  'CONST',
  'RESTRICT',
  'FUNC',
  'FUNC_PROTO',
  'VAR',
  'DATASEC',
  'FLOAT',
  'DECL_TAG',
  'TYPE_TAG',
  'ENUM64',
];

/** A kind's name as libbpf prints it (`STRUCT`, `FUNC_PROTO`), or `KIND_<n>` for one it does not know. */
export function kindName(kind: number): string {
  return KIND_NAMES[kind] ?? `KIND_${kind}`;
}

/** Kind from a `btf_type.info` word: bits 24-30 (uapi BTF_INFO_KIND, BTF_MAX_KIND 0x7f). */
export function infoKind(info: number): number {
  return (info >>> 24) & 0x7f;
}

/** vlen from a `btf_type.info` word: bits 0-23 (uapi BTF_INFO_VLEN, BTF_MAX_VLEN 0xffffff). */
export function infoVlen(info: number): number {
  return info & 0xffffff;
}

/** Lower-case C-ish keyword used in UI and in "kind + name" keys. */
export function kindKeyword(kind: number): string {
  switch (kind) {
    case BtfKind.Struct:
      return 'struct';
    case BtfKind.Union:
      return 'union';
    case BtfKind.Enum:
    case BtfKind.Enum64:
      return 'enum';
    case BtfKind.Typedef:
      return 'typedef';
    case BtfKind.Func:
      return 'func';
    case BtfKind.Var:
      return 'var';
    case BtfKind.Datasec:
      return 'datasec';
    case BtfKind.Fwd:
      return 'fwd';
    default:
      return kindName(kind).toLowerCase();
  }
}

/** Fixed bytes after the common header (`info_sz`) and bytes per vlen element (`elem_sz`). */
export interface KindLayout {
  infoSize: number;
  elemSize: number;
}

const BUILTIN_LAYOUTS: readonly (KindLayout | undefined)[] = [
  undefined, // UNKN
  { infoSize: 4, elemSize: 0 }, // INT: u32 encoding word
  { infoSize: 0, elemSize: 0 }, // PTR
  { infoSize: 12, elemSize: 0 }, // ARRAY: struct btf_array
  { infoSize: 0, elemSize: 12 }, // STRUCT: struct btf_member
  { infoSize: 0, elemSize: 12 }, // UNION
  { infoSize: 0, elemSize: 8 }, // ENUM: struct btf_enum
  { infoSize: 0, elemSize: 0 }, // FWD
  { infoSize: 0, elemSize: 0 }, // TYPEDEF
  { infoSize: 0, elemSize: 0 }, // VOLATILE
  { infoSize: 0, elemSize: 0 }, // CONST
  { infoSize: 0, elemSize: 0 }, // RESTRICT
  { infoSize: 0, elemSize: 0 }, // FUNC
  { infoSize: 0, elemSize: 8 }, // FUNC_PROTO: struct btf_param
  { infoSize: 4, elemSize: 0 }, // VAR: struct btf_var
  { infoSize: 0, elemSize: 12 }, // DATASEC: struct btf_var_secinfo
  { infoSize: 0, elemSize: 0 }, // FLOAT
  { infoSize: 4, elemSize: 0 }, // DECL_TAG: struct btf_decl_tag
  { infoSize: 0, elemSize: 0 }, // TYPE_TAG
  { infoSize: 0, elemSize: 12 }, // ENUM64: struct btf_enum64
];

export function builtinKindLayout(kind: number): KindLayout | undefined {
  return BUILTIN_LAYOUTS[kind];
}

/** Kinds whose `size_or_type` field is a type id. */
export function kindRefersToType(kind: number): boolean {
  switch (kind) {
    case BtfKind.Ptr:
    case BtfKind.Typedef:
    case BtfKind.Volatile:
    case BtfKind.Const:
    case BtfKind.Restrict:
    case BtfKind.Func:
    case BtfKind.FuncProto:
    case BtfKind.Var:
    case BtfKind.DeclTag:
    case BtfKind.TypeTag:
      return true;
    default:
      return false;
  }
}

/** INT encoding bits (btf.rst 2.2.1). */
export const IntEncoding = { Signed: 1, Char: 2, Bool: 4 } as const;

/** Linkage values: FUNC uses vlen, VAR uses a u32 after the header. */
export const FuncLinkage = { Static: 0, Global: 1, Extern: 2 } as const;
export const VarLinkage = { Static: 0, GlobalAllocated: 1, GlobalExtern: 2 } as const;
