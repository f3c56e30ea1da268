/**
 * The externs libbpf 1.1.2 collects when it opens an object (libbpf.c
 * `bpf_object__collect_externs`), checked the way it checks them: an undefined global or weak
 * STT_NOTYPE symbol needs a BTF VAR or FUNC of that name with extern linkage, inside a
 * `.kconfig` or `.ksyms` DATASEC. libbpf stops opening the object at the first one that fails;
 * so does this, returning what libbpf would print.
 *
 * A compiler that does not implement a CO-RE builtin leaves it as such an extern (GCC 12 with
 * `__builtin_preserve_field_info`), and libbpf then refuses the whole object.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { ElfSymbol } from '../elf/elf-file';

const SHN_UNDEF = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STT_NOTYPE = 0;
const BTF_VAR_GLOBAL_EXTERN = 2;
const BTF_FUNC_EXTERN = 2;
const ENOENT = 2;
const EINVAL = 22;

/** Why libbpf would not open an object: its own message, and ours when we know more. */
export interface LibbpfRefusal {
  libbpf: string;
  why?: string;
}

/** libbpf's message for the first extern it cannot take, or undefined when it takes them all. */
export function externProblem(symbols: readonly ElfSymbol[], btf: Btf): LibbpfRefusal | undefined {
  for (const sym of symbols) {
    if (sym.shndx !== SHN_UNDEF || (sym.bind !== STB_GLOBAL && sym.bind !== STB_WEAK) || sym.type !== STT_NOTYPE) continue;
    if (!sym.name) continue;
    const id = findExternBtfId(btf, sym.name);
    if (id <= 0) {
      const libbpf = `failed to find BTF for extern '${sym.name}': ${id}`;
      return sym.name.startsWith('__builtin_') ? { libbpf, why: builtinWhy(sym.name) } : { libbpf };
    }
    const sec = findExternSecBtfId(btf, id);
    if (sec <= 0) return { libbpf: `failed to find BTF for extern '${sym.name}' [${id}] section: ${sec}` };
    const secName = btf.name(sec);
    if (secName === '.kconfig') {
      if (btf.kind(id) === BtfKind.Func) return { libbpf: `extern function ${sym.name} is unsupported under .kconfig section` };
    } else if (secName !== '.ksyms') {
      return { libbpf: `unrecognized extern section '${secName}'` };
    }
  }
  return undefined;
}

/** find_extern_btf_id: the first VAR or FUNC of that name; -EINVAL unless it is extern. */
function findExternBtfId(btf: Btf, name: string): number {
  for (let id = 1; id < btf.typeCount; id++) {
    const k = btf.kind(id);
    if (k !== BtfKind.Var && k !== BtfKind.Func) continue;
    if (btf.name(id) !== name) continue;
    const t = btf.type(id);
    const linkage = t.kind === BtfKind.Var || t.kind === BtfKind.Func ? t.linkage : -1;
    if (k === BtfKind.Var && linkage !== BTF_VAR_GLOBAL_EXTERN) return -EINVAL;
    if (k === BtfKind.Func && linkage !== BTF_FUNC_EXTERN) return -EINVAL;
    return id;
  }
  return -ENOENT;
}

/** find_extern_sec_btf_id: the DATASEC listing the extern. */
function findExternSecBtfId(btf: Btf, externId: number): number {
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kind(id) !== BtfKind.Datasec) continue;
    const t = btf.type(id);
    if (t.kind === BtfKind.Datasec && t.vars.some((v) => v.typeId === externId)) return id;
  }
  return -ENOENT;
}

function builtinWhy(name: string): string {
  return `the compiler left '${name}' as a call to an undefined function: it does not implement this builtin, which clang and libbpf's CO-RE macros rely on`;
}
