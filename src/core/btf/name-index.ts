/**
 * Name → type ids for one BTF blob, built lazily on first lookup.
 *
 * Hashes the name bytes in place (FNV-1a) into an open hash table of Int32Arrays: no
 * string is decoded or allocated per type, so indexing a 130k-type kernel stays cheap in
 * time and memory. Names are not unique in BTF; a lookup returns every id, ascending.
 */
import type { Btf } from './btf';
import type { TypeId } from './btf-types';

const enc = new TextEncoder();

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return h >>> 0;
}

export class NameIndex {
  private constructor(
    private readonly btf: Btf,
    private readonly heads: Int32Array,
    private readonly next: Int32Array,
    private readonly hashes: Uint32Array,
  ) {}

  static build(btf: Btf): NameIndex {
    const n = btf.ownTypeCount;
    let size = 16;
    while (size < n * 2) size <<= 1;
    const heads = new Int32Array(size).fill(-1);
    const next = new Int32Array(n).fill(-1);
    const hashes = new Uint32Array(n);
    const mask = size - 1;
    // Descending, so each chain lists ids in ascending order. Own strings are hashed in
    // place (no subarray per name); names in a split BTF's base take the slower path.
    const { bytes, start: strStart, end: strEnd } = btf.ownStringRegion();
    const startOff = btf.startStrOff;
    for (let i = n - 1; i >= 0; i--) {
      const off = btf.ownNameOffAt(i);
      if (off === 0) continue;
      let h = 0x811c9dc5;
      if (off >= startOff) {
        let p = strStart + off - startOff;
        if (p >= strEnd || bytes[p] === 0) continue;
        for (; p < strEnd; p++) {
          const b = bytes[p]!;
          if (b === 0) break;
          h = Math.imul(h ^ b, 0x01000193);
        }
        h >>>= 0;
      } else {
        const s = btf.strBytes(off);
        if (s.length === 0) continue;
        h = hashBytes(s, 0, s.length);
      }
      hashes[i] = h;
      const slot = h & mask;
      next[i] = heads[slot]!;
      heads[slot] = i;
    }
    return new NameIndex(btf, heads, next, hashes);
  }

  lookup(name: string): TypeId[] {
    if (!name) return [];
    const q = enc.encode(name);
    const h = hashBytes(q, 0, q.length);
    const out: TypeId[] = [];
    let i = this.heads[h & (this.heads.length - 1)]!;
    while (i >= 0) {
      if (this.hashes[i] === h) {
        const s = this.btf.strBytes(this.btf.ownNameOffAt(i));
        if (s.length === q.length && s.every((b, k) => b === q[k])) out.push((this.btf.startId + i) as TypeId);
      }
      i = this.next[i]!;
    }
    return out;
  }
}
