/**
 * encodeBtf: a list of type records → a raw BTF blob. Record i gets type id i + 1.
 *
 * The input shapes are the decoded shapes of btf-types.ts without their bookkeeping
 * (`id`, `nameOff`, `recordOffset`), so a decoded `BtfType` can be passed as it is:
 * `encodeBtf(ids.map((id) => btf.type(id)))` round-trips a blob whose references stay
 * inside the list. `writeType` is the same step with type ids mapped, used by the cutters.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { BtfType } from '../btf/btf-types';
import { ErrorCode, ParseError } from '../diagnostics';
import { BtfWriter } from './btf-writer';

type Named = { name?: string };
export type BtfTypeInput =
  | (Named & { kind: typeof BtfKind.Int; byteSize: number; encoding: number; bits?: number; bitOffset?: number })
  | (Named & {
      kind:
        | typeof BtfKind.Ptr
        | typeof BtfKind.Typedef
        | typeof BtfKind.Volatile
        | typeof BtfKind.Const
        | typeof BtfKind.Restrict
        | typeof BtfKind.TypeTag;
      typeId: number;
    })
  | (Named & { kind: typeof BtfKind.Array; elemTypeId: number; indexTypeId: number; nelems: number })
  | (Named & {
      kind: typeof BtfKind.Struct | typeof BtfKind.Union;
      byteSize: number;
      members: readonly { name: string; typeId: number; bitOffset: number; bitfieldSize: number }[];
    })
  | (Named & {
      kind: typeof BtfKind.Enum | typeof BtfKind.Enum64;
      byteSize: number;
      isSigned: boolean;
      values: readonly { name: string; value64: bigint }[];
    })
  | (Named & { kind: typeof BtfKind.Fwd; isUnion: boolean })
  | (Named & { kind: typeof BtfKind.Func; typeId: number; linkage: number })
  | (Named & { kind: typeof BtfKind.FuncProto; returnTypeId: number; params: readonly { name: string; typeId: number }[] })
  | (Named & { kind: typeof BtfKind.Var; typeId: number; linkage: number })
  | (Named & {
      kind: typeof BtfKind.Datasec;
      byteSize: number;
      vars: readonly { typeId: number; offset: number; byteSize: number }[];
    })
  | (Named & { kind: typeof BtfKind.Float; byteSize: number })
  | (Named & { kind: typeof BtfKind.DeclTag; typeId: number; componentIdx: number });

export interface EncodeBtfOptions {
  /** Byte order of the blob; little-endian (x86-64, bpfel) unless told otherwise. */
  littleEndian?: boolean;
}

/** Builds a BTF blob. Throws ParseError when a record refers past the end of the list. */
export function encodeBtf(types: readonly BtfTypeInput[], opts: EncodeBtfOptions = {}): Uint8Array {
  const w = new BtfWriter();
  for (const t of types) writeType(w, t, identity);
  return w.build(opts.littleEndian ?? true);
}

const identity = (id: number): number => id;

/**
 * Appends one record to `w`, passing every referenced type id through `mapId`
 * (libbpf btf__add_type + btf_type_visit_type_ids). Returns the new id.
 */
export function writeType(w: BtfWriter, t: BtfTypeInput | BtfType, mapId: (id: number) => number): number {
  const name = t.name ?? '';
  switch (t.kind) {
    case BtfKind.Int:
      return w.int(name, t.byteSize, t.encoding, t.bits ?? t.byteSize * 8, t.bitOffset ?? 0);
    case BtfKind.Ptr:
    case BtfKind.Typedef:
    case BtfKind.Volatile:
    case BtfKind.Const:
    case BtfKind.Restrict:
    case BtfKind.TypeTag:
      return w.ref1(t.kind, name, mapId(t.typeId));
    case BtfKind.Array:
      return w.array(mapId(t.elemTypeId), mapId(t.indexTypeId), t.nelems);
    case BtfKind.Struct:
    case BtfKind.Union:
      return w.composite(
        t.kind,
        name,
        t.byteSize,
        t.members.map((m) => ({ name: m.name, typeId: mapId(m.typeId), bitOffset: m.bitOffset, bitfieldSize: m.bitfieldSize })),
      );
    case BtfKind.Enum:
    case BtfKind.Enum64:
      return w.enumeration(name, t.byteSize, t.isSigned, t.values, t.kind === BtfKind.Enum64);
    case BtfKind.Fwd:
      return w.fwd(name, t.isUnion);
    case BtfKind.Func:
      return w.func(name, mapId(t.typeId), t.linkage);
    case BtfKind.FuncProto:
      return w.funcProto(
        mapId(t.returnTypeId),
        t.params.map((p) => ({ name: p.name, typeId: mapId(p.typeId) })),
      );
    case BtfKind.Var:
      return w.variable(name, mapId(t.typeId), t.linkage);
    case BtfKind.Datasec:
      return w.datasec(
        name,
        t.byteSize,
        t.vars.map((v) => ({ typeId: mapId(v.typeId), offset: v.offset, byteSize: v.byteSize })),
      );
    case BtfKind.Float:
      return w.float(name, t.byteSize);
    case BtfKind.DeclTag:
      return w.declTag(name, mapId(t.typeId), t.componentIdx);
    default:
      throw new ParseError(ErrorCode.UnknownKind, `cannot write a record of kind ${(t as { kind: number }).kind}`);
  }
}
