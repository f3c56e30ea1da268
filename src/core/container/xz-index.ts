/**
 * The layout of an .xz file read from its Stream Footers and Indexes, without decompressing
 * anything (the .xz file format: §2.1 Stream Header and Footer, §3 Block, §4 Index): where
 * each block and its check lie, and how big its output is. Used for a determinate progress
 * bar, an early size-limit check, finding the end of a vmlinuz's xz payload (the kernel's
 * size trailer follows it) and re-wrapping blocks whose filters the decoder lacks
 * (xz-filters.ts).
 *
 * Sizes are hints until the decoder has checked them against the blocks: a caller must not
 * allocate by them. Anything that does not look like a well-formed chain of streams gives
 * `undefined`.
 */
import { u32le } from '../bytes/byte-reader';
import { crc32 } from './crc';

export const XZ_HEADER_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const HEADER_SIZE = 12;
const FOOTER_SIZE = 12;
/** Concatenated streams we walk at most; real files have one. */
const MAX_STREAMS = 1024;
/** How far before the end a vmlinuz's xz footer is looked for (the kernel's trailer is 4 bytes). */
const TRAILING_SCAN = 64 << 10;

export interface XzBlockInfo {
  /** Offset of the Block Header, and its size in bytes. */
  header: number;
  headerSize: number;
  /** Compressed data: offset and size (without Block Padding). */
  data: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the block's check (checkSize bytes). */
  check: number;
}

export interface XzStreamInfo {
  start: number;
  /** Check type (0 none, 1 CRC32, 4 CRC64, 10 SHA-256) and its size in bytes. */
  checkType: number;
  checkSize: number;
  blocks: XzBlockInfo[];
}

export interface XzLayout {
  streams: XzStreamInfo[];
  /** End of the last stream's footer (and its padding): what follows is not xz. */
  end: number;
  uncompressed: number;
}

/** Sum of the Index's Uncompressed Size fields over all streams, or undefined. */
export function xzUncompressedSize(bytes: Uint8Array): number | undefined {
  return readXzLayout(bytes)?.uncompressed;
}

/**
 * The streams of `bytes`, which must start with one. With `allowTrailing`, bytes after the
 * last stream that are not Stream Padding are skipped (a vmlinuz payload); otherwise they
 * make the layout unreadable.
 */
export function readXzLayout(bytes: Uint8Array, allowTrailing = false): XzLayout | undefined {
  let end = bytes.length;
  // Stream Padding: zeros, a multiple of four (a footer ends in 'YZ', so all are padding).
  while (end > 0 && bytes[end - 1] === 0) end--;
  let last = (bytes.length - end) % 4 === 0 ? footerAt(bytes, end) : undefined;
  if (last === undefined && allowTrailing) {
    for (let p = end - 2; p >= Math.max(HEADER_SIZE + FOOTER_SIZE - 2, end - TRAILING_SCAN) && last === undefined; p--) {
      if (bytes[p] === 0x59 && bytes[p + 1] === 0x5a) {
        last = footerAt(bytes, p + 2);
        if (last !== undefined) end = p + 2;
      }
    }
  }
  if (last === undefined) return undefined;
  const layoutEnd = end;
  const streams: XzStreamInfo[] = [];
  let uncompressed = 0;
  for (let n = 0; ; n++) {
    if (n === MAX_STREAMS) return undefined;
    const s = streamEndingAt(bytes, end);
    if (!s) return undefined;
    streams.unshift(s.stream);
    uncompressed += s.uncompressed;
    if (uncompressed > Number.MAX_SAFE_INTEGER) return undefined;
    end = s.stream.start;
    // Stream Padding between streams: zeros, a multiple of four.
    const padEnd = end;
    while (end > 0 && bytes[end - 1] === 0) end--;
    if ((padEnd - end) % 4 !== 0) return undefined;
    if (end === 0) break;
  }
  return { streams, end: layoutEnd, uncompressed };
}

/** The check type of a valid Stream Footer ending at `end`, or undefined. */
function footerAt(bytes: Uint8Array, end: number): number | undefined {
  const f = end - FOOTER_SIZE;
  if (f < HEADER_SIZE || bytes[end - 2] !== 0x59 || bytes[end - 1] !== 0x5a) return undefined; // 'YZ'
  if (bytes[f + 8] !== 0 || bytes[f + 9]! > 0x0f) return undefined;
  return crc32(bytes, f + 4, f + 10) === u32le(bytes, f) ? bytes[f + 9] : undefined;
}

function streamEndingAt(bytes: Uint8Array, end: number): { stream: XzStreamInfo; uncompressed: number } | undefined {
  const checkType = footerAt(bytes, end);
  if (checkType === undefined) return undefined;
  const footer = end - FOOTER_SIZE;
  const indexStart = footer - (u32le(bytes, footer + 4) + 1) * 4;
  if (indexStart < HEADER_SIZE) return undefined;
  const records = readIndex(bytes, indexStart, footer);
  if (!records) return undefined;
  const checkSize = CHECK_SIZES[checkType]!;
  let blocksSize = 0;
  for (let i = 0; i < records.length; i += 2) blocksSize += Math.ceil(records[i]! / 4) * 4;
  const start = indexStart - blocksSize - HEADER_SIZE;
  if (start < 0 || !XZ_HEADER_MAGIC.every((b, i) => bytes[start + i] === b)) return undefined;
  if (bytes[start + 6] !== 0 || bytes[start + 7] !== checkType) return undefined;
  const blocks: XzBlockInfo[] = [];
  let pos = start + HEADER_SIZE;
  let uncompressed = 0;
  for (let i = 0; i < records.length; i += 2) {
    const unpadded = records[i]!;
    const headerSize = (bytes[pos]! + 1) * 4;
    const compressedSize = unpadded - headerSize - checkSize;
    if (bytes[pos] === 0 || compressedSize <= 0) return undefined;
    const check = pos + Math.ceil((headerSize + compressedSize) / 4) * 4;
    blocks.push({ header: pos, headerSize, data: pos + headerSize, compressedSize, uncompressedSize: records[i + 1]!, check });
    uncompressed += records[i + 1]!;
    pos = check + checkSize;
  }
  return pos === indexStart ? { stream: { start, checkType, checkSize, blocks }, uncompressed } : undefined;
}

/** Check sizes by check type (§2.1.1.2: the ID's group sets the size). */
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];

/** The Index's records as [unpadded, uncompressed, …], or undefined. */
function readIndex(bytes: Uint8Array, start: number, end: number): number[] | undefined {
  if (bytes[start] !== 0) return undefined; // Index Indicator
  const r = { pos: start + 1 };
  const count = readVli(bytes, r, end);
  // Each record takes at least two bytes.
  if (count === undefined || count > (end - r.pos) / 2) return undefined;
  const records: number[] = [];
  for (let i = 0; i < count; i++) {
    const unpadded = readVli(bytes, r, end);
    const size = readVli(bytes, r, end);
    if (unpadded === undefined || size === undefined || unpadded === 0) return undefined;
    records.push(unpadded, size);
  }
  // Index Padding to a multiple of four, then the CRC32.
  while ((r.pos - start) % 4 !== 0) if (bytes[r.pos++] !== 0) return undefined;
  if (r.pos + 4 !== end) return undefined;
  return records;
}

/** A multibyte integer (7 bits a byte, little-endian, at most 9 bytes) at `r.pos`. */
export function readVli(bytes: Uint8Array, r: { pos: number }, end: number): number | undefined {
  let value = 0;
  for (let i = 0, scale = 1; i < 9 && r.pos < end; i++, scale *= 128) {
    const b = bytes[r.pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value <= Number.MAX_SAFE_INTEGER ? value : undefined;
  }
  return undefined;
}
