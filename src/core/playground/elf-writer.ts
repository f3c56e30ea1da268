/**
 * A minimal ELF64 relocatable-object writer (System V gABI "ELF Header", "Sections",
 * "Symbol Table"), enough for the playground's synthetic BPF objects: given sections and
 * symbols it lays out contents, one shared string table (like clang's `.strtab`, which
 * also names the sections), the symbol table and the section header table.
 */

export interface ElfSectionInput {
  name: string;
  /** SHT_* (1 PROGBITS, 2 SYMTAB, 3 STRTAB). */
  type: number;
  /** SHF_* (2 ALLOC, 4 EXECINSTR, 1 WRITE). */
  flags: number;
  data: Uint8Array;
  align: number;
}

export interface ElfSymbolInput {
  name: string;
  /** Index into the `sections` given to writeElf (the writer shifts it past its own sections). */
  section: number;
  value: number;
  size: number;
  /** STB_* << 4 | STT_*. */
  info: number;
}

export const EM_BPF = 247;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;

/**
 * Layout: [0] null, [1] .strtab, [2..] the given sections, then .symtab. Symbols are
 * written in the order given after the null symbol; locals must come first.
 */
export function writeElf(sections: readonly ElfSectionInput[], symbols: readonly ElfSymbolInput[], littleEndian = true): Uint8Array {
  const strs: number[] = [0];
  const strOff = new Map<string, number>([['', 0]]);
  const addStr = (s: string): number => {
    const have = strOff.get(s);
    if (have !== undefined) return have;
    const off = strs.length;
    for (const b of new TextEncoder().encode(s)) strs.push(b);
    strs.push(0);
    strOff.set(s, off);
    return off;
  };
  const firstUser = 2;
  const symBytes = new Uint8Array(24 * (symbols.length + 1));
  const sdv = new DataView(symBytes.buffer);
  let firstGlobal = symbols.length + 1;
  symbols.forEach((s, i) => {
    const at = 24 * (i + 1);
    sdv.setUint32(at, addStr(s.name), littleEndian);
    symBytes[at + 4] = s.info;
    sdv.setUint16(at + 6, s.section + firstUser, littleEndian);
    sdv.setBigUint64(at + 8, BigInt(s.value), littleEndian);
    sdv.setBigUint64(at + 16, BigInt(s.size), littleEndian);
    if (s.info >> 4 !== 0 && firstGlobal > i + 1) firstGlobal = i + 1;
  });
  const names = ['', '.strtab', ...sections.map((s) => s.name), '.symtab'].map(addStr);
  const all: (ElfSectionInput & { link?: number; info?: number; entSize?: number })[] = [
    { name: '.strtab', type: SHT_STRTAB, flags: 0, data: Uint8Array.from(strs), align: 1 },
    ...sections,
    { name: '.symtab', type: SHT_SYMTAB, flags: 0, data: symBytes, align: 8, link: 1, info: firstGlobal, entSize: 24 },
  ];
  // .strtab gained the section names above; rebuild its bytes after every addStr.
  all[0]!.data = Uint8Array.from(strs);

  let end = 64;
  const offsets = all.map((s) => {
    end = Math.ceil(end / s.align) * s.align;
    const at = end;
    end += s.data.length;
    return at;
  });
  const shoff = Math.ceil(end / 8) * 8;
  const out = new Uint8Array(shoff + 64 * (all.length + 1));
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, littleEndian ? 1 : 2, 1 /* EV_CURRENT */], 0);
  dv.setUint16(16, 1, littleEndian); // ET_REL
  dv.setUint16(18, EM_BPF, littleEndian);
  dv.setUint32(20, 1, littleEndian);
  dv.setBigUint64(40, BigInt(shoff), littleEndian);
  dv.setUint16(52, 64, littleEndian); // e_ehsize
  dv.setUint16(58, 64, littleEndian); // e_shentsize
  dv.setUint16(60, all.length + 1, littleEndian);
  dv.setUint16(62, 1, littleEndian); // e_shstrndx: .strtab names the sections too
  all.forEach((s, i) => {
    out.set(s.data, offsets[i]!);
    const h = shoff + 64 * (i + 1);
    dv.setUint32(h, names[i + 1]!, littleEndian);
    dv.setUint32(h + 4, s.type, littleEndian);
    dv.setBigUint64(h + 8, BigInt(s.flags), littleEndian);
    dv.setBigUint64(h + 24, BigInt(offsets[i]!), littleEndian);
    dv.setBigUint64(h + 32, BigInt(s.data.length), littleEndian);
    dv.setUint32(h + 40, s.link ?? 0, littleEndian);
    dv.setUint32(h + 44, s.info ?? 0, littleEndian);
    dv.setBigUint64(h + 48, BigInt(s.align), littleEndian);
    dv.setBigUint64(h + 56, BigInt(s.entSize ?? 0), littleEndian);
  });
  return out;
}
