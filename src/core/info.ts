/** Summary facts about a BTF blob for `btfscope info` and the UI's file badge. */
import type { Btf } from './btf/btf';
import { BtfKind, KIND_NAMES } from './btf/btf-kinds';
import type { BtfHeader } from './btf/btf-header';

export interface BtfInfo {
  byteOrder: 'little-endian' | 'big-endian';
  header: BtfHeader;
  typeSectionBytes: number;
  stringSectionBytes: number;
  ownTypeCount: number;
  startId: number;
  isSplit: boolean;
  baseTypeCount: number;
  /** Number of own types per kind name (bpftool spelling). */
  kindCounts: Record<string, number>;
  /** Largest named structs/unions, by byte size, descending. */
  largest: { id: number; kind: 'struct' | 'union'; name: string; byteSize: number }[];
}

export function computeBtfInfo(btf: Btf, largestCount = 10): BtfInfo {
  const counts = new Uint32Array(128);
  const top: { id: number; byteSize: number }[] = [];
  let minTop = -1;
  // One pass over the raw record headers: this runs on every load, 130k types, often cold, so
  // it reads one byte per record (bits 24..31 of `info`: its last byte, or first in big-endian).
  const n = btf.ownTypeCount;
  const offsets = btf.ownRecordOffsets();
  const bytes = btf.bytes;
  const infoTop = btf.littleEndian ? 7 : 4;
  for (let i = 0; i < n; i++) {
    const k = bytes[offsets[i]! + infoTop]! & 0x7f;
    counts[k]++;
    if (largestCount > 0 && (k === BtfKind.Struct || k === BtfKind.Union) && btf.ownNameOffAt(i) !== 0) {
      const id = btf.startId + i;
      const size = btf.ownSizeOrTypeAt(i);
      if (top.length < largestCount || size > minTop) {
        top.push({ id, byteSize: size });
        top.sort((a, b) => b.byteSize - a.byteSize || a.id - b.id);
        if (top.length > largestCount) top.pop();
        minTop = top[top.length - 1]!.byteSize;
      }
    }
  }
  const kindCounts: Record<string, number> = {};
  counts.forEach((n, k) => {
    if (n) kindCounts[KIND_NAMES[k] ?? `KIND_${k}`] = n;
  });
  return {
    byteOrder: btf.littleEndian ? 'little-endian' : 'big-endian',
    header: btf.header,
    typeSectionBytes: btf.typeEnd - btf.typeStart,
    stringSectionBytes: btf.ownStringBytes,
    ownTypeCount: btf.ownTypeCount,
    startId: btf.startId,
    isSplit: btf.base !== undefined,
    baseTypeCount: btf.base ? btf.base.typeCount : 0,
    kindCounts,
    largest: top.map((t) => ({
      id: t.id,
      kind: btf.kind(t.id) === BtfKind.Struct ? 'struct' : 'union',
      name: btf.name(t.id),
      byteSize: t.byteSize,
    })),
  };
}

export function formatBtfInfo(info: BtfInfo): string {
  const h = info.header;
  const lines = [
    `byte order:      ${info.byteOrder}`,
    `header:          magic=0x${h.magic.toString(16)} version=${h.version} flags=0x${h.flags.toString(16)} hdr_len=${h.hdrLen}`,
    `type section:    off=${h.typeOff} len=${h.typeLen}`,
    `string section:  off=${h.strOff} len=${h.strLen}`,
  ];
  if (h.hdrLen >= 32) lines.push(`layout section:  off=${h.layoutOff} len=${h.layoutLen}`);
  lines.push(
    info.isSplit
      ? `types:           ${info.ownTypeCount} (split BTF: ids ${info.startId}..${info.startId + info.ownTypeCount - 1} on a base of ${info.baseTypeCount - 1})`
      : `types:           ${info.ownTypeCount}`,
    'kinds:',
  );
  for (const [k, n] of Object.entries(info.kindCounts)) lines.push(`  ${k.padEnd(12)} ${n}`);
  if (info.largest.length) {
    lines.push('largest structs and unions:');
    for (const t of info.largest) lines.push(`  ${String(t.byteSize).padStart(8)}  ${t.kind} ${t.name} [${t.id}]`);
  }
  return lines.join('\n') + '\n';
}
