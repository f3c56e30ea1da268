/**
 * The per-BTF signature index of the diff engine: built once per file and reused for every
 * comparison it takes part in (one kernel against several, the many-kernel view).
 *
 * It holds, for each diffable kind, name → type ids keyed by a hash of the name bytes (no
 * name is decoded to build it), and lazily the per-type hashes of `TypeHashes` (spellings,
 * sizes, content signatures) plus the C spellings of `TypeNamer`. Nothing in it refers to
 * another BTF, so indexes can be mixed freely.
 *
 * Kinds: STRUCT, UNION, ENUM and ENUM64 (both "enum": a kernel may move an enum to 64
 * bits), TYPEDEF, FUNC, VAR. FWD declarations are not indexed: a name that one side only
 * declares is reported as added/removed (pahole, bpftool's C dump and the layout view
 * do not show forward declarations either). Anonymous types are not indexed (they have
 * no name to match by); they are compared as part of the types that use them.
 */
import type { Btf } from '../btf/btf';
import { infoKind, kindKeyword } from '../btf/btf-kinds';
import { type DiffKind, DIFF_KINDS } from './diff-model';
import { Hasher } from './hash';
import { NameTable } from './name-table';
import { TypeHashes } from './type-hash';
import { TypeNamer } from './type-names';

export { NameTable } from './name-table';

export function diffKindOf(btfKind: number): DiffKind | undefined {
  // FWD is not a diff kind ('fwd'), nor are the unnamed ones.
  const k = kindKeyword(btfKind);
  return (DIFF_KINDS as readonly string[]).includes(k) ? (k as DiffKind) : undefined;
}

export class DiffIndex {
  readonly btf: Btf;
  readonly hashes: TypeHashes;
  readonly namer: TypeNamer;
  readonly byName: Record<DiffKind, NameTable>;
  /** Per type id: a second hash of its name, confirming a name-hash match without decoding. */
  readonly nameCheck: Int32Array;

  constructor(btf: Btf) {
    this.btf = btf;
    this.hashes = new TypeHashes(btf);
    this.namer = new TypeNamer(btf);
    this.nameCheck = new Int32Array(btf.typeCount);
    const maps = {} as Record<DiffKind, NameTable>;
    // Sized from the type count (a kernel: about 45% functions, 8% structs, 3% typedefs
    // and enums), so building rarely rehashes and a small object gets small tables.
    const n = btf.typeCount;
    const share: Record<DiffKind, number> = { func: n >> 1, struct: n >> 3, typedef: n >> 4, enum: n >> 4, union: n >> 6, var: n >> 6 };
    for (const k of DIFF_KINDS) maps[k] = new NameTable(Math.max(16, share[k]));
    this.byName = maps;
    this.build();
  }

  private build(): void {
    const btf = this.btf;
    const kinds: (NameTable | undefined)[] = [];
    for (let k = 0; k < 32; k++) {
      const dk = diffKindOf(k);
      kinds.push(dk ? this.byName[dk] : undefined);
    }
    const hasher = new Hasher();
    const raw = this.hashes.raw;
    const empty = this.hashes.emptyNameHash;
    // Blob by blob, base first (ids ascend), reading each blob's own records without the
    // per-id owner lookup of the general accessors: this scan touches every type.
    const blobs: Btf[] = [];
    for (let b: Btf | undefined = btf; b; b = b.base) blobs.unshift(b);
    for (const blob of blobs) {
      const n = blob.ownTypeCount;
      const start = blob.startId;
      for (let i = 0; i < n; i++) {
        const map = kinds[infoKind(blob.ownInfoAt(i))];
        if (!map) continue;
        const nameOff = blob.ownNameOffAt(i);
        if (nameOff === 0) continue;
        const h = raw.hashName(hasher.reset(), nameOff).value();
        if (h === empty) continue;
        this.nameCheck[start + i] = hasher.check();
        map.add(h, start + i);
      }
    }
  }

  /** Whether type `id` here and type `other` in `ix` have the same name (both named, same kind class). */
  sameName(id: number, ix: DiffIndex, other: number): boolean {
    return this.nameCheck[id] === ix.nameCheck[other];
  }

  /** Ids of `kind` named `name` (ascending). */
  lookup(kind: DiffKind, name: string): number[] {
    const t = this.byName[kind];
    const s = t.find(new Hasher().str(name).value());
    return (s < 0 ? [] : t.listAt(s)).filter((id) => this.btf.name(id) === name);
  }

  /**
   * Whether type `id` here and `other` in `ix` have equal signatures. Compares the cached
   * values in place: a hash returned from a call is a boxed number, and this runs for
   * every pair of same-named types.
   */
  sameSignature(kind: DiffKind, id: number, ix: DiffIndex, other: number): boolean {
    this.signature(kind, id);
    ix.signature(kind, other);
    return this.hashes.sigs[id] === ix.hashes.sigs[other];
  }

  /** What decides "unchanged" for a type of `kind` (see TypeHashes). */
  signature(kind: DiffKind, id: number): number {
    const th = this.hashes;
    if (kind === 'struct' || kind === 'union' || kind === 'enum') return th.contentSignature(id);
    let s = th.sigs[id]!;
    if (s === 0) {
      const btf = this.btf;
      if (kind === 'func') s = th.funcSignature(id);
      else s = th.spelling(btf.sizeOrType(id)); // typedef target / var type
      th.sigs[id] = s;
    }
    return s;
  }
}

const indexes = new WeakMap<Btf, DiffIndex>();

/**
 * The diff index of a BTF, built on first use and cached while the BTF lives. Building
 * it walks the type records once (≈10 ms for a 140k-type kernel); signatures are filled
 * in as comparisons need them and kept for the next comparison.
 */
export function indexForDiff(btf: Btf): DiffIndex {
  let ix = indexes.get(btf);
  if (!ix) {
    ix = new DiffIndex(btf);
    indexes.set(btf, ix);
  }
  return ix;
}
