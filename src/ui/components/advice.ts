/**
 * Advice the UI adds to core's neutral diagnostic messages, keyed on the stable code
 * (never on message text). The CLI has its own wording for the same codes.
 */
const ADVICE: Record<string, string> = {
  truncated: 'The file ends early — it may have been cut off while copying or downloading. Copy it again.',
  'bad-magic': 'This is not BTF. Drop /sys/kernel/btf/vmlinux, a vmlinux, a .ko or a .bpf.o.',
  'unsupported-version': 'This BTF version is newer than btfscope understands. Try a newer btfscope.',
  'bad-header': 'The BTF header is damaged; the file may be corrupt.',
  'section-out-of-bounds': 'A section points past the end of the file; the file may be truncated or corrupt.',
  'unknown-kind': 'The file uses a BTF kind this btfscope does not know. Try a newer btfscope.',
  'bad-type-id': 'A type refers to a type id that does not exist: a corrupt file, or split BTF without its base.',
  'bad-string-offset': 'A name points outside the string section: a corrupt file, or split BTF without its vmlinux.',
  'bad-string-section': 'The string section is malformed. If this is a kernel module, drop its vmlinux too.',
  'absurd-count': 'A count in the file is impossibly large; the file is corrupt.',
  'reference-cycle': 'Types refer to each other in a loop; the file is corrupt.',
  'unsupported-format':
    'btfscope reads raw BTF (/sys/kernel/btf/vmlinux), ELF files with a .BTF section (vmlinux, .ko, .bpf.o) and their .gz/.xz/.zst/.tar packings, or a vmlinuz.',
  'no-btf': 'The file has no .BTF section: rebuild with CONFIG_DEBUG_INFO_BTF=y (kernels) or clang -g (BPF objects).',
  'bad-elf': 'The ELF structure is damaged; the file may be truncated.',
  'missing-base': 'This is split BTF (a kernel module): drop the vmlinux it was built for.',
  'bad-btf-ext': 'The .BTF.ext section is damaged: types still show, relocations may not.',
  'decompress-failed': 'The compressed data is damaged or uses an unsupported option (bzip2 and lz4 are not supported).',
  'internal-error': 'This is a btfscope bug. Please report it with the file facts shown here.',
  'worker-crashed': 'The background parser stopped (perhaps out of memory). Reload the page and try again.',
  'protocol-mismatch': 'The page and its worker come from different builds. Reload the page.',
  'unknown-sample': 'The link comes from a btfscope with other bundled samples; the start page lists the ones here.',
};

export function adviceFor(code: string): string | undefined {
  return ADVICE[code];
}
