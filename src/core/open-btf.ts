/**
 * openBtf: the sniff → parse facade for any file that carries BTF.
 *
 * Raw BTF is parsed as is; an ELF file (vmlinux, module, .bpf.o) has its `.BTF` section
 * parsed and its `.BTF.ext` section kept reachable for the relocation engine. Compressed
 * packings are unwrapped by the callers (see container/), since they are async-free but
 * large; this function only takes the bytes of the file that holds BTF.
 */
import type { Btf } from './btf/btf';
import { parseBtf } from './btf/parse-btf';
import { type Diagnostic, ErrorCode, type ParseResult, catchSection } from './diagnostics';
import { ACCEPTED_FORMATS, sniff } from './detect';
import { type ElfFile, parseElf } from './elf/elf-file';

export interface BtfSource {
  btf: Btf;
  format: 'raw-btf' | 'elf';
  /** The ELF file when the BTF came from one. */
  elf?: ElfFile;
  /** Raw `.BTF.ext` bytes of an ELF object, if present. */
  btfExt?: Uint8Array;
  /** File offset of the `.BTF` section (0 for raw BTF): diagnostics' offsets are relative to it. */
  btfFileOffset: number;
}

export interface OpenBtfOptions {
  base?: Btf;
}

export function openBtf(bytes: Uint8Array, opts: OpenBtfOptions = {}): ParseResult<BtfSource> {
  const format = sniff(bytes);
  if (format === 'raw-btf') {
    const r = parseBtf(bytes, opts);
    return { value: r.value && { btf: r.value, format, btfFileOffset: 0 }, diagnostics: r.diagnostics };
  }
  if (format === 'elf') {
    const diags: Diagnostic[] = [];
    const er = parseElf(bytes);
    diags.push(...er.diagnostics);
    const elf = er.value;
    if (!elf) return { diagnostics: diags };
    const sec = elf.sectionByName('.BTF');
    if (!sec) {
      diags.push({ severity: 'error', code: ErrorCode.NoBtf, message: 'the ELF file has no .BTF section (built without BTF, or stripped)' });
      return { diagnostics: diags };
    }
    const data = catchSection(diags, '.BTF', () => elf.contents(sec));
    if (!data) return { diagnostics: diags };
    const r = parseBtf(data, opts);
    for (const d of r.diagnostics) diags.push(d.offset !== undefined ? { ...d, offset: d.offset + sec.offset, section: '.BTF' } : { ...d, section: '.BTF' });
    if (!r.value) return { diagnostics: diags };
    const extSec = elf.sectionByName('.BTF.ext');
    const btfExt = extSec ? catchSection(diags, '.BTF.ext', () => elf.contents(extSec)) : undefined;
    const value: BtfSource = { btf: r.value, format, elf, btfFileOffset: sec.offset };
    if (btfExt) value.btfExt = btfExt;
    return { value, diagnostics: diags };
  }
  const what = format === 'unknown' ? 'an unknown format' : `${format} data`;
  return {
    diagnostics: [
      {
        severity: 'error',
        code: format === 'unknown' ? ErrorCode.UnsupportedFormat : ErrorCode.UnsupportedFormat,
        message: `this file is ${what}; btfscope reads ${ACCEPTED_FORMATS}`,
        offset: 0,
      },
    ],
  };
}
