/**
 * Where a run of zstd frames ends (RFC 8878 §3.1), found by walking frame and block headers
 * without decoding anything. A vmlinuz's zstd payload is followed by the kernel's own
 * trailer (its decompressed size, then padding), which fzstd rejects as a bad frame: the
 * caller decodes exactly the frames and ignores what follows.
 */

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A5? (any low nibble), then a 4-byte size. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_FRAMES = 1 << 16;

/**
 * End offset of the consecutive frames that start at 0, or undefined when the bytes do not
 * start with a whole frame. Everything after the returned offset is not zstd.
 */
export function zstdFramesEnd(bytes: Uint8Array): number | undefined {
  let pos = 0;
  let frames = 0;
  while (pos + 4 <= bytes.length && frames < MAX_FRAMES) {
    const magic = u32le(bytes, pos);
    let end: number | undefined;
    if (magic === ZSTD_MAGIC) end = frameEnd(bytes, pos);
    else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC && pos + 8 <= bytes.length) end = pos + 8 + u32le(bytes, pos + 4);
    if (end === undefined || end > bytes.length) break;
    pos = end;
    frames++;
  }
  return frames > 0 ? pos : undefined;
}

/** Whether the zstd frame at 0 records its decompressed size (Frame_Content_Size). */
export function zstdRecordsSize(bytes: Uint8Array): boolean {
  return contentSize(bytes, 0) !== undefined;
}

/**
 * The decompressed size the frames in `bytes[0, end)` declare in all, or undefined when one of
 * them does not declare it.
 */
export function zstdDeclaredSize(bytes: Uint8Array, end = bytes.length): number | undefined {
  let pos = 0;
  let total = 0;
  while (pos < end) {
    const magic = u32le(bytes, pos);
    if (magic === ZSTD_MAGIC) {
      const size = contentSize(bytes, pos);
      if (size === undefined) return undefined;
      total += size;
      pos = frameEnd(bytes, pos) ?? end;
    } else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      pos += 8 + u32le(bytes, pos + 4);
    } else {
      return undefined;
    }
  }
  return total;
}

/** Frame_Content_Size of the frame at `start`, or undefined when it has none. */
function contentSize(bytes: Uint8Array, start: number): number | undefined {
  if (start + 5 > bytes.length || u32le(bytes, start) !== ZSTD_MAGIC) return undefined;
  const fhd = bytes[start + 4]!;
  const singleSegment = (fhd >> 5) & 1;
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6]!;
  if (fcsSize === 0) return undefined;
  const at = start + 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  if (at + fcsSize > bytes.length) return undefined;
  let v = 0;
  for (let i = fcsSize - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!;
  return fcsSize === 2 ? v + 256 : v;
}

/** End of the zstd frame at `start` (its magic already checked), or undefined if truncated or malformed. */
function frameEnd(bytes: Uint8Array, start: number): number | undefined {
  let pos = start + 4;
  if (pos >= bytes.length) return undefined;
  const fhd = bytes[pos++]!;
  if (fhd & 0x08) return undefined; // reserved bit
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd >> 5) & 1;
  const checksum = (fhd >> 2) & 1;
  const dictIdSize = [0, 1, 2, 4][fhd & 3]!;
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  pos += (singleSegment ? 0 : 1) + dictIdSize + fcsSize;
  for (;;) {
    if (pos + 3 > bytes.length) return undefined;
    const h = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16);
    pos += 3;
    const last = h & 1;
    const type = (h >> 1) & 3;
    const size = h >>> 3;
    if (type === 3) return undefined; // reserved block type
    pos += type === 1 ? 1 : size; // RLE blocks store one byte
    if (pos > bytes.length) return undefined;
    if (last) break;
  }
  pos += checksum ? 4 : 0;
  return pos <= bytes.length ? pos : undefined;
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
