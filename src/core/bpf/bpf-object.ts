/**
 * BPF object reader: the view of a clang-built `.bpf.o` that libbpf takes when it opens one.
 *
 * Spec: libbpf 1.1.2 `libbpf.c` (bpf_object__elf_collect, bpf_object__add_programs,
 * cmp_progs). Programs are the STT_FUNC symbols of executable sections — entry points in
 * their SEC("...") sections and subprograms in `.text` — sorted by (section index,
 * instruction offset), the order libbpf's binary search relies on. `.BTF` is required;
 * `.BTF.ext` (func_info, line_info, CO-RE relocations) is parsed in either byte order.
 *
 * Invariant: program `bytes` are views into the input; nothing here mutates the input.
 */
import type { Btf } from '../btf/btf';
import { type BtfExt, parseBtfExt } from '../btf-ext/btf-ext';
import { type Diagnostic, ErrorCode, type ParseResult, catchSection, hasErrors } from '../diagnostics';
import { type ElfFile, type ElfSection, SectionType, SHF_EXECINSTR, STT_FUNC } from '../elf/elf-file';
import { openBtf } from '../open-btf';
import { type LibbpfRefusal, externProblem } from './externs';
import { INSN_BYTES } from './insn';
import { type BpfMap, collectMaps } from './maps';
import { type BpfRelocationSection, collectRelocations } from './relocations';

export const EM_BPF = 247;
const STB_LOCAL = 0;

export interface BpfProgram {
  /** Symbol name: what libbpf calls the program (`prog '<name>'`). */
  name: string;
  sectionName: string;
  sectionIndex: number;
  /** Index of the program's first instruction within its section. */
  sectionInsnOffset: number;
  insnCount: number;
  /** A `.text` function: called by entry programs, appended to them by libbpf. */
  isSubprog: boolean;
  /** STB_* binding of the symbol. */
  bind: number;
  /** The program's instruction bytes (a view into the file), in the object's byte order. */
  bytes: Uint8Array;
}

/** A parsed BPF ELF object (`.bpf.o`): its BTF, `.BTF.ext`, programs, maps and relocations, as libbpf 1.1.2 reads them. */
export interface BpfObject {
  elf: ElfFile;
  btf: Btf;
  btfExt: BtfExt | undefined;
  /**
   * Whether libbpf would use `.BTF.ext`: it drops the whole section when any part of it is
   * malformed ("Error loading ELF section .BTF.ext … Ignored"), so a damaged section means
   * no CO-RE relocations at all, even if some records could be read.
   */
  btfExtUsable: boolean;
  littleEndian: boolean;
  /** Sorted as libbpf sorts them: by section index, then instruction offset. */
  programs: BpfProgram[];
  relocationSections: BpfRelocationSection[];
  maps: BpfMap[];
  license: string | undefined;
  /** Why libbpf 1.1.2 would refuse to open the object (its message, and why), if it would. */
  libbpfRefuses: LibbpfRefusal | undefined;
}

/** Parses a BPF ELF object. Fails only when there is no usable ELF or `.BTF`. */
export function parseBpfObject(bytes: Uint8Array): ParseResult<BpfObject> {
  const diags: Diagnostic[] = [];
  const opened = openBtf(bytes);
  diags.push(...opened.diagnostics);
  const src = opened.value;
  if (!src) return { diagnostics: diags };
  if (!src.elf) {
    diags.push({ severity: 'error', code: ErrorCode.UnsupportedFormat, message: 'this is raw BTF, not a BPF object (.bpf.o)', offset: 0 });
    return { diagnostics: diags };
  }
  const elf = src.elf;
  if (elf.machine !== EM_BPF) {
    diags.push({ severity: 'warning', code: ErrorCode.BadElf, message: `ELF machine is ${elf.machine}, not EM_BPF (247)`, offset: 18 });
  }
  let btfExt: BtfExt | undefined;
  let btfExtUsable = false;
  if (src.btfExt) {
    const r = parseBtfExt(src.btfExt, src.btf);
    btfExtUsable = !!r.value && !hasErrors(r.diagnostics);
    const base = elf.sectionByName('.BTF.ext')?.offset ?? 0;
    for (const d of r.diagnostics) diags.push(d.offset !== undefined ? { ...d, offset: d.offset + base } : d);
    btfExt = r.value;
  }
  const programs = catchSection(diags, 'programs', () => collectPrograms(elf, diags)) ?? [];
  const refused = catchSection(diags, 'externs', () => externProblem(elf.symbols(), src.btf));
  if (refused) {
    const why = refused.why ? ` (${refused.why})` : '';
    diags.push({ severity: 'warning', code: ErrorCode.LibbpfRefuses, message: `libbpf 1.1.2 refuses to open this object: ${refused.libbpf}${why}`, section: '.symtab' });
  }
  const relocationSections = catchSection(diags, 'relocations', () => collectRelocations(elf)) ?? [];
  const maps = catchSection(diags, '.maps', () => collectMaps(elf, src.btf)) ?? [];
  const licSec = elf.sectionByName('license');
  let license: string | undefined;
  if (licSec) {
    const data = catchSection(diags, 'license', () => elf.contents(licSec));
    if (data) license = new TextDecoder().decode(data.subarray(0, data.indexOf(0) < 0 ? data.length : data.indexOf(0)));
  }
  const value: BpfObject = {
    elf,
    btf: src.btf,
    btfExt,
    btfExtUsable,
    littleEndian: elf.littleEndian,
    programs,
    relocationSections,
    maps,
    license,
    libbpfRefuses: refused,
  };
  return { value, diagnostics: diags };
}

function isProgramSection(s: ElfSection): boolean {
  return s.type === SectionType.Progbits && (s.flags & SHF_EXECINSTR) !== 0 && s.byteSize > 0;
}

function collectPrograms(elf: ElfFile, diags: Diagnostic[]): BpfProgram[] {
  const progs: BpfProgram[] = [];
  const syms = elf.symbols();
  for (const sec of elf.sections) {
    if (!isProgramSection(sec)) continue;
    const data = elf.contents(sec);
    for (const sym of syms) {
      if (sym.shndx !== sec.index || sym.type !== STT_FUNC) continue;
      const where = `sec '${sec.name}': program '${sym.name}'`;
      if (sym.size === 0 || sym.size % INSN_BYTES || sym.value % INSN_BYTES || sym.value + sym.size > data.length) {
        diags.push({ severity: 'error', code: ErrorCode.BadElf, message: `${where} at offset ${sym.value} (${sym.size} bytes) is corrupted`, section: sec.name });
        continue;
      }
      const isText = sec.name === '.text';
      if (!isText && sym.bind === STB_LOCAL) {
        diags.push({ severity: 'warning', code: ErrorCode.BadElf, message: `${where} is static; libbpf 1.1.2 refuses static programs outside .text`, section: sec.name });
      }
      progs.push({
        name: sym.name,
        sectionName: sec.name,
        sectionIndex: sec.index,
        sectionInsnOffset: sym.value / INSN_BYTES,
        insnCount: sym.size / INSN_BYTES,
        isSubprog: isText,
        bind: sym.bind,
        bytes: data.subarray(sym.value, sym.value + sym.size),
      });
    }
  }
  progs.sort((a, b) => a.sectionIndex - b.sectionIndex || a.sectionInsnOffset - b.sectionInsnOffset);
  return progs;
}

/** The program holding instruction `insnIdx` of section `sectionIndex` (libbpf's find_prog_by_sec_insn). */
export function findProgramBySectionInsn(obj: BpfObject, sectionIndex: number, insnIdx: number): BpfProgram | undefined {
  for (const p of obj.programs) {
    if (p.sectionIndex === sectionIndex && insnIdx >= p.sectionInsnOffset && insnIdx < p.sectionInsnOffset + p.insnCount) return p;
  }
  return undefined;
}

/** True when the object parsed with no error diagnostics. */
export function isCleanObject(r: ParseResult<BpfObject>): boolean {
  return !!r.value && !hasErrors(r.diagnostics);
}
