/**
 * pahole-style text of a `StructLayout`, as `pahole -F btf` 1.24 prints it
 * (dwarves_fprintf.c `__class__fprintf`, `union__fprintf`, `class_member__fprintf`,
 * `enumeration__fprintf`): member lines with `/* offset size *\/` comments in fixed
 * columns, `XXX` hole and padding notes, cacheline boundary markers, and the summary.
 *
 * Pure: works on the layout data only (the UI formats layouts it received from the worker).
 */
import type { LayoutMember, MemberDecl, StructLayout } from './layout-types';
import { padEnd } from './pahole-names';

const TABS = '\t'.repeat(16);
const tabs = (n: number) => TABS.slice(0, Math.max(0, Math.min(n, 16)));
const plural = (n: number) => (n !== 1 ? 's' : '');
const padStart = (n: number, w: number) => String(n).padStart(w);

/** The layout as pahole prints it, ending in ";\n". */
export function formatPaholeLayout(layout: StructLayout): string {
  return new PaholePrinter(layout.cachelineBytes).type(layout) + ';\n';
}

class PaholePrinter {
  /** pahole's shared `cachelinep`: the last cacheline a boundary was printed for. */
  private cacheline = 0;

  constructor(private readonly line: number) {}

  type(l: StructLayout): string {
    return l.kind === 'union' ? this.union(l) : this.struct(l);
  }

  private header(l: StructLayout): string {
    const p = l.print;
    return `${p.prefix ? p.prefix + ' ' : ''}${l.kind}${l.name ? ' ' + l.name : ''} {\n`;
  }

  private union(l: StructLayout): string {
    const mi = tabs(l.print.indent + 1);
    const parts = [this.header(l)];
    const initial = this.cacheline;
    for (const m of l.members) {
      parts.push(mi, this.member(m, l), '\n');
      // Each member of a union starts again from the union's cacheline.
      this.cacheline = initial;
    }
    parts.push(tabs(l.print.indent), '}', l.print.suffix ? ' ' + l.print.suffix : '');
    return parts.join('');
  }

  private struct(l: StructLayout): string {
    const p = l.print;
    const mi = tabs(p.indent + 1);
    const out = [this.header(l)];
    let newline = false;
    const note = (s: string) => {
      if (!newline) out.push('\n');
      newline = true;
      out.push(s);
    };
    if (l.preBitHoleBits > 0) note(`${mi}/* XXX ${l.preBitHoleBits} bit${plural(l.preBitHoleBits)} hole, try to pack */\n`);
    if (l.preHoleBytes > 0) note(`${mi}/* XXX ${l.preHoleBytes} byte${plural(l.preHoleBytes)} hole, try to pack */\n`);

    let last: LayoutMember | undefined;
    let lastSize = 0;
    for (const pos of l.members) {
      if (last && lastSize !== 0) {
        if (last.bitHoleBitsAfter !== 0 && pos.bitfieldSize) {
          // An explicit `type :N` filler, or `:0` to force the next storage unit.
          let bits = last.bitHoleBitsAfter;
          if (last.byteOffset !== pos.byteOffset) {
            out.push(`\n${mi}/* Force alignment to the next boundary: */\n`);
            bits = 0;
          }
          out.push(mi, this.decl(pos.decl, '', p.typeSpacing), `:${bits};\n`);
        }
        if (
          pos.byteOffset < last.byteOffset ||
          (pos.byteOffset === last.byteOffset && last.bitfieldSize === 0 && pos.bitfieldSize !== 0)
        ) {
          note(`${mi}/* Bitfield combined with previous fields */\n`);
        } else {
          const cc = pos.byteOffset - last.byteOffset;
          if (cc > 0 && cc < lastSize) note(`${mi}/* Bitfield combined with next fields */\n`);
        }
      }
      if (newline) {
        out.push('\n');
        newline = false;
      }
      out.push(mi, this.member(pos, l));
      if (pos.typePaddingBytes > 0) {
        note(`\n${mi}/* XXX last struct has ${pos.typePaddingBytes} byte${plural(pos.typePaddingBytes)} of padding */`);
      }
      if (pos.bitHoleBitsAfter !== 0) {
        note(`\n${mi}/* XXX ${pos.bitHoleBitsAfter} bit${plural(pos.bitHoleBitsAfter)} hole, try to pack */`);
      }
      if (pos.holeBytesAfter > 0) {
        note(`\n${mi}/* XXX ${pos.holeBytesAfter} byte${plural(pos.holeBytesAfter)} hole, try to pack */`);
      }
      out.push('\n');
      if (!last || lastSize === 0 || last.byteOffset !== pos.byteOffset) lastSize = pos.byteSize;
      else if (last.bitfieldSize === 0 && pos.bitfieldSize !== 0) lastSize = pos.byteSize;
      last = pos;
    }
    if (p.emitStats) out.push(summary(l, mi));
    out.push(tabs(p.indent), '}');
    if (l.isPacked) out.push(' __attribute__((__packed__))');
    if (p.suffix) out.push(' ' + p.suffix);
    if (l.alignment !== 0 && !l.isPacked) out.push(` __attribute__((__aligned__(${l.alignment})))`);
    return out.join('');
  }

  /** class__fprintf_cacheline_boundary. */
  private boundary(offset: number, indent: string): string {
    const cl = Math.floor(offset / this.line);
    if (cl <= this.cacheline) return '';
    this.cacheline = cl;
    const pos = offset % this.line;
    const at = offset - pos;
    const s =
      pos === 0
        ? `/* --- cacheline ${cl} boundary (${at} bytes) --- */\n`
        : `/* --- cacheline ${cl} boundary (${at} bytes) was ${pos} byte${pos > 1 ? 's' : ''} ago --- */\n`;
    return s + indent;
  }

  /** class_member__fprintf: one member, from after its indent to the end of its comment. */
  private member(m: LayoutMember, parent: StructLayout): string {
    const S = parent.print.typeSpacing;
    const N = parent.print.nameSpacing;
    const boundary = this.boundary(m.absByteOffset, tabs(parent.print.indent + 1));
    const d = m.decl;
    const anonAggregate = (d.k === 'inline' && !d.ptr) || d.k === 'enum';
    let txt: string;
    // Inline anonymous types are followed by the member name (if any); the rest print it.
    if (anonAggregate) txt = this.decl(d, null, S, m) + (m.name ? ' ' + m.name : '');
    else txt = this.decl(d, m.name || null, S, m);
    if (m.bitfieldSize) txt += `:${m.bitfieldSize}`;
    const attr = m.alignment ? ` __attribute__((__aligned__(${m.alignment})))` : '';
    txt += attr + ';';
    let spaces: number;
    if (anonAggregate) {
      let slen = attr.length + (m.name ? m.name.length : -1);
      if (m.nested && m.nested.kind === 'struct' && m.nested.isPacked) slen += 28; // sizeof("__attribute__((__packed__))")
      // printf("%*s", w, " ") with a negative w left-justifies in |w| columns.
      spaces = Math.abs(S + N - slen - 3);
    } else {
      spaces = S + N - txt.length;
    }
    const comment = m.bitfieldSize
      ? `/* ${padStart(m.absByteOffset, 5)}:${padStart(m.bitfieldOffset, 2)} ${padStart(m.byteSize, 2)} */`
      : `/* ${padStart(m.absByteOffset, 5)} ${padStart(m.byteSize, 5)} */`;
    return boundary + txt + ' '.repeat(Math.max(spaces, 1)) + comment;
  }

  /** type__fprintf's text for a declaration with `name` (null prints as pahole's "(null)"). */
  private decl(d: MemberDecl, name: string | null, S: number, m?: LayoutMember): string {
    switch (d.k) {
      case 'type':
        return `${padEnd(d.type, S)} ${name ?? '(null)'}`;
      case 'tagged':
        return `${d.keyword} ${padEnd(d.name, S - d.keyword.length - 1)} ${name ?? ''}`;
      case 'const':
        return 'const ' + this.decl(d.inner, name, S - 6, m);
      case 'fn':
        return `${padEnd(d.ret, S)} (${d.ptr ? '*' : ''}${name ?? ''})${d.params}`;
      case 'array':
        return this.decl(d.elem, name, S, m) + d.dims;
      case 'inline':
        return m?.nested ? this.type(m.nested) : '<ERROR: missing nested layout>';
      case 'enum':
        return formatEnum(d);
      case 'error':
        return `${padEnd('<ERROR', S)}> ${name ?? ''}`;
    }
  }
}

function formatEnum(d: Extract<MemberDecl, { k: 'enum' }>): string {
  if (!d.values.length) return 'enum';
  const w = Math.max(...d.values.map((v) => v.name.length));
  const ind = tabs(d.indent);
  const parts = ['enum {\n'];
  for (const v of d.values) parts.push(`${ind}\t${padEnd(v.name, w)} = ${v.value},\n`);
  parts.push(ind, '}');
  if (d.byteSize !== 4) parts.push(' __attribute__((__packed__))');
  if (d.suffix) parts.push(' ' + d.suffix);
  return parts.join('');
}

/** The `/* size: ... *\/` block (type__fprintf_stats and the rest of __class__fprintf). */
function summary(l: StructLayout, mi: string): string {
  const out = [`\n${mi}/* size: ${l.byteSize}, cachelines: ${l.cachelines}, members: ${l.memberCount} */\n`];
  if (l.holeBytes > 0 || l.bitHoleBits > 0) {
    if (l.sumMemberBytes > 0) {
      const holes = l.holeBytes > 0 ? `, holes: ${l.holes}, sum holes: ${l.holeBytes}` : '';
      out.push(`${mi}/* sum members: ${l.sumMemberBytes}${holes} */\n`);
    }
    if (l.sumBitfieldBits > 0) {
      const bits =
        l.bitHoleBits > 0
          ? `, bit holes: ${l.bitHoles}, sum bit holes: ${l.bitHoleBits} bits`
          : ` (${Math.floor(l.sumBitfieldBits / 8)} bytes)`;
      out.push(`${mi}/* sum bitfield members: ${l.sumBitfieldBits} bits${bits} */\n`);
    }
  }
  if (l.paddingBytes > 0) out.push(`${mi}/* padding: ${l.paddingBytes} */\n`);
  if (l.paddings > 0) out.push(`${mi}/* paddings: ${l.paddings}, sum paddings: ${l.paddingSumBytes} */\n`);
  if (l.bitPaddingBits > 0) out.push(`${mi}/* bit_padding: ${l.bitPaddingBits} bits */\n`);
  if (l.forcedAlignments !== 0) {
    const holes = l.forcedHoles !== 0 ? `, forced holes: ${l.forcedHoles}, sum forced holes: ${l.forcedHoleBytes}` : '';
    out.push(`${mi}/* forced alignments: ${l.forcedAlignments}${holes} */\n`);
  }
  if (l.lastCachelineBytes !== 0) out.push(`${mi}/* last cacheline: ${l.lastCachelineBytes} bytes */\n`);
  const diff =
    (l.byteSize * 8 -
      (l.sumMemberBytes * 8 + l.sumBitfieldBits + l.holeBytes * 8 + l.bitHoleBits + l.paddingBytes * 8 + l.bitPaddingBits)) |
    0;
  if (diff && l.memberCount !== 0) {
    out.push(
      `\n${mi}/* BRAIN FART ALERT! ${l.byteSize} bytes != ${l.sumMemberBytes} (member bytes) + ${l.sumBitfieldBits} (member bits) + ${l.holeBytes} (byte holes) + ${l.bitHoleBits} (bit holes), diff = ${diff} bits */\n`,
    );
  }
  return out.join('');
}
