/**
 * Struct and union layouts as pahole 1.24 computes them (`pahole -F btf`): every member with
 * its offset, size and bitfield position, holes and bit holes, tail padding, cacheline
 * boundaries, inline anonymous types expanded, and the summary totals.
 *
 * See pahole-model.ts for pahole's arithmetic, layout-build.ts for the walk, and
 * pahole-format.ts for the text. One `PaholeSession` passed to several calls carries
 * pahole's inferred-packed marks between them (see pahole-session.ts).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { type Diagnostic, ErrorCode, type ParseResult } from '../diagnostics';
import { invalidTypeProblem } from '../btf/validate-btf';
import { type Conf, LayoutBuilder, MAX_EXPANDED_MEMBERS } from './layout-build';
import type { StructLayout } from './layout-types';
import { Tag } from './pahole-model';
import { PaholeSession } from './pahole-session';
import { TypeTables } from './type-tables';

export interface StructLayoutOptions {
  /** Cacheline size in bytes (pahole's -c; default 64). It also feeds alignment inference. */
  cachelineBytes?: number;
  /** Share pahole's packed inference across calls (e.g. laying out all types in id order). */
  session?: PaholeSession;
}

/** pahole's top-level printing context (tag__fprintf with pahole's conf). */
function topConf(isUnion: boolean, typedefName: string): Conf {
  return {
    indent: 0,
    typeSpacing: 26,
    // pahole gives unions a 2-column narrower name column.
    nameSpacing: isUnion ? 21 : 23,
    prefix: typedefName ? 'typedef' : null,
    suffix: typedefName || null,
    emitStats: true,
    baseOffset: 0,
    relOffset: false,
    unionMember: false,
    lastMember: false,
    firstMember: false,
  };
}

/**
 * The layout of struct or union `id`; a diagnostic (and no value) for other kinds and for a
 * type the kernel would refuse (a member past its end would make the numbers meaningless,
 * e.g. an alignment of 2^29 and a cacheline 8 million lines in).
 */
export function computeStructLayout(btf: Btf, id: number, opts: StructLayoutOptions = {}): ParseResult<StructLayout> {
  const diagnostics: Diagnostic[] = [];
  const kind = btf.isValidId(id) && id > 0 ? btf.kind(id) : -1;
  if (kind !== BtfKind.Struct && kind !== BtfKind.Union) {
    diagnostics.push({
      severity: 'error',
      code: ErrorCode.TypeNotFound,
      message: kind < 0 ? `type id ${id} does not exist` : `type [${id}] is not a struct or union`,
    });
    return { diagnostics };
  }
  const bad = invalidTypeProblem(btf, id);
  if (bad) {
    diagnostics.push({ ...bad, message: `no layout for an invalid type: ${bad.message}` });
    return { diagnostics };
  }
  const line = opts.cachelineBytes ?? opts.session?.cachelineBytes ?? 64;
  if (!Number.isInteger(line) || line <= 0 || line > 0xffff) {
    diagnostics.push({ severity: 'error', code: ErrorCode.BadHeader, message: `cacheline size ${line} is not a positive 16-bit integer` });
    return { diagnostics };
  }
  const session = opts.session && opts.session.cachelineBytes === line ? opts.session : new PaholeSession(btf, line);
  const m = session.model;
  // An anonymous top-level type prints as `typedef struct {...} name;` after its first typedef.
  const tdef = m.typeName(id) === null ? m.firstTypedefOf(id) : 0;
  const typedefName = tdef ? (m.typeName(tdef) ?? '') : '';
  const builder = new LayoutBuilder(session);
  const layout = builder.build(id, topConf(m.tag(id) === Tag.Union, typedefName));
  layout.typedefName = typedefName;
  if (builder.cut) {
    diagnostics.push({
      severity: 'warning',
      code: ErrorCode.AbsurdCount,
      message: `type [${id}] expands to more than ${builder.limit} members through nested anonymous types (a layout lays out at most 64 + 1 per 12 bytes of the BTF, and ${MAX_EXPANDED_MEMBERS} at most); the rest are shown as 'struct {...}'`,
      typeId: id,
    });
  }
  return { value: layout, diagnostics };
}

/**
 * pahole's duplicate filter when printing every type: a named struct/union is skipped when
 * an earlier one has the same name, size, member count and member names, offsets and
 * bitfield sizes (pahole.c `type__compare`; names of anonymous members are not compared).
 * Returns the ids pahole prints, in its order.
 */
export function paholePrintOrder(btf: Btf): number[] {
  const t = TypeTables.of(btf);
  const byName = new Map<string, number[]>();
  const out: number[] = [];
  const same = (a: number, b: number): boolean => {
    if (t.sizeOrType[a] !== t.sizeOrType[b] || t.vlen[a] !== t.vlen[b]) return false;
    const ea = t.entryStart[a]!;
    const eb = t.entryStart[b]!;
    for (let i = 0; i < t.vlen[a]!; i++) {
      const na = t.a[ea + i]!;
      const nb = t.a[eb + i]!;
      if (na && nb && na !== nb && t.str(na) !== t.str(nb)) return false;
      if (t.memberBitOffset(a, i) !== t.memberBitOffset(b, i)) return false;
      if (t.memberBitfieldSize(a, i) !== t.memberBitfieldSize(b, i)) return false;
    }
    return true;
  };
  for (let id = 1; id < t.count; id++) {
    const k = t.kind[id];
    if (k !== BtfKind.Struct && k !== BtfKind.Union) continue;
    if (t.nameOff[id]) {
      const name = t.name(id);
      const seen = byName.get(name);
      if (seen?.some((o) => same(o, id))) continue;
      if (seen) seen.push(id);
      else byName.set(name, [id]);
    }
    out.push(id);
  }
  return out;
}
