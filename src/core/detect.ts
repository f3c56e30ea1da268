/**
 * sniff(bytes): what a file is, from its magic bytes — never from its name.
 * Peeks only; consumes nothing.
 */
import { sniffBtfEndian } from './btf/btf-header';
import { isElf } from './elf/elf-file';

export type FileFormat = 'elf' | 'raw-btf' | 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'lz4' | 'tar' | 'unknown';

export function sniff(bytes: Uint8Array): FileFormat {
  const b = bytes;
  if (isElf(b)) return 'elf';
  if (sniffBtfEndian(b) !== undefined && b.length >= 8) return 'raw-btf';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0) return 'xz';
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2';
  if (b.length >= 4 && b[0] === 0x04 && b[1] === 0x22 && b[2] === 0x4d && b[3] === 0x18) return 'lz4';
  // POSIX tar: "ustar" at offset 257.
  if (b.length >= 262 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72) return 'tar';
  return 'unknown';
}

export const ACCEPTED_FORMATS =
  'raw BTF (/sys/kernel/btf/vmlinux), ELF files with a .BTF section (vmlinux, kernel modules, .bpf.o), kernel images (vmlinuz: x86 bzImage, arm64 Image, EFI zboot), and gzip/xz/zstd/tar packings of them';
