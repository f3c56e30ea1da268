/**
 * The frames of a zstd stream (RFC 8878 §3.1), found by walking frame and block headers
 * without decoding anything: where each ends, the decompressed size it declares and the
 * checksum it carries. A vmlinuz's zstd payload is followed by the kernel's own trailer (its
 * decompressed size, then padding), which fzstd rejects as a bad frame: the caller decodes
 * exactly the frames and ignores what follows. fzstd checks no checksum; the caller does.
 */

import { u32le } from '../bytes/byte-reader';

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A5? (any low nibble), then a 4-byte size. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_FRAMES = 1 << 16;

export interface ZstdFrame {
  start: number;
  end: number;
  /** Frame_Content_Size, when the frame declares it. */
  contentSize?: number;
  /** Content_Checksum: the low 32 bits of the XXH64 of the frame's output, when present. */
  checksum?: number;
  /** Window_Size from the Window_Descriptor (absent for single-segment frames). */
  windowSize?: number;
}

/**
 * The data frames of the consecutive frames that start at 0 (skippable frames are passed
 * over), and where the last one ends; undefined when the bytes do not start with a whole
 * frame. Everything after `end` is not zstd.
 */
export function zstdFrames(bytes: Uint8Array): { frames: ZstdFrame[]; end: number } | undefined {
  let pos = 0;
  let count = 0;
  const frames: ZstdFrame[] = [];
  while (pos + 4 <= bytes.length && count < MAX_FRAMES) {
    const magic = u32le(bytes, pos);
    let end: number | undefined;
    if (magic === ZSTD_MAGIC) {
      const f = frameAt(bytes, pos);
      if (f) frames.push(f);
      end = f?.end;
    } else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC && pos + 8 <= bytes.length) {
      end = pos + 8 + u32le(bytes, pos + 4);
    }
    if (end === undefined || end > bytes.length) break;
    pos = end;
    count++;
  }
  return count > 0 ? { frames, end: pos } : undefined;
}

/** The frame at `start` (its magic already checked), or undefined if truncated or malformed. */
function frameAt(bytes: Uint8Array, start: number): ZstdFrame | undefined {
  let pos = start + 4;
  if (pos >= bytes.length) return undefined;
  const fhd = bytes[pos++]!;
  if (fhd & 0x08) return undefined; // reserved bit
  const singleSegment = (fhd >> 5) & 1;
  const hasChecksum = (fhd >> 2) & 1;
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6]!;
  let windowSize: number | undefined;
  if (!singleSegment) {
    if (pos >= bytes.length) return undefined;
    const wd = bytes[pos]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  pos += (singleSegment ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  let contentSize: number | undefined;
  if (fcsSize > 0) {
    if (pos + fcsSize > bytes.length) return undefined;
    let v = 0;
    for (let i = fcsSize - 1; i >= 0; i--) v = v * 256 + bytes[pos + i]!;
    contentSize = fcsSize === 2 ? v + 256 : v;
  }
  pos += fcsSize;
  for (;;) {
    if (pos + 3 > bytes.length) return undefined;
    const h = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16);
    pos += 3;
    const type = (h >> 1) & 3;
    if (type === 3) return undefined; // reserved block type
    pos += type === 1 ? 1 : h >>> 3; // RLE blocks store one byte
    if (pos > bytes.length) return undefined;
    if (h & 1) break; // last block
  }
  let checksum: number | undefined;
  if (hasChecksum) {
    if (pos + 4 > bytes.length) return undefined;
    checksum = u32le(bytes, pos);
    pos += 4;
  }
  return { start, end: pos, contentSize, checksum, windowSize };
}
