/**
 * libbpf's btf_dump name-occurrence maps (`type_names`, `ident_names`), keyed by the name's
 * bytes in the BTF string section instead of by decoded JS strings: an open-addressing hash
 * table of string offsets with FNV-1a over the bytes and byte comparison on collision. Two
 * different offsets holding the same text count as the same name, exactly like libbpf's
 * strcmp-keyed hashmap; nothing is decoded or allocated per lookup.
 */
import type { TypeTables } from '../layout/type-tables';

const EMPTY = -1;

export class NameCounter {
  private keys = new Int32Array(1 << 16).fill(EMPTY);
  private counts = new Uint32Array(1 << 16);
  /** Hash of each key, so growing does not re-read the bytes. */
  private hashes = new Uint32Array(1 << 16);
  private used = 0;

  constructor(private readonly t: TypeTables) {}

  /** Counts one more occurrence of string `off`; returns the count so far (1 = first). */
  inc(off: number): number {
    if (this.used * 2 >= this.keys.length) this.grow();
    const h = this.hash(off);
    const slot = this.find(off, h);
    if (this.keys[slot] === EMPTY) {
      this.keys[slot] = off;
      this.hashes[slot] = h;
      this.used++;
    }
    return ++this.counts[slot]!;
  }

  private find(off: number, h: number): number {
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = keys.length - 1;
    let i = h & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === EMPTY || k === off || (hashes[i] === h && this.same(k, off))) return i;
      i = (i + 1) & mask;
    }
  }

  private hash(off: number): number {
    const t = this.t;
    let h = 0x811c9dc5;
    const i0 = off === 0 ? -1 : t.strBytesAt(off);
    if (i0 < 0) return h;
    const b = t.strBytes;
    for (let i = i0; i < b.length && b[i] !== 0; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h >>> 0;
  }

  /** Whether strings `a` and `b` have the same bytes. */
  private same(a: number, b: number): boolean {
    const t = this.t;
    const ia = a === 0 ? -1 : t.strBytesAt(a);
    const ba = t.strBytes;
    const ib = b === 0 ? -1 : t.strBytesAt(b);
    const bb = t.strBytes;
    if (ia < 0 || ib < 0) return ia < 0 && ib < 0;
    for (let k = 0; ; k++) {
      const x = ba[ia + k] ?? 0;
      if (x !== (bb[ib + k] ?? 0)) return false;
      if (x === 0) return true;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldHashes = this.hashes;
    const size = oldKeys.length * 2;
    const mask = size - 1;
    this.keys = new Int32Array(size).fill(EMPTY);
    this.counts = new Uint32Array(size);
    this.hashes = new Uint32Array(size);
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === EMPTY) continue;
      // Keys are distinct texts: just find a free slot.
      let j = oldHashes[i]! & mask;
      while (this.keys[j] !== EMPTY) j = (j + 1) & mask;
      this.keys[j] = k;
      this.counts[j] = oldCounts[i]!;
      this.hashes[j] = oldHashes[i]!;
    }
  }
}
