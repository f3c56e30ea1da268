/**
 * Bounds-checked, endian-aware reads over a Uint8Array view (never copies).
 *
 * Every read checks the range and throws `ParseError(Truncated)` naming the offset and
 * what was being read, e.g. "expected 12 more bytes at 0x3f20 reading btf_member".
 */
import { ErrorCode, ParseError, hex } from '../diagnostics';

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;

  constructor(bytes: Uint8Array, littleEndian = true) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.littleEndian = littleEndian;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset+size) lies inside the buffer. */
  need(offset: number, size: number, what: string): void {
    if (!(offset >= 0 && size >= 0 && offset + size <= this.bytes.length)) {
      const have = Math.max(0, this.bytes.length - Math.max(0, offset));
      throw new ParseError(
        ErrorCode.Truncated,
        `expected ${size - have} more bytes at ${hex(offset)} reading ${what}; the file may be truncated`,
        offset,
      );
    }
  }

  u8(offset: number, what = 'u8'): number {
    this.need(offset, 1, what);
    return this.bytes[offset]!;
  }
  u16(offset: number, what = 'u16'): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset, this.littleEndian);
  }
  i16(offset: number, what = 'i16'): number {
    this.need(offset, 2, what);
    return this.view.getInt16(offset, this.littleEndian);
  }
  u32(offset: number, what = 'u32'): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset, this.littleEndian);
  }
  i32(offset: number, what = 'i32'): number {
    this.need(offset, 4, what);
    return this.view.getInt32(offset, this.littleEndian);
  }
  u64(offset: number, what = 'u64'): bigint {
    this.need(offset, 8, what);
    return this.view.getBigUint64(offset, this.littleEndian);
  }
  /** A u64 as a JS number; throws if it exceeds 2^53 (no file we read can be that big). */
  u64n(offset: number, what = 'u64'): number {
    const v = this.u64(offset, what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ParseError(ErrorCode.BadHeader, `${what} at ${hex(offset)} is implausibly large (${v})`, offset);
    }
    return Number(v);
  }
  /**
   * A u64 that is an address, not a size or offset: exact up to 2^53, rounded above (kernel
   * virtual addresses, 0xffffffff8…, are that large and must not fail a parse).
   */
  u64addr(offset: number, what = 'u64'): number {
    return Number(this.u64(offset, what));
  }
  /** A sub-view sharing memory. */
  slice(offset: number, size: number, what: string): Uint8Array {
    this.need(offset, size, what);
    return this.bytes.subarray(offset, offset + size);
  }
}

/** The little-endian u32 at `o` (callers check bounds; a byte past the end reads as 0). */
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Reads a NUL-terminated string starting at `offset` within `bytes[start, end)`. */
export function readCString(bytes: Uint8Array, offset: number, end = bytes.length): string {
  // A caller's end comes from a header (a NOBITS string table may claim any size): the bytes bound it.
  if (end > bytes.length) end = bytes.length;
  let i = offset;
  while (i < end && bytes[i] !== 0) i++;
  if (i === offset) return '';
  // Fast path for ASCII, which is what kernels' names are.
  if (i - offset < 64) {
    let s = '';
    for (let j = offset; j < i; j++) {
      const c = bytes[j]!;
      if (c >= 0x80) return utf8.decode(bytes.subarray(offset, i));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(bytes.subarray(offset, i));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
