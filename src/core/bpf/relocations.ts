/**
 * ELF relocation sections of a BPF object (`.rel<section>`): which instruction refers to
 * which symbol (a map, a global variable, a subprogram, an extern).
 *
 * Spec: System V gABI "Relocation"; BPF uses SHT_REL with R_BPF_64_64 (1, ld_imm64),
 * R_BPF_64_ABS64 (2), R_BPF_64_ABS32 (3), R_BPF_64_NODYLD32 (4) and R_BPF_64_32 (10, calls).
 * ELF64 only: r_info packs the symbol index in the upper 32 bits.
 */
import { ByteReader } from '../bytes/byte-reader';
import { type ElfFile, SectionType } from '../elf/elf-file';

export const R_BPF_NAMES: Record<number, string> = {
  0: 'R_BPF_NONE',
  1: 'R_BPF_64_64',
  2: 'R_BPF_64_ABS64',
  3: 'R_BPF_64_ABS32',
  4: 'R_BPF_64_NODYLD32',
  10: 'R_BPF_64_32',
};

export interface BpfRelocation {
  /** Byte offset in the target section. */
  offset: number;
  type: number;
  symbolIndex: number;
  symbolName: string;
  /** Section of the referenced symbol (0 for undefined/extern). */
  symbolSectionIndex: number;
  addend: number;
}

export interface BpfRelocationSection {
  name: string;
  index: number;
  /** The section whose contents are relocated (sh_info). */
  targetSectionIndex: number;
  targetSectionName: string;
  entries: BpfRelocation[];
}

export function collectRelocations(elf: ElfFile): BpfRelocationSection[] {
  if (!elf.is64) return [];
  const syms = elf.symbols();
  const r = new ByteReader(elf.bytes, elf.littleEndian);
  const out: BpfRelocationSection[] = [];
  for (const sec of elf.sections) {
    if (sec.type !== SectionType.Rel && sec.type !== SectionType.Rela) continue;
    const rela = sec.type === SectionType.Rela;
    const entSize = rela ? 24 : 16;
    const count = Math.floor(sec.byteSize / entSize);
    r.need(sec.offset, count * entSize, `relocation section ${sec.name}`);
    const entries: BpfRelocation[] = [];
    for (let i = 0; i < count; i++) {
      const o = sec.offset + i * entSize;
      const info = r.u64(o + 8);
      const symbolIndex = Number(info >> 32n);
      const sym = syms[symbolIndex];
      entries.push({
        offset: r.u64n(o),
        type: Number(info & 0xffffffffn),
        symbolIndex,
        symbolName: sym?.name || (sym ? (elf.sections[sym.shndx]?.name ?? '') : ''),
        symbolSectionIndex: sym?.shndx ?? 0,
        addend: rela ? Number(BigInt.asIntN(64, r.u64(o + 16))) : 0,
      });
    }
    out.push({
      name: sec.name,
      index: sec.index,
      targetSectionIndex: sec.info,
      targetSectionName: elf.sections[sec.info]?.name ?? '',
      entries,
    });
  }
  return out;
}
