/**
 * cutBtf: the part of a BTF a view needs, as a new standalone blob small enough for a URL.
 *
 * What is kept (our own rule; `bpftool gen min_core_btf` has no mode for whole structs —
 * for relocation views use `cutForCoreRelos`, which follows bpftool exactly):
 * - each root, whole (a STRUCT/UNION with all members, an ENUM with all values, …);
 * - the SHAPE of every type its members use: INT/FLOAT, typedef/modifier chains, arrays,
 *   function prototypes — whole, since they are small and make the member's C type;
 * - an anonymous struct/union reached by value is part of the enclosing layout: kept whole;
 * - a NAMED struct/union reached by value, nested deeper than `shapeDepth` (default 1: only
 *   the roots are expanded), becomes a size-preserving stub: same kind, name and byte size,
 *   and instead of its members one unnamed bitfield (`long: 64;`) of an integer as wide as
 *   the struct's alignment, so libbpf's btf__align_of — and the C dump of the root, which
 *   decides where to print explicit padding from it — sees the original alignment;
 * - a named struct/union reached only through a pointer becomes a FWD (`struct x;`):
 *   pointers have the same size whatever they point to, and C prints the same type name;
 *   an anonymous one behind a pointer becomes a stub (a FWD needs a name);
 * - an enum reached through a pointer becomes an empty ENUM (libbpf's enum forward
 *   declaration) with its size; enums used by value are kept whole.
 * A type reached in several ways gets the richest form (whole > stub > FWD).
 * Kept types get new ids in their original order, like bpftool does.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfType } from '../btf/btf-types';
import { type Diagnostic, ErrorCode, type ParseResult, toDiagnostic } from '../diagnostics';
import { TypeMetrics } from '../c-dump/type-metrics';
import { TypeTables } from '../layout/type-tables';
import { BtfWriter } from './btf-writer';
import { writeType } from './encode-btf';

export interface CutOptions {
  /** How many levels of named structs/unions keep their members (1 = only the roots). */
  shapeDepth?: number;
  littleEndian?: boolean;
}

export interface CutBtf {
  bytes: Uint8Array;
  /** Old type id → new type id, for every kept type (roots included). */
  idMap: Map<number, number>;
  typeCount: number;
}

const NONE = 0;
const FWD = 1;
const STUB = 2;
const FULL = 3;

/** Cuts the types reachable from `rootIds` out of `btf` (which may be split BTF). */
export function cutBtf(btf: Btf, rootIds: readonly number[], opts: CutOptions = {}): ParseResult<CutBtf> {
  const diagnostics: Diagnostic[] = [];
  const shapeDepth = Math.max(1, opts.shapeDepth ?? 1);
  const mode = new Uint8Array(btf.typeCount);
  // Depth at which a FULL composite was expanded; a shallower visit expands it again.
  const expandedAt = new Map<number, number>();
  type Visit = { id: number; depth: number; behindPtr: boolean };
  const work: Visit[] = [];
  for (const id of rootIds) {
    if (!btf.isValidId(id) || id === 0) {
      diagnostics.push({ severity: 'error', code: ErrorCode.BadTypeId, message: `root type id ${id} is out of range` });
      continue;
    }
    work.push({ id, depth: 0, behindPtr: false });
  }
  try {
    // Bounded: each id's mode only grows and its expansion depth only shrinks.
    while (work.length > 0) {
      const { id, depth, behindPtr } = work.pop()!;
      if (id === 0) continue;
      const t = btf.type(id);
      const want = wantedMode(t, depth, behindPtr, shapeDepth);
      const had = mode[id]!;
      if (want < had) continue;
      if (want === had && (want !== FULL || !isComposite(t) || (expandedAt.get(id) ?? Infinity) <= depth)) continue;
      mode[id] = want;
      if (want === FULL && isComposite(t)) expandedAt.set(id, depth);
      for (const next of children(t, want, depth, behindPtr)) work.push(next);
    }
    // Stubs keep their alignment through one padding bitfield of an int that wide.
    const metrics = new TypeMetrics(TypeTables.of(btf), btf.pointerSize());
    const stubAlign = new Map<number, { align: number; intId: number }>();
    const intOfSize = new Map<number, number>();
    for (let id = 1; id < btf.typeCount; id++) {
      if (mode[id] !== STUB || (btf.kind(id) !== BtfKind.Struct && btf.kind(id) !== BtfKind.Union)) continue;
      const align = metrics.alignOf(id);
      if (align <= 1) continue;
      let intId = intOfSize.get(align);
      if (intId === undefined) {
        intId = findInt(btf, align);
        intOfSize.set(align, intId);
      }
      if (intId) {
        mode[intId] = FULL;
        stubAlign.set(id, { align, intId });
      }
    }
    const w = new BtfWriter();
    const idMap = new Map<number, number>();
    let next = 1;
    for (let id = 1; id < btf.typeCount; id++) if (mode[id] !== NONE) idMap.set(id, next++);
    const mapId = (id: number): number => idMap.get(id) ?? 0;
    for (let id = 1; id < btf.typeCount; id++) {
      const m = mode[id]!;
      if (m === NONE) continue;
      const t = btf.type(id);
      if (m === FWD) w.fwd(t.name, t.kind === BtfKind.Union);
      else if (m === STUB && isComposite(t)) {
        const pad = stubAlign.get(id);
        const members = pad ? [{ name: '', typeId: mapId(pad.intId), bitOffset: 0, bitfieldSize: pad.align * 8 }] : [];
        w.composite(t.kind, t.name, t.byteSize, members);
      }
      else if (m === STUB && (t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64))
        w.enumeration(t.name, t.byteSize, t.isSigned, [], t.kind === BtfKind.Enum64);
      else writeType(w, t, mapId);
    }
    return { value: { bytes: w.build(opts.littleEndian ?? true), idMap, typeCount: next - 1 }, diagnostics };
  } catch (e) {
    diagnostics.push(toDiagnostic(e, 'cut'));
    return { diagnostics };
  }
}

/** A plain (not bool, not char) INT of `byteSize` bytes, preferring C's own names; 0 if none. */
function findInt(btf: Btf, byteSize: number): number {
  const names = ['long int', 'long unsigned int', 'int', 'unsigned int', 'short int', 'short unsigned int', 'char', 'unsigned char'];
  for (const n of names) {
    for (const id of btf.findByName(n, BtfKind.Int)) if (btf.sizeOrType(id) === byteSize) return id;
  }
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kind(id) === BtfKind.Int && btf.sizeOrType(id) === byteSize) {
      const t = btf.type(id);
      if (t.kind === BtfKind.Int && !t.isBool && t.bits === byteSize * 8) return id;
    }
  }
  return 0;
}

function isComposite(t: BtfType): t is Extract<BtfType, { kind: typeof BtfKind.Struct | typeof BtfKind.Union }> {
  return t.kind === BtfKind.Struct || t.kind === BtfKind.Union;
}

function wantedMode(t: BtfType, depth: number, behindPtr: boolean, shapeDepth: number): number {
  if (isComposite(t)) {
    const named = t.name !== '';
    if (behindPtr) return named ? FWD : STUB;
    if (named && depth >= shapeDepth) return STUB;
    return FULL;
  }
  if (t.kind === BtfKind.Enum || t.kind === BtfKind.Enum64) return behindPtr && depth > 0 ? STUB : FULL;
  return FULL;
}

function children(t: BtfType, m: number, depth: number, behindPtr: boolean): { id: number; depth: number; behindPtr: boolean }[] {
  switch (t.kind) {
    case BtfKind.Struct:
    case BtfKind.Union: {
      if (m !== FULL) return [];
      // Members of a named composite sit one level deeper; an anonymous one is inline.
      const d = t.name !== '' ? depth + 1 : depth;
      return t.members.map((x) => ({ id: x.typeId, depth: d, behindPtr: false }));
    }
    case BtfKind.Ptr:
      return [{ id: t.typeId, depth: Math.max(depth, 1), behindPtr: true }];
    case BtfKind.Typedef:
    case BtfKind.Volatile:
    case BtfKind.Const:
    case BtfKind.Restrict:
    case BtfKind.TypeTag:
    case BtfKind.Var:
    case BtfKind.DeclTag:
      return [{ id: t.typeId, depth, behindPtr }];
    case BtfKind.Func:
      return [{ id: t.typeId, depth, behindPtr }];
    case BtfKind.Array:
      return [
        { id: t.elemTypeId, depth, behindPtr },
        { id: t.indexTypeId, depth, behindPtr: false },
      ];
    case BtfKind.FuncProto:
      return [t.returnTypeId, ...t.params.map((p) => p.typeId)].map((id) => ({ id, depth: Math.max(depth, 1), behindPtr: true }));
    case BtfKind.Datasec:
      return t.vars.map((v) => ({ id: v.typeId, depth, behindPtr }));
    default:
      return [];
  }
}
