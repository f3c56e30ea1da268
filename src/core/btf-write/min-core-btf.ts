/**
 * cutForCoreRelos: the minimal target BTF for a set of CO-RE relocations, made the way
 * `bpftool gen min_core_btf` makes it (bpftool 7.1 src/gen.c, btfgen_*), so the result is
 * byte-identical to bpftool's for the same target specs.
 *
 * Per relocation, from its TARGET spec (libbpf's bpf_core_spec after matching):
 * - field-based (byte_off, byte_sz, field_exists, signed, lshift_u64, rshift_u64): the root
 *   type, and along the raw access path each struct/union touched, only the members on the
 *   path, and each member's type (typedef/modifier chains and arrays followed, pointers not);
 * - type_id_target, type_exists, type_size: the root type, following pointers too; a
 *   struct/union is kept with its size and no members;
 * - type_matches: the root with all members, recursively, stopping at structs behind
 *   pointers (btfgen_mark_type_match);
 * - enumval_exists, enumval_value: the enum, whole;
 * - type_id_local needs no target BTF.
 * Kept types keep their original order; a reference to a type not kept becomes void (0),
 * as in bpftool's btfgen_remap_id.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { type Diagnostic, ErrorCode, ParseError, type ParseResult, toDiagnostic } from '../diagnostics';
import { kindName } from '../btf/btf-kinds';
import { BtfWriter } from './btf-writer';
import { writeType } from './encode-btf';
import type { CutBtf } from './cut-btf';

/** The parts of libbpf's target `bpf_core_spec` that min_core_btf looks at. */
export interface CoreTargetSpec {
  /** enum bpf_core_relo_kind (0 byte_off … 12 type_matches). */
  reloKind: number;
  rootTypeId: number;
  /** The raw access indices (raw_spec[0..raw_len)); the first is the array index on the root. */
  rawSpec: readonly number[];
}

const TYPE_ID_LOCAL = 6;

export function cutForCoreRelos(btf: Btf, specs: readonly CoreTargetSpec[], littleEndian = true): ParseResult<CutBtf> {
  const diagnostics: Diagnostic[] = [];
  const marked = new Uint8Array(btf.typeCount);
  const markedMembers = new Map<number, Set<number>>();
  const markMember = (typeId: number, idx: number): void => {
    let s = markedMembers.get(typeId);
    if (!s) markedMembers.set(typeId, (s = new Set()));
    s.add(idx);
  };

  // btfgen_mark_type; depth-limited because a malformed BTF may loop through typedefs.
  const markType = (id: number, followPointers: boolean, depth = 0): void => {
    if (id === 0) return;
    if (depth > 256) throw new ParseError(ErrorCode.ReferenceCycle, `type ${id}: reference chain too long`);
    marked[id] = 1;
    const t = btf.type(id);
    switch (t.kind) {
      case BtfKind.Int:
      case BtfKind.Float:
      case BtfKind.Enum:
      case BtfKind.Enum64:
      case BtfKind.Struct:
      case BtfKind.Union:
        return;
      case BtfKind.Ptr:
        if (followPointers) markType(t.typeId, followPointers, depth + 1);
        return;
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.Volatile:
      case BtfKind.Typedef:
        markType(t.typeId, followPointers, depth + 1);
        return;
      case BtfKind.Array:
        markType(t.elemTypeId, followPointers, depth + 1);
        markType(t.indexTypeId, followPointers, depth + 1);
        return;
      case BtfKind.FuncProto:
        markType(t.returnTypeId, followPointers, depth + 1);
        for (const p of t.params) markType(p.typeId, followPointers, depth + 1);
        return;
      default:
        throw new ParseError(ErrorCode.UnknownKind, `unsupported kind: ${kindName(t.kind)} (${id})`);
    }
  };

  // btfgen_mark_type_match
  const markTypeMatch = (id: number, behindPtr: boolean, depth = 0): void => {
    if (id === 0) return;
    if (depth > 256) throw new ParseError(ErrorCode.ReferenceCycle, `type ${id}: reference chain too long`);
    marked[id] = 1;
    const t = btf.type(id);
    switch (t.kind) {
      case BtfKind.Int:
      case BtfKind.Float:
      case BtfKind.Enum:
      case BtfKind.Enum64:
        return;
      case BtfKind.Struct:
      case BtfKind.Union:
        if (behindPtr) return;
        t.members.forEach((m, i) => {
          markMember(id, i);
          markTypeMatch(m.typeId, false, depth + 1);
        });
        return;
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.Typedef:
      case BtfKind.Volatile:
        markTypeMatch(t.typeId, behindPtr, depth + 1);
        return;
      case BtfKind.Fwd:
        // bpftool reads FWD's size_or_type (always 0) as a type id: nothing more to mark.
        return;
      case BtfKind.Ptr:
        markTypeMatch(t.typeId, true, depth + 1);
        return;
      case BtfKind.Array:
        markTypeMatch(t.elemTypeId, false, depth + 1);
        markTypeMatch(t.indexTypeId, false, depth + 1);
        return;
      case BtfKind.FuncProto:
        markTypeMatch(t.returnTypeId, false, depth + 1);
        for (const p of t.params) markTypeMatch(p.typeId, false, depth + 1);
        return;
      default:
        throw new ParseError(ErrorCode.UnknownKind, `unsupported kind: ${kindName(t.kind)} (${id})`);
    }
  };

  // btfgen_record_field_relo
  const markField = (spec: CoreTargetSpec): void => {
    let typeId = spec.rootTypeId;
    markType(typeId, false);
    for (let i = 1; i < spec.rawSpec.length; i++) {
      typeId = btf.skipModsAndTypedefs(typeId);
      const t = btf.type(typeId);
      if (t.kind === BtfKind.Struct || t.kind === BtfKind.Union) {
        const idx = spec.rawSpec[i]!;
        const m = t.members[idx];
        if (!m) throw new ParseError(ErrorCode.BadTypeId, `member #${idx} of type ${typeId} does not exist`);
        markMember(typeId, idx);
        typeId = m.typeId;
        markType(typeId, false);
      } else if (t.kind === BtfKind.Array) {
        typeId = t.elemTypeId;
      } else {
        throw new ParseError(ErrorCode.UnknownKind, `unsupported kind: ${kindName(t.kind)} (${typeId})`);
      }
    }
  };

  try {
    for (const spec of specs) {
      if (!btf.isValidId(spec.rootTypeId)) throw new ParseError(ErrorCode.BadTypeId, `root type id ${spec.rootTypeId} is out of range`);
      if (spec.reloKind <= 5) markField(spec);
      else if (spec.reloKind === TYPE_ID_LOCAL) continue;
      else if (spec.reloKind >= 7 && spec.reloKind <= 9) markType(spec.rootTypeId, true);
      else if (spec.reloKind === 10 || spec.reloKind === 11) markType(spec.rootTypeId, false);
      else if (spec.reloKind === 12) markTypeMatch(spec.rootTypeId, false);
      else throw new ParseError(ErrorCode.Internal, `unknown relocation kind ${spec.reloKind}`);
    }
    // btfgen_get_btf: marked types in id order, composites with their marked members only.
    const idMap = new Map<number, number>();
    let next = 1;
    for (let id = 1; id < btf.typeCount; id++) if (marked[id]) idMap.set(id, next++);
    const mapId = (id: number): number => idMap.get(id) ?? 0;
    const w = new BtfWriter();
    for (let id = 1; id < btf.typeCount; id++) {
      if (!marked[id]) continue;
      const t = btf.type(id);
      if (t.kind === BtfKind.Struct || t.kind === BtfKind.Union) {
        const keep = markedMembers.get(id);
        const members = t.members
          .filter((_, i) => keep?.has(i))
          .map((m) => ({ name: m.name, typeId: mapId(m.typeId), bitOffset: m.bitOffset, bitfieldSize: m.bitfieldSize }));
        w.composite(t.kind, t.name, t.byteSize, members);
      } else {
        writeType(w, t, mapId);
      }
    }
    return { value: { bytes: w.build(littleEndian), idMap, typeCount: next - 1 }, diagnostics };
  } catch (e) {
    diagnostics.push(toDiagnostic(e, 'min-core-btf'));
    return { diagnostics };
  }
}
