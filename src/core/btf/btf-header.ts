/**
 * The `struct btf_header` at the start of every BTF blob (btf.rst "2.1 String encoding"
 * and include/uapi/linux/btf.h). Offsets in the header are relative to the header's end.
 *
 * hdr_len may be larger than the fields we know: the 2026 format appends
 * `layout_off`/`layout_len`, describing a section of per-kind record sizes that lets a
 * reader skip kinds it does not know.
 */
import { ByteReader } from '../bytes/byte-reader';
import { type Diagnostic, ErrorCode, ParseError, hex } from '../diagnostics';

export const BTF_MAGIC = 0xeb9f;
export const BTF_HEADER_MIN = 24;
export const BTF_HEADER_WITH_LAYOUT = 32;

export interface BtfHeader {
  magic: number;
  version: number;
  flags: number;
  hdrLen: number;
  typeOff: number;
  typeLen: number;
  strOff: number;
  strLen: number;
  /** Present when hdr_len >= 32 (the 2026 layout section); 0 otherwise. */
  layoutOff: number;
  layoutLen: number;
  littleEndian: boolean;
}

/** Detects byte order from the magic; undefined when the bytes are not BTF. */
export function sniffBtfEndian(bytes: Uint8Array): boolean | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0x9f && bytes[1] === 0xeb) return true;
  if (bytes[0] === 0xeb && bytes[1] === 0x9f) return false;
  return undefined;
}

/** Parses and checks the header; throws ParseError for anything that makes the blob unreadable. */
export function parseBtfHeader(bytes: Uint8Array, diags: Diagnostic[]): BtfHeader {
  const le = sniffBtfEndian(bytes);
  if (le === undefined) {
    throw new ParseError(
      ErrorCode.BadMagic,
      bytes.length < 2
        ? `file is ${bytes.length} bytes, too short for a BTF header`
        : `bad BTF magic ${hex((bytes[0]! << 8) | bytes[1]!)}, expected 0xeb9f in either byte order`,
      0,
    );
  }
  const r = new ByteReader(bytes, le);
  const version = r.u8(2, 'btf_header.version');
  if (version !== 1) {
    throw new ParseError(ErrorCode.UnsupportedVersion, `BTF version ${version} is not supported (only version 1 exists)`, 2);
  }
  const flags = r.u8(3, 'btf_header.flags');
  const hdrLen = r.u32(4, 'btf_header.hdr_len');
  if (hdrLen < BTF_HEADER_MIN) {
    throw new ParseError(ErrorCode.BadHeader, `BTF hdr_len ${hdrLen} is smaller than the 24-byte header`, 4);
  }
  r.need(0, Math.min(hdrLen, BTF_HEADER_WITH_LAYOUT), 'btf_header');
  if (hdrLen > bytes.length) {
    throw new ParseError(ErrorCode.Truncated, `BTF hdr_len ${hdrLen} is past the end of the ${bytes.length}-byte blob`, 4);
  }
  const h: BtfHeader = {
    magic: BTF_MAGIC,
    version,
    flags,
    hdrLen,
    typeOff: r.u32(8),
    typeLen: r.u32(12),
    strOff: r.u32(16),
    strLen: r.u32(20),
    layoutOff: 0,
    layoutLen: 0,
    littleEndian: le,
  };
  if (hdrLen >= BTF_HEADER_WITH_LAYOUT) {
    h.layoutOff = r.u32(24);
    h.layoutLen = r.u32(28);
  }
  for (let o = Math.max(BTF_HEADER_MIN, hdrLen >= BTF_HEADER_WITH_LAYOUT ? BTF_HEADER_WITH_LAYOUT : BTF_HEADER_MIN); o < hdrLen; o++) {
    if (bytes[o] !== 0) {
      diags.push({
        severity: 'warning',
        code: ErrorCode.BadHeader,
        message: `BTF header has ${hdrLen - BTF_HEADER_WITH_LAYOUT} bytes of unknown non-zero fields; they were ignored`,
        offset: o,
      });
      break;
    }
  }
  if (flags !== 0) {
    diags.push({ severity: 'warning', code: ErrorCode.BadHeader, message: `BTF header flags ${hex(flags)} are not zero`, offset: 3 });
  }
  if (h.typeOff % 4 !== 0) {
    diags.push({ severity: 'warning', code: ErrorCode.BadHeader, message: `BTF type_off ${h.typeOff} is not 4-byte aligned`, offset: 8 });
  }
  return h;
}
