/**
 * Walks a tar archive's 512-byte headers (POSIX ustar, GNU and pax alike) and checks that
 * every member's data lies within the archive, before nanotar reads it (nanotar allocates
 * the size a header declares). Spec: POSIX pax "ustar Interchange Format"; GNU tar's
 * base-256 size encoding.
 */
import { type Diagnostic, ErrorCode, hex } from '../diagnostics';

const BLOCK = 512;

function field(bytes: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && bytes[end] !== 0) end++;
  let s = '';
  for (let i = off; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** The size field: octal text, or GNU base-256 when its first byte has the top bit set. */
function memberSize(bytes: Uint8Array, h: number): number | undefined {
  if (bytes[h + 124]! & 0x80) {
    let n = bytes[h + 124]! & 0x7f;
    for (let i = 125; i < 136; i++) n = n * 256 + bytes[h + i]!;
    return n;
  }
  const text = field(bytes, h + 124, 12).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** An error diagnostic for the first member that is cut short or unreadable; undefined if all fit. */
export function checkTarBounds(bytes: Uint8Array): Diagnostic | undefined {
  for (let h = 0; h + BLOCK <= bytes.length; ) {
    // Two zero blocks end the archive; one is enough to stop looking.
    if (bytes.subarray(h, h + BLOCK).every((b) => b === 0)) return undefined;
    const prefix = field(bytes, h + 345, 155);
    const name = (prefix ? prefix + '/' : '') + field(bytes, h, 100);
    const size = memberSize(bytes, h);
    if (size === undefined) {
      return { severity: 'error', code: ErrorCode.BadHeader, message: `tar member '${name}': its size field is not a number`, offset: h + 124 };
    }
    const data = h + BLOCK;
    if (data + size > bytes.length) {
      return {
        severity: 'error',
        code: ErrorCode.Truncated,
        message: `tar member '${name}' (${size} bytes at ${hex(data)}) runs past the end of the ${bytes.length}-byte archive; the file may be truncated`,
        offset: data,
      };
    }
    h = data + Math.ceil(size / BLOCK) * BLOCK;
  }
  const end = bytes.length - (bytes.length % BLOCK);
  if (bytes.length % BLOCK && !bytes.subarray(end).every((b) => b === 0)) {
    return { severity: 'error', code: ErrorCode.Truncated, message: `the tar archive ends inside a header block at ${hex(end)}; the file may be truncated`, offset: end };
  }
  return undefined;
}
