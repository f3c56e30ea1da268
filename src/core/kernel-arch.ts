/**
 * A kernel's architecture and byte order, told from what its file carries.
 *
 * - Byte order: the BTF header's magic (0xeB9F read in either order), so always known.
 * - Pointer size: the size of a `long` INT (LP64 or ILP32; BTF has no other word size).
 * - Architecture: an ELF vmlinux's e_machine when there is one; otherwise the members of
 *   `struct pt_regs`, which every architecture lays out its own way (arch/<arch>/include/
 *   asm/ptrace.h): x86-64 `r15`…`orig_ax`, arm64 `orig_x0` (`regs[31]`, `pstate`), s390
 *   `psw`/`gprs`, powerpc `gpr`/`nip`, riscv `epc`/`orig_a0`, … Members of anonymous
 *   structs/unions count (arm64, s390 and powerpc wrap theirs in one).
 *
 * When neither tells (a min_core_btf cut keeps pt_regs only if a relocation resolved into
 * it), the arch stays undefined: callers say "unknown", never a guess.
 */
import type { Btf } from './btf/btf';
import { BtfKind } from './btf/btf-kinds';
import { LONG_ALIASES } from './btf/btf';
import { ParseError } from './diagnostics';
import type { ElfFile } from './elf/elf-file';

export type ByteOrder = 'little-endian' | 'big-endian';

export interface KernelArch {
  /** 'x86-64', 'arm64', 's390x', 'ppc64', … ; undefined when the file does not tell. */
  arch?: string | undefined;
  /** What told it. */
  source?: 'elf-machine' | 'pt_regs' | undefined;
  byteOrder: ByteOrder;
  /** 32 or 64 from `long`; undefined when the BTF has no `long`. */
  pointerBits?: 32 | 64 | undefined;
}

interface Rule {
  /** Every one of these member names is present. */
  all: readonly string[];
  arch64: string;
  arch32?: string;
}

// Most specific first: riscv, loongarch and mips share `regs`/`orig_a0`-like names with others.
const PT_REGS_RULES: readonly Rule[] = [
  { all: ['orig_ax', 'r15'], arch64: 'x86-64' },
  { all: ['orig_ax', 'bx'], arch64: 'x86-64', arch32: 'x86' },
  { all: ['orig_x0'], arch64: 'arm64' },
  { all: ['regs', 'pstate'], arch64: 'arm64' },
  { all: ['uregs'], arch64: 'arm', arch32: 'arm' },
  { all: ['psw', 'gprs'], arch64: 's390x', arch32: 's390' },
  { all: ['gpr', 'nip'], arch64: 'ppc64', arch32: 'ppc' },
  { all: ['csr_era'], arch64: 'loongarch64' },
  { all: ['cp0_epc'], arch64: 'mips64', arch32: 'mips' },
  { all: ['epc', 'orig_a0'], arch64: 'riscv64', arch32: 'riscv32' },
  { all: ['tpc', 'tnpc'], arch64: 'sparc64' },
  { all: ['u_regs', 'psr'], arch64: 'sparc', arch32: 'sparc' },
];

/** ELF e_machine → arch (64-bit class name, 32-bit class name). */
const ELF_MACHINES: Record<number, [string, string]> = {
  3: ['x86', 'x86'],
  62: ['x86-64', 'x86'],
  183: ['arm64', 'arm'],
  40: ['arm', 'arm'],
  22: ['s390x', 's390'],
  20: ['ppc', 'ppc'],
  21: ['ppc64', 'ppc'],
  243: ['riscv64', 'riscv32'],
  258: ['loongarch64', 'loongarch32'],
  8: ['mips64', 'mips'],
  43: ['sparc64', 'sparc'],
  2: ['sparc', 'sparc'],
  247: ['bpf', 'bpf'],
};

const MAX_NEST = 4;

function longBits(btf: Btf): 32 | 64 | undefined {
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kind(id) !== BtfKind.Int) continue;
    const s = btf.sizeOrType(id);
    if ((s === 4 || s === 8) && LONG_ALIASES.has(btf.name(id))) return s === 8 ? 64 : 32;
  }
  return undefined;
}

/** First STRUCT named pt_regs; a scan of struct records, so no name index is built on load. */
function findPtRegs(btf: Btf): number | undefined {
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kind(id) === BtfKind.Struct && btf.vlen(id) > 0 && btf.name(id) === 'pt_regs') return id;
  }
  return undefined;
}

/** Member names of a struct, anonymous struct/union members flattened. */
function memberNames(btf: Btf, id: number, out: Set<string>, depth = 0): Set<string> {
  const t = btf.type(id);
  if ((t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) || depth > MAX_NEST) return out;
  for (const m of t.members) {
    if (m.name) out.add(m.name);
    else memberNames(btf, btf.skipModifiers(m.typeId), out, depth + 1);
  }
  return out;
}

/** The arch `struct pt_regs` names, if any rule matches. */
export function archFromPtRegs(btf: Btf, pointerBits: 32 | 64 | undefined): string | undefined {
  const id = findPtRegs(btf);
  if (id === undefined) return undefined;
  let names: Set<string>;
  try {
    names = memberNames(btf, id, new Set());
  } catch (e) {
    // A load reads before it validates: a broken pt_regs (bad member id, modifier loop) tells nothing.
    if (e instanceof ParseError) return undefined;
    throw e;
  }
  for (const r of PT_REGS_RULES) {
    if (!r.all.every((n) => names.has(n))) continue;
    return pointerBits === 32 && r.arch32 ? r.arch32 : r.arch64;
  }
  return undefined;
}

/**
 * Infers a file's architecture. An ELF's e_machine wins (a .ko's is its kernel's; a
 * .bpf.o's is EM_BPF, "bpf"); else pt_regs, a split BTF's (module's) from its base.
 */
export function inferKernelArch(btf: Btf, elf?: ElfFile): KernelArch {
  const kernel = btf.base ?? btf;
  const byteOrder: ByteOrder = btf.littleEndian ? 'little-endian' : 'big-endian';
  const pointerBits = longBits(kernel) ?? (elf ? (elf.is64 ? 64 : 32) : undefined);
  const m = elf ? ELF_MACHINES[elf.machine] : undefined;
  if (m && elf) {
    return { arch: elf.is64 ? m[0] : m[1], source: 'elf-machine', byteOrder, pointerBits };
  }
  const arch = archFromPtRegs(kernel, pointerBits);
  return arch ? { arch, source: 'pt_regs', byteOrder, pointerBits } : { byteOrder, pointerBits };
}

/** "x86-64 LE", or "64-bit LE, arch unknown" when the arch cannot be told. */
export function formatArchShort(a: KernelArch): string {
  const bo = a.byteOrder === 'little-endian' ? 'LE' : 'BE';
  if (a.arch) return `${a.arch} ${bo}`;
  return a.pointerBits ? `${a.pointerBits}-bit ${bo}, arch unknown` : `${bo}, arch unknown`;
}

/** "x86-64 little-endian", or "of unknown architecture (64-bit little-endian)". */
export function formatArchLong(a: KernelArch): string {
  if (a.arch) return `${a.arch} ${a.byteOrder}`;
  return `of unknown architecture (${a.pointerBits ? `${a.pointerBits}-bit ` : ''}${a.byteOrder})`;
}

/**
 * The notice a diff of kernels A and B opens with when they may not share an ABI: a
 * different arch, byte order or word size, or one whose arch is unknown. Undefined when
 * both are known to be the same.
 */
export function describeArchDifference(a: KernelArch, b: KernelArch, names = { a: 'A', b: 'B' }): string | undefined {
  const differs =
    a.byteOrder !== b.byteOrder ||
    (a.pointerBits !== undefined && b.pointerBits !== undefined && a.pointerBits !== b.pointerBits) ||
    (a.arch !== undefined && b.arch !== undefined && a.arch !== b.arch);
  if (differs) return `kernel ${names.a} is ${formatArchLong(a)}, ${names.b} is ${formatArchLong(b)}: offsets and sizes differ by architecture, not only by version`;
  if (a.arch !== undefined && b.arch !== undefined) return undefined;
  if (a.arch === undefined && b.arch === undefined) return undefined;
  const [known, knownName, unknownName] = a.arch !== undefined ? [a, names.a, names.b] : [b, names.b, names.a];
  return `kernel ${knownName} is ${formatArchLong(known)}; ${unknownName}'s BTF does not tell its architecture (no struct pt_regs): if it is not ${known.arch}, offsets and sizes differ by architecture, not only by version`;
}

/** "x86-64, little-endian, 64-bit", or "unknown, little-endian, 64-bit" (for `btfscope info`). */
export function formatArchFacts(a: KernelArch): string {
  return [a.arch ?? 'unknown', a.byteOrder, a.pointerBits ? `${a.pointerBits}-bit` : undefined].filter(Boolean).join(', ');
}
