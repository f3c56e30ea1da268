/**
 * Recognising split BTF opened without its base: a kernel module's `.BTF` continues the
 * type ids and string offsets of the vmlinux it was built for (kernel Documentation/bpf/
 * btf.rst, "split BTF"), so parsed alone its strings do not start with "" and its type
 * references point past its own types. Callers turn that into one diagnostic naming what
 * is needed, instead of one error per type.
 */
import type { Btf } from './btf';
import type { ElfFile } from '../elf/elf-file';
import { ErrorCode } from '../diagnostics';

/** True when a BTF parsed without a base looks like split BTF: its string section does not start with "". */
export function looksLikeSplitBtf(btf: Btf): boolean {
  return btf.base === undefined && btf.ownStringBytes > 0 && btf.str(0) !== '';
}

/** Codes a split BTF parsed without its base produces; they say nothing more than "needs its base". */
export const SPLIT_SYMPTOMS: ReadonlySet<string> = new Set<string>([
  ErrorCode.BadStringSection,
  ErrorCode.BadTypeId,
  ErrorCode.BadStringOffset,
  ErrorCode.ReferenceCycle,
  // The kernel-rule checks read the base's ids as other types (or none) and fail too.
  ErrorCode.BadTypeRef,
  ErrorCode.MemberOutOfBounds,
  ErrorCode.BadMemberOffset,
  ErrorCode.BadBitfield,
  ErrorCode.SizeOverflow,
  ErrorCode.ContainsItself,
  ErrorCode.BadTypeSize,
]);

/**
 * The kernel release a module was built for, from `.modinfo`'s `vermagic=` entry (its first
 * word, e.g. `6.1.0-13-amd64`); undefined when absent or unreadable.
 */
export function moduleRelease(elf: ElfFile): string | undefined {
  const sec = elf.sectionByName('.modinfo');
  if (!sec || sec.offset + sec.byteSize > elf.bytes.length) return undefined;
  const data = elf.bytes.subarray(sec.offset, sec.offset + Math.min(sec.byteSize, 1 << 20));
  for (let i = 0; i < data.length; ) {
    let end = data.indexOf(0, i);
    if (end < 0) end = data.length;
    let s = '';
    for (let k = i; k < end && k < i + 256; k++) s += String.fromCharCode(data[k]!);
    if (s.startsWith('vermagic=')) {
      const word = s.slice(9).split(' ')[0] ?? '';
      return /^[0-9][0-9A-Za-z.+_~-]*$/.test(word) ? word : undefined;
    }
    i = end + 1;
  }
  return undefined;
}
