/**
 * The numbers in pahole's text, independent of its formatting: per top-level block the
 * member offsets/sizes, hole notes, cacheline boundaries and summary values. Used to check
 * the layout engine against recorded `pahole -F btf -a -A` output, and the same extraction
 * from our StructLayout objects (`layoutNumbers`) for comparison.
 */
import type { StructLayout } from '../layout-types';

export interface BlockNumbers {
  header: string;
  /** [printed offset, bit position or -1, size] in print order. */
  members: [number, number, number][];
  holes: number[];
  bitHoles: number[];
  lastStructPaddings: number[];
  boundaries: [number, number][];
  summaries: Record<string, number>[];
}

const MEMBER = /\/\*\s+(\d+)(?::\s*(\d+))?\s+(\d+) \*\/$/;
const BOUNDARY = /\/\* --- cacheline (\d+) boundary \((\d+) bytes\)/;
const SUMMARY: [RegExp, string[]][] = [
  [/\/\* size: (\d+), cachelines: (\d+), members: (\d+) \*\//, ['size', 'cachelines', 'members']],
  [/\/\* sum members: (\d+)(?:, holes: (\d+), sum holes: (\d+))? \*\//, ['sumMembers', 'holes', 'sumHoles']],
  [
    /\/\* sum bitfield members: (\d+) bits(?:, bit holes: (\d+), sum bit holes: (\d+) bits| \((\d+) bytes\)) \*\//,
    ['sumBits', 'bitHoles', 'sumBitHoles', 'sumBitsBytes'],
  ],
  [/\/\* padding: (\d+) \*\//, ['padding']],
  [/\/\* paddings: (\d+), sum paddings: (\d+) \*\//, ['paddings', 'sumPaddings']],
  [/\/\* bit_padding: (\d+) bits \*\//, ['bitPadding']],
  [/\/\* forced alignments: (\d+)(?:, forced holes: (\d+), sum forced holes: (\d+))? \*\//, ['forced', 'forcedHoles', 'sumForcedHoles']],
  [/\/\* last cacheline: (\d+) bytes \*\//, ['lastCacheline']],
];

/** Splits pahole output into top-level blocks and extracts their numbers. */
export function parsePaholeNumbers(text: string): BlockNumbers[] {
  const blocks: BlockNumbers[] = [];
  let cur: BlockNumbers | undefined;
  let summary: Record<string, number> | undefined;
  for (const line of text.split('\n')) {
    if (!cur) {
      if (!line) continue;
      cur = { header: line, members: [], holes: [], bitHoles: [], lastStructPaddings: [], boundaries: [], summaries: [] };
      continue;
    }
    if (line.startsWith('}')) {
      blocks.push(cur);
      cur = undefined;
      summary = undefined;
      continue;
    }
    let m: RegExpExecArray | null;
    let inSummary = false;
    for (const [re, keys] of SUMMARY) {
      if (!(m = re.exec(line))) continue;
      inSummary = true;
      if (keys[0] === 'size') cur.summaries.push((summary = {}));
      keys.forEach((k, i) => {
        if (m![i + 1] !== undefined) summary![k] = Number(m![i + 1]);
      });
    }
    if (inSummary) continue;
    if ((m = /XXX (\d+) bytes? hole/.exec(line))) cur.holes.push(Number(m[1]));
    else if ((m = /XXX (\d+) bits? hole/.exec(line))) cur.bitHoles.push(Number(m[1]));
    else if ((m = /XXX last struct has (\d+) bytes? of padding/.exec(line))) cur.lastStructPaddings.push(Number(m[1]));
    else if ((m = BOUNDARY.exec(line))) cur.boundaries.push([Number(m[1]), Number(m[2])]);
    else if ((m = MEMBER.exec(line))) cur.members.push([Number(m[1]), m[2] === undefined ? -1 : Number(m[2]), Number(m[3])]);
  }
  return blocks;
}

/** The same numbers read from our layout (printing conditions as pahole's). */
export function layoutNumbers(l: StructLayout): Omit<BlockNumbers, 'header'> {
  const out: Omit<BlockNumbers, 'header'> = { members: [], holes: [], bitHoles: [], lastStructPaddings: [], boundaries: [], summaries: [] };
  let cacheline = 0;
  const line = l.cachelineBytes;
  const walk = (s: StructLayout) => {
    if (s.kind === 'struct') {
      if (s.preBitHoleBits > 0) out.bitHoles.push(s.preBitHoleBits);
      if (s.preHoleBytes > 0) out.holes.push(s.preHoleBytes);
    }
    const start = cacheline;
    for (const m of s.members) {
      const cl = Math.floor(m.absByteOffset / line);
      if (cl > cacheline) {
        out.boundaries.push([cl, cl * line]);
        cacheline = cl;
      }
      if (m.nested) walk(m.nested);
      out.members.push([m.absByteOffset, m.bitfieldSize ? m.bitfieldOffset : -1, m.byteSize]);
      if (s.kind === 'union') {
        cacheline = start;
        continue;
      }
      if (m.typePaddingBytes > 0) out.lastStructPaddings.push(m.typePaddingBytes);
      if (m.bitHoleBitsAfter) out.bitHoles.push(m.bitHoleBitsAfter);
      if (m.holeBytesAfter > 0) out.holes.push(m.holeBytesAfter);
    }
    if (s.kind === 'struct' && s.print.emitStats) out.summaries.push(summaryOf(s));
  };
  walk(l);
  return out;
}

function summaryOf(s: StructLayout): Record<string, number> {
  const r: Record<string, number> = { size: s.byteSize, cachelines: s.cachelines, members: s.memberCount };
  if (s.holeBytes > 0 || s.bitHoleBits > 0) {
    if (s.sumMemberBytes > 0) {
      r.sumMembers = s.sumMemberBytes;
      if (s.holeBytes > 0) Object.assign(r, { holes: s.holes, sumHoles: s.holeBytes });
    }
    if (s.sumBitfieldBits > 0) {
      r.sumBits = s.sumBitfieldBits;
      if (s.bitHoleBits > 0) Object.assign(r, { bitHoles: s.bitHoles, sumBitHoles: s.bitHoleBits });
      else r.sumBitsBytes = Math.floor(s.sumBitfieldBits / 8);
    }
  }
  if (s.paddingBytes > 0) r.padding = s.paddingBytes;
  if (s.paddings > 0) Object.assign(r, { paddings: s.paddings, sumPaddings: s.paddingSumBytes });
  if (s.bitPaddingBits > 0) r.bitPadding = s.bitPaddingBits;
  if (s.forcedAlignments) {
    r.forced = s.forcedAlignments;
    if (s.forcedHoles) Object.assign(r, { forcedHoles: s.forcedHoles, sumForcedHoles: s.forcedHoleBytes });
  }
  if (s.lastCachelineBytes) r.lastCacheline = s.lastCachelineBytes;
  return r;
}
