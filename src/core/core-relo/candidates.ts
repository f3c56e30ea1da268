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

const flavoredIndex = new WeakMap<Btf, Map<string, string[]>>();
const essentialIds = new WeakMap<Btf, Map<string, number[]>>();
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

/**
 * Essential name → the flavored names (`foo___bar`) in this blob's own string section.
 * Kernels have only a few dozen strings with `___`, so one native substring search over
 * the section (decoded as latin1: one char per byte) finds them all.
 */
function flavoredNames(btf: Btf): Map<string, string[]> {
  let idx = flavoredIndex.get(btf);
  if (idx) return idx;
  idx = new Map();
  const start = btf.header.hdrLen + btf.header.strOff;
  const end = Math.min(start + btf.header.strLen, btf.bytes.length);
  const text = end > start ? latin1.decode(btf.bytes.subarray(start, end)) : '';
  for (let i = text.indexOf('___'); i >= 0; ) {
    const begin = text.lastIndexOf('\0', i) + 1;
    let stop = text.indexOf('\0', i);
    if (stop < 0) stop = text.length;
    // libbpf compares bytes; names are looked up by their UTF-8 bytes, so a non-ASCII name is
    // decoded as UTF-8 from its bytes (latin1 keeps one char per byte, so offsets agree).
    let name = text.slice(begin, stop);
    if (/[\x80-\xff]/.test(name)) name = utf8.decode(btf.bytes.subarray(start + begin, start + stop));
    const n = essentialNameLen(name);
    if (n < name.length) {
      const key = name.slice(0, n);
      const list = idx.get(key);
      if (list) list.push(name);
      else idx.set(key, [name]);
    }
    i = text.indexOf('___', stop);
  }
  flavoredIndex.set(btf, idx);
  return idx;
}

/** Own ids of `blob` named `essential` or `essential___flavor`, ascending (cached). */
function idsByEssentialName(blob: Btf, essential: string): number[] {
  let perBtf = essentialIds.get(blob);
  if (!perBtf) essentialIds.set(blob, (perBtf = new Map()));
  const hit = perBtf.get(essential);
  if (hit) return hit;
  const index = blob.ownNameIndex();
  const ids = new Set<number>(index.lookup(essential));
  for (const name of flavoredNames(blob).get(essential) ?? []) for (const id of index.lookup(name)) ids.add(id);
  const out = [...ids].sort((a, b) => a - b);
  perBtf.set(essential, out);
  return out;
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
