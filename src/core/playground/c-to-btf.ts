/**
 * compileCToBtf: C declarations → a BTF blob, emitted the way clang's BTF backend does
 * (BTFDebug.cpp) so layouts compare 1:1 with `clang -g -target bpf`:
 * - INT with clang's names (`unsigned int`, `long long`, …), encoding SIGNED or BOOL (clang
 *   never sets CHAR), FLOAT, PTR (to void = 0), CONST/VOLATILE/RESTRICT, TYPEDEF;
 * - ARRAY with an `__ARRAY_SIZE_TYPE__` index type, multi-dimensional arrays nested;
 * - STRUCT/UNION with kind_flag and bitfield sizes when a member is a bitfield; unnamed
 *   bitfields are not members (they are padding); a declared-only record is a FWD;
 * - ENUM (ENUM64 when a value needs 64 bits), signed when a value is negative;
 * - FUNC_PROTO for function pointers (a variadic one ends with a void parameter).
 * Every named record, enum and typedef is emitted (clang emits only what is used), in
 * definition order; identical pointers/arrays/protos are written once.
 */
import { BtfKind } from '../btf/btf-kinds';
import { encodeBtf, type BtfTypeInput } from '../btf-write/encode-btf';
import { type Diagnostic, type ParseResult } from '../diagnostics';
import { cDiag } from './c-lexer';
import { type CProgram, parseC } from './c-parser';
import { type CEnum, type CRecord, type CType, LayoutError, computeLayout, enumSize } from './c-types';

export interface CompiledC {
  /** The BTF blob (little-endian). */
  bytes: Uint8Array;
  /** `struct foo`, `union bar`, `enum baz`, `typedef qux` → type id in `bytes`. */
  ids: Map<string, number>;
  prog: CProgram;
}

/** Parses and lays out `src`; returns the BTF even when some declarations failed. */
export function compileCToBtf(src: string): ParseResult<CompiledC> {
  const diagnostics: Diagnostic[] = [];
  const { prog } = parseC(src, diagnostics);
  for (const rec of prog.records) {
    if (rec.members === null) continue;
    try {
      computeLayout(rec);
    } catch (e) {
      if (!(e instanceof LayoutError)) throw e;
      diagnostics.push(cDiag('error', e.line, e.col, e.message));
      rec.members = null; // emitted as a forward declaration
    }
  }
  const e = new Emitter();
  const ids = new Map<string, number>();
  for (const rec of prog.records) {
    const id = e.id({ k: 'record', rec });
    if (rec.name) ids.set(`${rec.kind} ${rec.name}`, id);
  }
  for (const en of prog.enums) {
    const id = e.id({ k: 'enum', en });
    if (en.name) ids.set(`enum ${en.name}`, id);
  }
  for (const td of prog.typedefs) ids.set(`typedef ${td.name}`, e.id({ k: 'typedef', td }));
  const bytes = encodeBtf(e.nodes);
  return { value: { bytes, ids, prog }, diagnostics };
}

class Emitter {
  readonly nodes: BtfTypeInput[] = [];
  private readonly byObj = new Map<object, number>();
  private readonly byKey = new Map<string, number>();
  private arraySizeType = 0;

  private push(n: BtfTypeInput): number {
    this.nodes.push(n);
    return this.nodes.length;
  }
  private keyed(key: string, make: () => BtfTypeInput): number {
    const have = this.byKey.get(key);
    if (have !== undefined) return have;
    const id = this.push(make());
    this.byKey.set(key, id);
    return id;
  }

  id(t: CType): number {
    switch (t.k) {
      case 'void':
        return 0;
      case 'int':
        return this.keyed(`int ${t.name}`, () => ({ kind: BtfKind.Int, name: t.name, byteSize: t.size, encoding: t.bool ? 4 : t.signed ? 1 : 0 }));
      case 'float':
        return this.keyed(`float ${t.name}`, () => ({ kind: BtfKind.Float, name: t.name, byteSize: t.size }));
      case 'ptr': {
        const to = this.id(t.to);
        return this.keyed(`ptr ${to}`, () => ({ kind: BtfKind.Ptr, typeId: to }));
      }
      case 'qual': {
        const of = this.id(t.of);
        const kind = t.q === 'const' ? BtfKind.Const : t.q === 'volatile' ? BtfKind.Volatile : BtfKind.Restrict;
        return this.keyed(`${t.q} ${of}`, () => ({ kind, typeId: of }));
      }
      case 'array': {
        const of = this.id(t.of);
        this.arraySizeType ||= this.push({ kind: BtfKind.Int, name: '__ARRAY_SIZE_TYPE__', byteSize: 4, encoding: 0 });
        const idx = this.arraySizeType;
        return this.keyed(`array ${of} ${t.n ?? 0}`, () => ({ kind: BtfKind.Array, elemTypeId: of, indexTypeId: idx, nelems: t.n ?? 0 }));
      }
      case 'func': {
        const ret = this.id(t.ret);
        const params = t.params.map((p) => ({ name: p.name, typeId: this.id(p.type) }));
        if (t.variadic) params.push({ name: '', typeId: 0 });
        return this.keyed(`proto ${ret}(${params.map((p) => `${p.name}:${p.typeId}`).join(',')})`, () => ({
          kind: BtfKind.FuncProto,
          returnTypeId: ret,
          params,
        }));
      }
      case 'typedef': {
        const have = this.byObj.get(t.td);
        if (have !== undefined) return have;
        const to = this.id(t.td.type);
        const id = this.push({ kind: BtfKind.Typedef, name: t.td.name, typeId: to });
        this.byObj.set(t.td, id);
        return id;
      }
      case 'enum':
        return this.enumId(t.en);
      case 'record':
        return this.recordId(t.rec);
    }
  }

  private enumId(en: CEnum): number {
    const have = this.byObj.get(en);
    if (have !== undefined) return have;
    const values = (en.values ?? []).map((v) => ({ name: v.name, value64: v.value }));
    const isSigned = values.some((v) => v.value64 < 0n);
    const size = enumSize(en);
    const id = this.push({ kind: size === 8 ? BtfKind.Enum64 : BtfKind.Enum, name: en.name, byteSize: size, isSigned, values });
    this.byObj.set(en, id);
    return id;
  }

  private recordId(rec: CRecord): number {
    const have = this.byObj.get(rec);
    if (have !== undefined) return have;
    if (rec.members === null || !rec.layout) {
      const id = this.push({ kind: BtfKind.Fwd, name: rec.name, isUnion: rec.kind === 'union' });
      this.byObj.set(rec, id);
      return id;
    }
    // The id is taken before the members so a member may point back at this record.
    const members: { name: string; typeId: number; bitOffset: number; bitfieldSize: number }[] = [];
    const node: BtfTypeInput = { kind: rec.kind === 'union' ? BtfKind.Union : BtfKind.Struct, name: rec.name, byteSize: rec.layout.byteSize, members };
    const id = this.push(node);
    this.byObj.set(rec, id);
    const layout = rec.layout;
    rec.members.forEach((m, i) => {
      const bitOffset = layout.bitOffsets[i]!;
      if (bitOffset >= 0) members.push({ name: m.name, typeId: this.id(m.type), bitOffset, bitfieldSize: m.bitWidth ?? 0 });
    });
    return id;
  }
}
