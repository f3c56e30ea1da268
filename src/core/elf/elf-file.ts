/**
 * ELF reader: header, section headers and names, symbol tables (System V gABI, "ELF
 * Header" and "Sections" chapters). Handles ELF32 and ELF64 in either byte order, as
 * vmlinux images, kernel modules and .bpf.o objects come in all of them.
 *
 * Section contents are views into the input (never copied). Every header field that sizes
 * something is checked against the file before it is used.
 */
import { ByteReader, readCString } from '../bytes/byte-reader';
import { type Diagnostic, ErrorCode, ParseError, type ParseResult, hex, toDiagnostic } from '../diagnostics';

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

export const SectionType = {
  Null: 0,
  Progbits: 1,
  Symtab: 2,
  Strtab: 3,
  Rela: 4,
  Nobits: 8,
  Rel: 9,
} as const;

export const SHF_EXECINSTR = 0x4;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  /** Load address: exact up to 2^53 (a vmlinux's are kernel addresses, rounded). */
  addr: number;
  /** File offset of the contents. */
  offset: number;
  byteSize: number;
  link: number;
  info: number;
  entSize: number;
}

export interface ElfSymbol {
  index: number;
  name: string;
  /** st_value: exact up to 2^53 (a vmlinux's symbols are kernel addresses, rounded). */
  value: number;
  size: number;
  /** STB_* from st_info >> 4. */
  bind: number;
  /** STT_* from st_info & 0xf. */
  type: number;
  shndx: number;
}

export const STT_FUNC = 2;
export const STT_SECTION = 3;

/** A parsed ELF file (32/64-bit, either byte order): header fields, sections, symbols. */
export interface ElfFile {
  bytes: Uint8Array;
  is64: boolean;
  littleEndian: boolean;
  /** e_machine: 247 is EM_BPF, 62 EM_X86_64, 183 EM_AARCH64. */
  machine: number;
  /** e_type: 1 relocatable (.o/.ko), 2 executable (vmlinux). */
  type: number;
  sections: ElfSection[];
  /** The first section of that name. */
  sectionByName(name: string): ElfSection | undefined;
  /** Contents of a section as a view; empty for SHT_NOBITS. Throws ParseError when out of bounds. */
  contents(section: ElfSection): Uint8Array;
  /** The symbol table (empty without one). */
  symbols(): ElfSymbol[];
  reader: ByteReader;
}

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ELF_MAGIC.every((b, i) => bytes[i] === b);
}

export function parseElf(bytes: Uint8Array): ParseResult<ElfFile> {
  const diags: Diagnostic[] = [];
  try {
    return { value: parseElfOrThrow(bytes, diags), diagnostics: diags };
  } catch (e) {
    diags.push(toDiagnostic(e, 'ELF'));
    return { diagnostics: diags };
  }
}

function parseElfOrThrow(bytes: Uint8Array, diags: Diagnostic[]): ElfFile {
  if (!isElf(bytes)) throw new ParseError(ErrorCode.BadMagic, 'not an ELF file (no 7f 45 4c 46 magic)', 0);
  const head = new ByteReader(bytes, true);
  const cls = head.u8(4, 'e_ident[EI_CLASS]');
  const data = head.u8(5, 'e_ident[EI_DATA]');
  if (cls !== 1 && cls !== 2) throw new ParseError(ErrorCode.BadElf, `unknown ELF class ${cls}`, 4);
  if (data !== 1 && data !== 2) throw new ParseError(ErrorCode.BadElf, `unknown ELF data encoding ${data}`, 5);
  const is64 = cls === 2;
  const le = data === 1;
  const r = new ByteReader(bytes, le);
  const type = r.u16(16, 'e_type');
  const machine = r.u16(18, 'e_machine');
  const shoff = is64 ? r.u64n(0x28, 'e_shoff') : r.u32(0x20, 'e_shoff');
  const shentsize = r.u16(is64 ? 0x3a : 0x2e, 'e_shentsize');
  let shnum = r.u16(is64 ? 0x3c : 0x30, 'e_shnum');
  let shstrndx = r.u16(is64 ? 0x3e : 0x32, 'e_shstrndx');
  const minEnt = is64 ? 64 : 40;
  if (shoff === 0) throw new ParseError(ErrorCode.BadElf, 'ELF file has no section header table', is64 ? 0x28 : 0x20);
  if (shentsize < minEnt) throw new ParseError(ErrorCode.BadElf, `e_shentsize ${shentsize} is smaller than ${minEnt}`, is64 ? 0x3a : 0x2e);
  // Extended numbering: e_shnum 0 / e_shstrndx SHN_XINDEX live in section 0's header.
  if (shnum === 0) {
    r.need(shoff, minEnt, 'section header 0');
    shnum = is64 ? r.u64n(shoff + 0x20, 'sh_size') : r.u32(shoff + 0x14, 'sh_size');
  }
  if (shstrndx === 0xffff) shstrndx = r.u32(shoff + (is64 ? 0x28 : 0x18), 'sh_link');
  if (shnum * shentsize > bytes.length - Math.min(shoff, bytes.length)) {
    throw new ParseError(
      ErrorCode.Truncated,
      `section header table (${shnum} × ${shentsize} bytes at ${hex(shoff)}) runs past the end of the ${bytes.length}-byte file; the file may be truncated`,
      shoff,
    );
  }
  const sections: (ElfSection & { nameOff?: number })[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push(
      is64
        ? {
            index: i,
            name: '',
            type: r.u32(o + 4),
            flags: r.u64addr(o + 8),
            addr: r.u64addr(o + 0x10),
            offset: r.u64n(o + 0x18),
            byteSize: r.u64n(o + 0x20),
            link: r.u32(o + 0x28),
            info: r.u32(o + 0x2c),
            entSize: r.u64n(o + 0x38),
            nameOff: r.u32(o),
          }
        : {
            index: i,
            name: '',
            type: r.u32(o + 4),
            flags: r.u32(o + 8),
            addr: r.u32(o + 0xc),
            offset: r.u32(o + 0x10),
            byteSize: r.u32(o + 0x14),
            link: r.u32(o + 0x18),
            info: r.u32(o + 0x1c),
            entSize: r.u32(o + 0x24),
            nameOff: r.u32(o),
          },
    );
  }
  const inBounds = (s: ElfSection) => s.type === SectionType.Nobits || s.offset + s.byteSize <= bytes.length;
  const strtab = sections[shstrndx];
  // A NOBITS section has no bytes in the file, whatever size it claims: it holds no names.
  if (strtab && strtab.type !== SectionType.Nobits && inBounds(strtab)) {
    const end = strtab.offset + strtab.byteSize;
    for (const s of sections) {
      const off = strtab.offset + (s.nameOff ?? 0);
      s.name = off < end ? readCString(bytes, off, end) : '';
      delete s.nameOff;
    }
  } else {
    diags.push({ severity: 'error', code: ErrorCode.BadElf, message: `section name table (index ${shstrndx}) is missing or out of bounds`, offset: shoff });
  }
  for (const s of sections) {
    if (!inBounds(s)) {
      diags.push({
        severity: 'warning',
        code: ErrorCode.SectionOutOfBounds,
        message: `section ${s.name || '#' + s.index} (${s.byteSize} bytes at ${hex(s.offset)}) runs past the end of the file`,
        offset: s.offset,
        section: s.name,
      });
    }
  }
  const contents = (s: ElfSection): Uint8Array => {
    if (s.type === SectionType.Nobits) return new Uint8Array(0);
    return r.slice(s.offset, s.byteSize, `section ${s.name}`);
  };
  let syms: ElfSymbol[] | undefined;
  return {
    bytes,
    is64,
    littleEndian: le,
    machine,
    type,
    sections,
    sectionByName: (name) => sections.find((s) => s.name === name),
    contents,
    symbols: () => (syms ??= readSymbols(r, sections, is64)),
    reader: r,
  };
}

function readSymbols(r: ByteReader, sections: ElfSection[], is64: boolean): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SectionType.Symtab);
  if (!symtab) return [];
  const strtab = sections[symtab.link];
  const entSize = is64 ? 24 : 16;
  const count = Math.floor(symtab.byteSize / entSize);
  r.need(symtab.offset, count * entSize, 'symbol table');
  const strStart = strtab ? strtab.offset : 0;
  const strEnd = strtab ? Math.min(strtab.offset + strtab.byteSize, r.length) : 0;
  const out: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const o = symtab.offset + i * entSize;
    const nameOff = r.u32(o);
    const info = is64 ? r.u8(o + 4) : r.u8(o + 12);
    const nameAt = strStart + nameOff;
    out.push({
      index: i,
      name: strtab && nameAt < strEnd ? readCString(r.bytes, nameAt, strEnd) : '',
      value: is64 ? r.u64addr(o + 8) : r.u32(o + 4),
      size: is64 ? r.u64n(o + 16) : r.u32(o + 8),
      bind: info >> 4,
      type: info & 0xf,
      shndx: is64 ? r.u16(o + 6) : r.u16(o + 14),
    });
  }
  return out;
}
