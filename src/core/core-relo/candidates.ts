/**
 * CO-RE target candidates: the target types whose essential name (name without a
 * `___flavor` suffix) equals the local type's, with a compatible kind.
 *
 * Spec: libbpf 1.1.2 libbpf.c — bpf_core_add_cands, bpf_core_find_cands. libbpf scans
 * every type linearly; we look up the essential name in the BTF's hash index plus a lazily
 * built index of flavored target names (`foo___bar`), and return ids in ascending order,
 * which is libbpf's order. A split target (module BTF over a base) is searched like
 * libbpf searches the running kernel: base ("vmlinux") first, and the split part only when
 * the base has no candidate.
 */
import type { Btf } from '../btf/btf';
import { btfKindStr, essentialNameLen, kindCoreCompat } from './btf-helpers';

export interface CoreCand {
  btf: Btf;
  id: number;
  /** Where it was found, as libbpf names it: `vmlinux` or the module's name. */
  where: string;
}

/** bpf_core_cand_list: shared by every relocation of one local type, narrowed as they resolve. */
export interface CoreCandList {
  cands: CoreCand[];
  len: number;
  /** Every candidate found, before any narrowing (for explanations). */
  all: readonly CoreCand[];
}

/** A target to relocate against. `moduleName` labels a split BTF's own candidates. */
export interface CoreTarget {
  label: string;
  btf: Btf;
  moduleName?: string;
}

const flavoredIndex = new WeakMap<Btf, Map<string, number[]>>();

/** Essential name → ids of this blob's own types whose names carry a ___flavor suffix. */
function flavoredNames(btf: Btf): Map<string, number[]> {
  let idx = flavoredIndex.get(btf);
  if (idx) return idx;
  idx = new Map();
  for (let id = btf.startId; id < btf.typeCount; id++) {
    const bytes = btf.strBytes(btf.nameOff(id));
    let has = false;
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === 0x5f && bytes[i + 1] === 0x5f && bytes[i + 2] === 0x5f) {
        has = true;
        break;
      }
    }
    if (!has) continue;
    const name = btf.name(id);
    const n = essentialNameLen(name);
    if (n === name.length) continue;
    const key = name.slice(0, n);
    const list = idx.get(key);
    if (list) list.push(id);
    else idx.set(key, [id]);
  }
  flavoredIndex.set(btf, idx);
  return idx;
}

/** Own ids of `blob` (a target or one of its bases) named `essential` or `essential___*`. */
function idsByEssentialName(blob: Btf, essential: string): number[] {
  const exact = blob.ownNameIndex().lookup(essential);
  const flavored = flavoredNames(blob).get(essential) ?? [];
  if (!flavored.length) return exact;
  return [...exact, ...flavored].sort((a, b) => a - b);
}

/** bpf_core_add_cands over the own types of `blob`, appending to `out`; logs each find. */
function addCands(localBtf: Btf, localId: number, blob: Btf, where: string, out: CoreCand[], debug: (msg: string) => void): void {
  const localName = localBtf.name(localId);
  const localKind = localBtf.kind(localId);
  const essential = localName.slice(0, essentialNameLen(localName));
  for (const id of idsByEssentialName(blob, essential)) {
    const k = blob.kind(id);
    if (!kindCoreCompat(k, localKind)) continue;
    debug(
      `CO-RE relocating [${localId}] ${btfKindStr(localKind)} ${localName}: found target candidate [${id}] ${btfKindStr(k)} ${blob.name(id)} in [${where}]\n`,
    );
    out.push({ btf: blob, id, where });
  }
}

/**
 * bpf_core_find_cands. Returns undefined for an anonymous (or invalid) local type, where
 * libbpf fails with -EINVAL.
 */
export function findCands(localBtf: Btf, localId: number, target: CoreTarget, debug: (msg: string) => void): CoreCandList | undefined {
  if (!localBtf.isValidId(localId)) return undefined;
  if (localBtf.name(localId) === '') return undefined;
  const cands: CoreCand[] = [];
  const top = target.btf;
  if (!top.base) {
    addCands(localBtf, localId, top, 'vmlinux', cands, debug);
    return { cands, len: cands.length, all: [...cands] };
  }
  // The base chain plays "vmlinux"; the split part is a module, searched only as a fallback.
  const chain: Btf[] = [];
  for (let b: Btf | undefined = top.base; b; b = b.base) chain.unshift(b);
  for (const b of chain) addCands(localBtf, localId, b, 'vmlinux', cands, debug);
  if (cands.length) return { cands, len: cands.length, all: [...cands] };
  addCands(localBtf, localId, top, target.moduleName ?? target.label, cands, debug);
  return { cands, len: cands.length, all: [...cands] };
}
