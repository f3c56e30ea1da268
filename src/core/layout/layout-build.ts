/**
 * Builds `StructLayout` trees by walking a struct or union the way pahole 1.24 prints it
 * (dwarves_fprintf.c `__class__fprintf`, `union__fprintf`, `class_member__fprintf`,
 * `type__fprintf`), without printing: the same recursion into inline anonymous types, the
 * same printing context (indent, column widths, typedef prefix/suffix, whether a summary is
 * shown) handed down, and the packed-inference calls in the same order (they have lasting
 * side effects, see pahole-session.ts). `formatPaholeLayout` turns the result into text.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { LayoutMember, MemberDecl, StructLayout } from './layout-types';
import { Tag, type PaholeMember } from './pahole-model';
import { ftypeParams, notFound, tagName } from './pahole-names';
import type { PaholeSession } from './pahole-session';

/** pahole's conf_fprintf fields that matter for a struct/union print. */
export interface Conf {
  indent: number;
  typeSpacing: number;
  nameSpacing: number;
  prefix: string | null;
  suffix: string | null;
  emitStats: boolean;
  baseOffset: number;
  relOffset: boolean;
  unionMember: boolean;
  lastMember: boolean;
  firstMember: boolean;
}

/** pahole's `tabs` string has 16 tabs. */
const MAX_INDENT = 16;
/** Members (nested ones counted) after which anonymous types are no longer expanded inline. */
export const MAX_EXPANDED_MEMBERS = 20_000;

/**
 * How many members one layout may lay out before it stops expanding anonymous types inline:
 * 64 plus one per 12 bytes of the BTF (its base's included), at most MAX_EXPANDED_MEMBERS.
 * An anonymous type written once in C is expanded once, and each of its members is a 12-byte
 * record, so real files stay far below (a 6.18 kernel allows the 20,000; no struct of it
 * expands to 300). What passes it is an anonymous type used again and again (inside one used
 * again and again...): text that multiplies with each level of a small file. A name or type
 * spelling counts one more member per 64 characters, so long names repeated cannot make up
 * for it either. The same bound as the diff's flattening (TypeHashes.flatLimit).
 */
export function expansionLimit(btf: Btf): number {
  let bytes = 0;
  for (let b: Btf | undefined = btf; b; b = b.base) bytes += b.bytes.length;
  return Math.min(MAX_EXPANDED_MEMBERS, 64 + Math.floor(bytes / 12));
}

interface DeclResult {
  decl: MemberDecl;
  nested?: StructLayout;
  /** declTypeName(decl), kept with cached results. */
  typeName?: string;
}

/** Whether a declaration is the same wherever the type is used (no context in it). */
function contextFree(d: MemberDecl): boolean {
  return d.k === 'const' ? contextFree(d.inner) : d.k !== 'array' && d.k !== 'inline' && d.k !== 'enum';
}

export class LayoutBuilder {
  private readonly m;
  private readonly line: number;

  /** See expansionLimit. */
  readonly limit: number;

  constructor(private readonly session: PaholeSession) {
    this.m = session.model;
    this.line = session.cachelineBytes;
    this.limit = expansionLimit(this.m.t.btf);
  }

  private depth = 0;
  /** Members laid out so far, nested ones included, long names counted extra; see expansionLimit. */
  private expanded = 0;
  /** Set when an anonymous type was left unexpanded for the budget. */
  cut = false;
  /** Types being expanded on the current path. */
  private readonly expanding = new Set<number>();

  /** __class__fprintf / union__fprintf of `id` under `conf`. */
  build(id: number, conf: Conf): StructLayout {
    // Inline anonymous types nest a few levels in practice. Cyclic BTF (an anonymous struct
    // with pointers back to itself, which C cannot write) is shown once, not expanded again:
    // the depth limit alone let two such members expand 2^64 times.
    if (this.depth > 64 || this.expanding.has(id)) return this.newLayout(id, conf, this.m.tag(id) === Tag.Union);
    this.expanded += this.m.classInfo(id).members.length;
    this.depth++;
    this.expanding.add(id);
    try {
      return this.m.tag(id) === Tag.Union ? this.buildUnion(id, conf) : this.buildClass(id, conf);
    } finally {
      this.depth--;
      this.expanding.delete(id);
    }
  }

  private newLayout(id: number, conf: Conf, isUnion: boolean): StructLayout {
    const m = this.m;
    const c = m.classInfo(id);
    const size = c.byteSize;
    // tag__nr_cachelines goes through tag__size: an empty struct of size 1 counts as 0.
    const sized = m.size(id);
    return {
      kind: isUnion ? 'union' : 'struct',
      typeId: id,
      name: m.typeName(id) ?? '',
      typedefName: '',
      byteSize: size,
      cachelineBytes: this.line,
      cachelines: Math.floor((sized + this.line - 1) / this.line),
      memberCount: m.t.kind[id] === BtfKind.Fwd ? 0 : m.t.vlen[id]!,
      members: [],
      baseByteOffset: conf.baseOffset,
      sumMemberBytes: 0,
      sumBitfieldBits: 0,
      holes: isUnion ? 0 : c.nrHoles,
      holeBytes: isUnion ? 0 : c.preHole,
      bitHoles: isUnion ? 0 : c.nrBitHoles,
      bitHoleBits: isUnion ? 0 : c.preBitHole,
      preHoleBytes: isUnion ? 0 : c.preHole,
      preBitHoleBits: isUnion ? 0 : c.preBitHole,
      paddingBytes: isUnion ? 0 : c.padding,
      bitPaddingBits: isUnion ? 0 : c.bitPadding,
      paddings: 0,
      paddingSumBytes: 0,
      forcedAlignments: 0,
      forcedHoles: 0,
      forcedHoleBytes: 0,
      lastCachelineBytes: (conf.baseOffset + size) % this.line,
      alignment: c.alignment,
      isPacked: false,
      print: {
        indent: Math.min(conf.indent, MAX_INDENT),
        typeSpacing: conf.typeSpacing,
        nameSpacing: conf.nameSpacing,
        prefix: conf.prefix,
        suffix: conf.suffix,
        emitStats: conf.emitStats,
      },
    };
  }

  private buildClass(id: number, conf: Conf): StructLayout {
    const m = this.m;
    const s = this.session;
    const layout = this.newLayout(id, conf, false);
    const cconf: Conf = { ...conf, indent: layout.print.indent + 1 };
    s.inferClass(id);
    const c = m.classInfo(id);
    let last: PaholeMember | undefined;
    for (let i = 0; i < c.members.length; i++) {
      const pos = c.members[i]!;
      if (pos.alignment !== 0) {
        const hole = last ? last.hole : c.preHole;
        if (hole !== 0) {
          layout.forcedHoles++;
          layout.forcedHoleBytes += hole;
        }
        layout.forcedAlignments++;
      }
      cconf.lastMember = i === c.members.length - 1;
      cconf.firstMember = last === undefined;
      const lm = this.buildMember(pos, false, cconf);
      if (m.tag(pos.typeId) === Tag.Struct) {
        // pahole looks at (and infers packing of) every struct used directly as a member.
        const tc = m.classInfo(pos.typeId);
        s.inferClass(pos.typeId);
        if (tc.padding > 0) {
          lm.typePaddingBytes = tc.padding;
          layout.paddings++;
          layout.paddingSumBytes += tc.padding;
        }
      }
      layout.holeBytes += pos.hole;
      layout.bitHoleBits += pos.bitHole;
      if (pos.bitfieldSize) layout.sumBitfieldBits += pos.bitfieldSize;
      else layout.sumMemberBytes += pos.byteSize;
      layout.members.push(lm);
      last = pos;
    }
    layout.isPacked = s.isPacked(id);
    return layout;
  }

  private buildUnion(id: number, conf: Conf): StructLayout {
    const layout = this.newLayout(id, conf, true);
    const uconf: Conf = { ...conf, indent: layout.print.indent + 1, unionMember: true };
    this.session.inferUnion(id);
    for (const pos of this.m.classInfo(id).members) {
      const lm = this.buildMember(pos, true, uconf);
      if (pos.bitfieldSize) layout.sumBitfieldBits += pos.bitfieldSize;
      else layout.sumMemberBytes += pos.byteSize;
      layout.members.push(lm);
    }
    return layout;
  }

  /** class_member__fprintf: the member's printed offset and declaration. */
  private buildMember(pos: PaholeMember, unionMember: boolean, conf: Conf): LayoutMember {
    const m = this.m;
    let offset = pos.byteOffset;
    if (!conf.relOffset) offset += conf.baseOffset;
    let r = m.declCache.get(pos.typeId) as DeclResult | undefined;
    if (!r) {
      const sconf: Conf = !conf.relOffset && !unionMember ? { ...conf, baseOffset: offset } : conf;
      // Aggregates get their name from class_member__fprintf, everything else from type__fprintf.
      r = this.typeDecl(pos.typeId, m.isStructLike(pos.typeId) ? null : pos.name, sconf);
      if (!r.nested && contextFree(r.decl)) {
        r.typeName = declTypeName(r.decl);
        m.declCache.set(pos.typeId, r);
      }
    }
    const lm: LayoutMember = {
      name: pos.name ?? '',
      typeId: pos.typeId,
      typeName: r.typeName ?? declTypeName(r.decl, r.nested?.kind),
      bitOffset: pos.bitOffset,
      byteOffset: pos.byteOffset,
      absByteOffset: offset,
      byteSize: pos.byteSize,
      bitfieldSize: pos.bitfieldSize,
      bitfieldOffset: pos.bitfieldOffset,
      alignment: pos.alignment,
      holeBytesAfter: pos.hole,
      bitHoleBitsAfter: pos.bitHole,
      typePaddingBytes: 0,
      cacheline: Math.floor(offset / this.line),
      decl: r.decl,
    };
    if (r.nested) lm.nested = r.nested;
    this.expanded += (lm.name.length + lm.typeName.length) >> 6;
    return lm;
  }

  /** type__fprintf(type, name, conf) without the printing. */
  private typeDecl(typeId: number, name: string | null, conf: Conf): DeclResult {
    const m = this.m;
    const tconf: Conf = { ...conf };
    let type = typeId;
    let consts = 0;
    let viaPtr = false;
    const innerStruct = (n: string | null) => {
      tconf.prefix = null;
      tconf.suffix = n;
      tconf.emitStats = false;
    };
    if (m.isStructLike(type)) innerStruct(name);
    let r: DeclResult | undefined;
    for (let guard = 0; !r && guard < 64; guard++) {
      const g = m.tag(type);
      switch (g) {
        case Tag.None:
          r = { decl: { k: 'error', text: notFound('type__fprintf', type) } };
          break;
        case Tag.Pointer: {
          const ref = m.ref(type);
          const rg = ref ? m.tag(ref) : Tag.Base;
          if (ref && rg === Tag.None) {
            r = { decl: { k: 'error', text: notFound('type__fprintf', ref) } };
          } else if (ref && rg === Tag.Subroutine) {
            r = { decl: { k: 'fn', ret: tagName(m, m.ref(ref)), params: ftypeParams(m, ref), ptr: true } };
          } else if (ref && m.isStructLike(ref) && m.typeName(ref) === null && !viaPtr) {
            // A pointer to an anonymous type shows the type inline, offsets relative to it.
            name = `* ${name ?? '(null)'}`;
            tconf.relOffset = true;
            tconf.typeSpacing -= 8;
            innerStruct(name);
            type = ref;
            viaPtr = true;
          } else {
            r = { decl: { k: 'type', type: tagName(m, type) } };
          }
          break;
        }
        case Tag.Subroutine:
          r = { decl: { k: 'fn', ret: tagName(m, m.ref(type)), params: ftypeParams(m, type), ptr: false } };
          break;
        case Tag.Const: {
          tconf.typeSpacing -= 6;
          consts++;
          const ref = m.ref(type);
          if (m.tag(ref) !== Tag.None) type = ref;
          else r = { decl: { k: 'type', type: tagName(m, type) } };
          break;
        }
        case Tag.Array:
          r = this.arrayDecl(type, name, tconf);
          break;
        case Tag.Struct:
        case Tag.Union: {
          const n = m.typeName(type);
          if (n !== null) {
            r = { decl: { k: 'tagged', keyword: g === Tag.Struct ? 'struct' : 'union', name: n } };
          } else if (this.expanded > this.limit) {
            // Inline expansion multiplies: an anonymous type used twice in one used twice in...
            // (or reached through its own pointers) grows exponentially from a small file.
            this.cut = true;
            r = { decl: { k: 'type', type: `${g === Tag.Struct ? 'struct' : 'union'} {...}` } };
          } else {
            tconf.typeSpacing -= 8;
            r = { decl: { k: 'inline', ptr: viaPtr }, nested: this.build(type, tconf) };
          }
          break;
        }
        case Tag.Enum: {
          const n = m.typeName(type);
          r = n !== null ? { decl: { k: 'tagged', keyword: 'enum', name: n } } : { decl: this.enumDecl(type, tconf) };
          break;
        }
        default:
          r = { decl: { k: 'type', type: tagName(m, type) } };
      }
    }
    r ??= { decl: { k: 'error', text: '<ERROR: type chain too deep>' } };
    for (let i = 0; i < consts; i++) r = { ...r, decl: { k: 'const', inner: r.decl } };
    return r;
  }

  /** array_type__fprintf: the element's declaration with the dimension after it. */
  private arrayDecl(type: number, name: string | null, tconf: Conf): DeclResult {
    const m = this.m;
    const t = m.t;
    const nelems = t.c[t.entryStart[type]!]!;
    let elem = m.ref(type);
    if (m.tag(elem) === Tag.None) return { decl: { k: 'error', text: notFound('array_type__fprintf', elem) } };
    // Zero-sized arrays of const elements print without the const.
    if (nelems === 0 && m.tag(elem) === Tag.Const) elem = m.ref(elem);
    const sub = this.typeDecl(elem, name, tconf);
    const single = tconf.lastMember && tconf.firstMember;
    const dims = nelems !== 0 || !tconf.lastMember || single || tconf.unionMember ? `[${nelems}]` : '[]';
    const r: DeclResult = { decl: { k: 'array', elem: sub.decl, dims } };
    if (sub.nested) r.nested = sub.nested;
    return r;
  }

  private enumDecl(type: number, tconf: Conf): MemberDecl {
    const t = this.m.t;
    const e0 = t.entryStart[type]!;
    const is64 = t.kind[type] === BtfKind.Enum64;
    const values: { name: string; value: string }[] = [];
    for (let i = 0; i < t.vlen[type]!; i++) {
      // pahole 1.24's BTF loader never marks enums signed: values print unsigned.
      const v = is64 ? ((BigInt(t.c[e0 + i]!) << 32n) | BigInt(t.b[e0 + i]!)).toString() : String(t.b[e0 + i]! >>> 0);
      values.push({ name: t.str(t.a[e0 + i]!), value: v });
    }
    return {
      k: 'enum',
      values,
      byteSize: t.sizeOrType[type] || 4,
      indent: Math.min(tconf.indent, MAX_INDENT),
      suffix: tconf.suffix,
    };
  }
}

/** A compact C spelling of a member's type for tables (`char[16]`, `void (*)(int)`). */
export function declTypeName(d: MemberDecl, nestedKind: 'struct' | 'union' = 'struct'): string {
  switch (d.k) {
    case 'type':
      return d.type.trimEnd();
    case 'tagged':
      return `${d.keyword} ${d.name}`;
    case 'const':
      return `const ${declTypeName(d.inner, nestedKind)}`;
    case 'fn':
      return `${d.ret} (${d.ptr ? '*' : ''})${d.params}`;
    case 'array':
      return declTypeName(d.elem, nestedKind) + d.dims;
    case 'inline':
      return d.ptr ? `${nestedKind} {...} *` : `${nestedKind} {...}`;
    case 'enum':
      return 'enum {...}';
    case 'error':
      return d.text;
  }
}
