/**
 * The uncompressed size of an .xz file, read from its Index without decompressing anything
 * (the .xz file format: §2.1.2 Stream Footer, §3 Stream Padding, §4 Index). Used for a determinate
 * progress bar and an early size-limit check.
 *
 * It is a hint: the Index is not checked against the blocks here (the decoder does that), so a
 * caller must not allocate by it. Anything that does not look like a well-formed chain of
 * streams (trailing bytes after a vmlinuz payload, a truncated file) gives `undefined`.
 */

const HEADER_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const HEADER_SIZE = 12;
const FOOTER_SIZE = 12;
/** Concatenated streams we walk at most; real files have one. */
const MAX_STREAMS = 1024;

/** Sum of the Index's Uncompressed Size fields over all streams, or undefined. */
export function xzUncompressedSize(bytes: Uint8Array): number | undefined {
  let end = bytes.length;
  let total = 0;
  for (let streams = 0; ; streams++) {
    // Stream Padding: null bytes, a multiple of four, between and after streams.
    const padEnd = end;
    while (end > 0 && bytes[end - 1] === 0) end--;
    if ((padEnd - end) % 4 !== 0) return undefined; // a footer ends in 'YZ', so these zeros are all padding
    if (end === 0) return streams > 0 ? total : undefined;
    if (streams === MAX_STREAMS) return undefined;
    if (end < HEADER_SIZE + FOOTER_SIZE) return undefined;
    const footer = end - FOOTER_SIZE;
    if (bytes[end - 2] !== 0x59 || bytes[end - 1] !== 0x5a) return undefined; // 'YZ'
    const indexSize = (u32le(bytes, footer + 4) + 1) * 4;
    const indexStart = footer - indexSize;
    if (indexStart < HEADER_SIZE) return undefined;
    const index = readIndex(bytes, indexStart, footer);
    if (!index) return undefined;
    const start = indexStart - index.blocksSize - HEADER_SIZE;
    if (start < 0 || !HEADER_MAGIC.every((b, i) => bytes[start + i] === b)) return undefined;
    total += index.uncompressed;
    if (total > Number.MAX_SAFE_INTEGER) return undefined;
    end = start;
  }
}

function readIndex(bytes: Uint8Array, start: number, end: number): { uncompressed: number; blocksSize: number } | undefined {
  if (bytes[start] !== 0) return undefined; // Index Indicator
  let pos = start + 1;
  const next = (): number | undefined => {
    // Multibyte integer: 7 bits a byte, little-endian, at most 9 bytes.
    let value = 0;
    for (let i = 0, scale = 1; i < 9 && pos < end; i++, scale *= 128) {
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value <= Number.MAX_SAFE_INTEGER ? value : undefined;
    }
    return undefined;
  };
  const count = next();
  // Each record takes at least two bytes.
  if (count === undefined || count > (end - pos) / 2) return undefined;
  let uncompressed = 0;
  let blocksSize = 0;
  for (let i = 0; i < count; i++) {
    const unpadded = next();
    const size = next();
    if (unpadded === undefined || size === undefined || unpadded === 0) return undefined;
    blocksSize += Math.ceil(unpadded / 4) * 4;
    uncompressed += size;
  }
  // Index Padding to a multiple of four, then the CRC32.
  while ((pos - start) % 4 !== 0) if (bytes[pos++] !== 0) return undefined;
  if (pos + 4 !== end) return undefined;
  return { uncompressed, blocksSize };
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
