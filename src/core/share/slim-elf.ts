/**
 * slimElf: a BPF object without its DWARF, for share links (`llvm-objcopy --strip-debug`
 * without the tool). A `clang -g` object is about half debug info, which no btfscope view
 * reads: the relocation view needs the program sections, .BTF, .BTF.ext, the symbol table
 * and the program relocations.
 *
 * Section indices are kept stable (symbols, sh_link and sh_info refer to them): a dropped
 * section keeps its header, name and type but gets size 0. Only ELF64 is slimmed; other
 * input is returned unchanged (BPF objects are always ELF64).
 */
import type { ElfFile } from '../elf/elf-file';

const EHDR64_BYTES = 64;
const SHDR64_BYTES = 64;
/** Larger alignments are honoured only up to a page. */
const MAX_ALIGN = 4096;

/** Whether a section only carries debug information (DWARF and its relocations). */
export function isDebugSection(name: string): boolean {
  return /^\.(rela?\.)?debug_/.test(name) || name === '.rel.BTF' || name === '.rel.BTF.ext';
}

export function slimElf(elf: ElfFile, drop: (name: string) => boolean = isDebugSection): Uint8Array {
  if (!elf.is64) return elf.bytes;
  const src = elf.bytes;
  const le = elf.littleEndian;
  const sdv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const shoff = Number(sdv.getBigUint64(0x28, le));
  const shentsize = sdv.getUint16(0x3a, le);
  if (shentsize !== SHDR64_BYTES) return src;
  const n = elf.sections.length;

  // Lay out the kept contents after the ELF header, each at its alignment. A section whose
  // bytes are not in the file (its header points past the end) has none to carry: its header
  // travels as it is, still pointing past the end, so the receiver reads the same damage.
  const placed: { offset: number; byteSize: number; damaged?: boolean }[] = [];
  let end = EHDR64_BYTES;
  for (let i = 0; i < n; i++) {
    const s = elf.sections[i]!;
    const hdr = shoff + i * SHDR64_BYTES;
    // An alignment no real section needs (sh_addralign is any u64) must not size the output.
    const align = Math.min(MAX_ALIGN, Math.max(1, Number(sdv.getBigUint64(hdr + 48, le))));
    const keep = i !== 0 && !drop(s.name) && s.type !== 8; /* SHT_NOBITS has no bytes */
    if (!keep) {
      placed.push({ offset: i === 0 ? 0 : s.type === 8 ? end : 0, byteSize: i === 0 ? 0 : s.type === 8 ? s.byteSize : 0 });
      continue;
    }
    if (s.offset + s.byteSize > src.length) {
      placed.push({ offset: s.offset, byteSize: s.byteSize, damaged: true });
      continue;
    }
    end = Math.ceil(end / align) * align;
    placed.push({ offset: end, byteSize: s.byteSize });
    end += s.byteSize;
  }
  const newShoff = Math.ceil(end / 8) * 8;
  const out = new Uint8Array(newShoff + n * SHDR64_BYTES);
  const dv = new DataView(out.buffer);
  out.set(src.subarray(0, EHDR64_BYTES), 0);
  dv.setBigUint64(0x28, BigInt(newShoff), le);
  for (let i = 0; i < n; i++) {
    const s = elf.sections[i]!;
    const p = placed[i]!;
    const hdr = newShoff + i * SHDR64_BYTES;
    out.set(src.subarray(shoff + i * SHDR64_BYTES, shoff + (i + 1) * SHDR64_BYTES), hdr);
    // Past the end of the slim file too (which may be longer than the offset was).
    const offset = p.damaged ? Math.max(p.offset, out.length + 1) : p.offset;
    dv.setBigUint64(hdr + 24, BigInt(offset), le);
    dv.setBigUint64(hdr + 32, BigInt(p.byteSize), le);
    if (p.byteSize > 0 && s.type !== 8 && !p.damaged) out.set(src.subarray(s.offset, s.offset + s.byteSize), p.offset);
  }
  return out;
}
