/**
 * Where the BTF is in a kernel image that is not an ELF file:
 * - an x86 bzImage carries the vmlinux ELF compressed after its setup code;
 * - an EFI zboot image (arm64, riscv, loongarch with CONFIG_EFI_ZBOOT) carries a compressed
 *   raw Image;
 * - a raw Image (Debian's arm64 vmlinuz, or what a gzip'd Image.gz or a zboot payload holds)
 *   has no sections at all: its .BTF is a BTF blob somewhere in the image's read-only data,
 *   found by its header.
 */
import { u32le } from '../bytes/byte-reader';
import type { FileFormat } from '../detect';
import { sniff } from '../detect';

export interface KernelPayload {
  offset: number;
  /** End of the payload: what follows (decompressor code, a size trailer) is not part of it. */
  end: number;
  format: FileFormat;
  /** Layer name for `UnpackedFile.layers`. */
  layer: string;
  /**
   * The decompressed size the kernel's build appended to the payload (scripts/Makefile.lib
   * `size_append`), when there is one. A kernel's zstd frame does not record its size, and
   * without it fzstd decodes a 128 MiB-window frame many times slower.
   */
  sizeHint?: number;
}

/** The compressed payload of a bzImage or an EFI zboot image, or undefined. */
export function findKernelPayload(bytes: Uint8Array): KernelPayload | undefined {
  return bzImagePayload(bytes) ?? zbootPayload(bytes);
}

/**
 * A bzImage ("HdrS" setup header). Boot protocol 2.08+ gives the payload's place and length;
 * older images are scanned for a stream magic.
 */
function bzImagePayload(bytes: Uint8Array): KernelPayload | undefined {
  const isBzImage = bytes.length > 0x250 && bytes[0x202] === 0x48 && bytes[0x203] === 0x64 && bytes[0x204] === 0x72 && bytes[0x205] === 0x53;
  if (!isBzImage) return undefined;
  const version = bytes[0x206]! | (bytes[0x207]! << 8);
  if (version >= 0x208) {
    // payload_offset counts from the protected-mode code, after setup_sects (0 means 4) + 1 sectors.
    const offset = ((bytes[0x1f1] || 4) + 1) * 512 + u32le(bytes, 0x248);
    const end = offset + u32le(bytes, 0x24c);
    const format = end <= bytes.length && end > offset + 6 ? sniff(bytes.subarray(offset, offset + 6)) : 'unknown';
    // payload_length counts the 4-byte size trailer (arch/x86/boot/compressed/mkpiggy.c).
    if (format === 'xz' || format === 'zstd' || format === 'gzip') return { offset, end, format, layer: `vmlinuz@${offset}`, sizeHint: u32le(bytes, end - 4) };
  }
  const limit = Math.min(bytes.length - 6, 64 << 20);
  for (let i = 0x200; i < limit; i++) {
    const b = bytes[i];
    let format: FileFormat | undefined;
    if (b === 0xfd && bytes[i + 1] === 0x37 && bytes[i + 2] === 0x7a && bytes[i + 3] === 0x58 && bytes[i + 4] === 0x5a && bytes[i + 5] === 0) format = 'xz';
    else if (b === 0x28 && bytes[i + 1] === 0xb5 && bytes[i + 2] === 0x2f && bytes[i + 3] === 0xfd) format = 'zstd';
    else if (b === 0x1f && bytes[i + 1] === 0x8b && bytes[i + 2] === 0x08) format = 'gzip';
    if (format) return { offset: i, end: bytes.length, format, layer: `vmlinuz@${i}` };
  }
  return undefined;
}

/**
 * EFI zboot (drivers/firmware/efi/libstub/zboot-header.S): "MZ", "zimg" at 4, then the
 * payload's offset (8) and size (12), and its compression's name at 0x18.
 */
function zbootPayload(bytes: Uint8Array): KernelPayload | undefined {
  if (bytes.length < 0x40 || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return undefined;
  if (bytes[4] !== 0x7a || bytes[5] !== 0x69 || bytes[6] !== 0x6d || bytes[7] !== 0x67) return undefined; // "zimg"
  const offset = u32le(bytes, 8);
  const end = offset + u32le(bytes, 12);
  if (offset < 0x40 || end > bytes.length || end <= offset) return undefined;
  let name = '';
  for (let i = 0x18; i < 0x28 && bytes[i] !== 0; i++) name += String.fromCharCode(bytes[i]!);
  // The header's size leaves out the 4-byte size trailer that follows the payload.
  const sizeHint = end + 4 <= bytes.length ? u32le(bytes, end) : undefined;
  return { offset, end, format: sniff(bytes.subarray(offset, Math.min(end, offset + 262))), layer: `zboot:${name || '?'}@${offset}`, sizeHint };
}

/** Smallest plausible vmlinux BTF: anything smaller in an image is a stray magic. */
const MIN_EMBEDDED_BTF = 1024;

/**
 * The largest well-formed BTF blob inside `bytes` (a raw kernel Image), or undefined. A
 * candidate needs the magic in either byte order, version 1, a header of 24..256 bytes and
 * type and string sections inside the file, the strings starting and ending with NUL.
 */
export function findEmbeddedBtf(bytes: Uint8Array): { offset: number; size: number } | undefined {
  let best: { offset: number; size: number } | undefined;
  for (const [m0, m1] of [
    [0x9f, 0xeb],
    [0xeb, 0x9f],
  ] as const) {
    const le = m0 === 0x9f;
    for (let i = bytes.indexOf(m0); i >= 0 && i + 24 <= bytes.length; i = bytes.indexOf(m0, i + 1)) {
      if (bytes[i + 1] !== m1 || bytes[i + 2] !== 1) continue;
      const size = embeddedBtfSize(bytes, i, le);
      if (size !== undefined && size >= MIN_EMBEDDED_BTF && (!best || size > best.size)) best = { offset: i, size };
    }
  }
  return best;
}

function embeddedBtfSize(bytes: Uint8Array, at: number, le: boolean): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, Math.min(bytes.length - at, 24));
  const u32 = (o: number) => view.getUint32(o, le);
  const hdrLen = u32(4);
  const typeOff = u32(8);
  const typeLen = u32(12);
  const strOff = u32(16);
  const strLen = u32(20);
  if (hdrLen < 24 || hdrLen > 256 || hdrLen % 4 !== 0 || typeOff % 4 !== 0 || strLen === 0) return undefined;
  const size = hdrLen + Math.max(typeOff + typeLen, strOff + strLen);
  if (at + size > bytes.length) return undefined;
  const s0 = at + hdrLen + strOff;
  return bytes[s0] === 0 && bytes[s0 + strLen - 1] === 0 ? size : undefined;
}
