/**
 * Rows of the layout table and blocks of the byte map, from a StructLayout (core's pahole
 * model): members (nested anonymous structs and unions expanded, indented), holes and bit
 * holes after the members that leave them, tail padding, and cacheline boundary markers.
 * Pure, so it is unit-tested and reusable with a layout from a share link.
 */
import type { LayoutMember, StructLayout } from '../../core/index';

export type LayoutRow =
  | { kind: 'member'; depth: number; m: LayoutMember; typeKey: string | undefined }
  | { kind: 'hole'; depth: number; byteOffset: number; byteSize: number }
  | { kind: 'bit-hole'; depth: number; bits: number }
  | { kind: 'padding'; depth: number; byteOffset: number; byteSize: number; bits: number }
  | { kind: 'cacheline'; depth: number; line: number; byteOffset: number };

const C_WORDS = new Set(['void', 'char', 'short', 'int', 'long', 'unsigned', 'signed', 'float', 'double', '_Bool', 'const', 'volatile']);

/** The type a member's C type names, as a type key ('struct:list_head', 'atomic_t'), if any. */
export function typeKeyOfTypeName(typeName: string): string | undefined {
  const tagged = /^(?:const\s+|volatile\s+)*(struct|union|enum)\s+([A-Za-z_]\w*)/.exec(typeName);
  if (tagged) return `${tagged[1]}:${tagged[2]}`;
  const bare = /^(?:const\s+|volatile\s+)*([A-Za-z_]\w*)\s*[*[\]0-9 ]*$/.exec(typeName);
  return bare && !C_WORDS.has(bare[1]!) ? bare[1] : undefined;
}

export function layoutRows(layout: StructLayout): LayoutRow[] {
  const rows: LayoutRow[] = [];
  const line = layout.cachelineBytes;
  let cacheline = 0;
  const walk = (l: StructLayout, depth: number) => {
    const isUnion = l.kind === 'union';
    if (l.preHoleBytes > 0) rows.push({ kind: 'hole', depth, byteOffset: l.baseByteOffset, byteSize: l.preHoleBytes });
    if (l.preBitHoleBits > 0) rows.push({ kind: 'bit-hole', depth, bits: l.preBitHoleBits });
    for (const m of l.members) {
      const lineOf = Math.floor(m.absByteOffset / line);
      if (!isUnion && lineOf > cacheline) {
        cacheline = lineOf;
        rows.push({ kind: 'cacheline', depth, line: lineOf, byteOffset: lineOf * line });
      }
      rows.push({ kind: 'member', depth, m, typeKey: m.nested ? undefined : typeKeyOfTypeName(m.typeName) });
      if (m.nested) walk(m.nested, depth + 1);
      if (!isUnion && m.holeBytesAfter > 0) {
        rows.push({ kind: 'hole', depth, byteOffset: m.absByteOffset + m.byteSize, byteSize: m.holeBytesAfter });
      }
      if (!isUnion && m.bitHoleBitsAfter > 0) rows.push({ kind: 'bit-hole', depth, bits: m.bitHoleBitsAfter });
    }
    if (l.paddingBytes > 0 || l.bitPaddingBits > 0) {
      rows.push({ kind: 'padding', depth, byteOffset: l.baseByteOffset + l.byteSize - l.paddingBytes, byteSize: l.paddingBytes, bits: l.bitPaddingBits });
    }
  };
  walk(layout, 0);
  return rows;
}

export interface ByteBlock {
  kind: 'member' | 'hole' | 'padding';
  label: string;
  /** Bit-precise start and length, in bytes (fractions for bitfields). */
  start: number;
  length: number;
  colorIndex: number;
  title: string;
}

/** Blocks of the byte map: leaf members (nested structs flattened; unions as one block), holes, padding. */
export function byteBlocks(layout: StructLayout): ByteBlock[] {
  const blocks: ByteBlock[] = [];
  let color = 0;
  const walk = (l: StructLayout, prefix: string) => {
    for (const m of l.members) {
      const name = m.name ? prefix + m.name : prefix + '(anon)';
      if (m.nested && m.nested.kind === 'struct') {
        walk(m.nested, m.name ? `${name}.` : prefix);
      } else {
        const bitBase = (m.absByteOffset - m.byteOffset) * 8 + m.bitOffset;
        const start = m.bitfieldSize ? bitBase / 8 : m.absByteOffset;
        const length = m.bitfieldSize ? m.bitfieldSize / 8 : m.byteSize;
        const where = m.bitfieldSize ? `bits ${bitBase}..${bitBase + m.bitfieldSize - 1}` : `bytes ${m.absByteOffset}..${m.absByteOffset + m.byteSize - 1}`;
        blocks.push({ kind: 'member', label: name, start, length, colorIndex: color++, title: `${name}: ${m.typeName}, ${where}` });
      }
      if (l.kind === 'struct' && m.holeBytesAfter > 0) {
        const at = m.absByteOffset + m.byteSize;
        blocks.push({ kind: 'hole', label: 'hole', start: at, length: m.holeBytesAfter, colorIndex: 0, title: `hole: ${m.holeBytesAfter} bytes at ${at}` });
      }
    }
    if (l.preHoleBytes > 0) {
      blocks.push({ kind: 'hole', label: 'hole', start: l.baseByteOffset, length: l.preHoleBytes, colorIndex: 0, title: `hole: ${l.preHoleBytes} bytes at ${l.baseByteOffset}` });
    }
    if (l.paddingBytes > 0) {
      const at = l.baseByteOffset + l.byteSize - l.paddingBytes;
      blocks.push({ kind: 'padding', label: 'padding', start: at, length: l.paddingBytes, colorIndex: 0, title: `padding: ${l.paddingBytes} bytes at ${at}` });
    }
  };
  walk(layout, '');
  return blocks;
}
