/**
 * libbpf's btf_dump name-occurrence maps (`type_names`, `ident_names`), keyed by the name's
 * bytes in the BTF string section instead of by decoded JS strings: an open-addressing hash
 * table of string offsets with FNV-1a over the bytes and byte comparison on collision. Two
 * different offsets holding the same text count as the same name, exactly like libbpf's
 * strcmp-keyed hashmap; nothing is decoded or allocated per lookup.
 *
 * Nearly every name is looked up once, so the cost is memory traffic: key and count share
 * one 8-byte slot, and the table is sized up front from the number of names it can see, so
 * it never rehashes. (Storing hashes too made the table twice as big and no faster.)
 */
import type { TypeTables } from '../layout/type-tables';

const EMPTY = -1;
/** Words per slot: key (string offset), count. */
const STRIDE = 2;

export class NameCounter {
  private slots: Int32Array;
  private mask: number;
  private used = 0;

  /** `expected`: how many distinct names at most (more are fine, they cost a rehash). */
  constructor(
    private readonly t: TypeTables,
    expected = 1 << 15,
  ) {
    let size = 1 << 10;
    while (size < expected * 2) size <<= 1;
    this.slots = new Int32Array(size * STRIDE).fill(EMPTY);
    this.mask = size - 1;
  }

  /** Counts one more occurrence of string `off`; returns the count so far (1 = first). */
  inc(off: number): number {
    const slots = this.slots;
    const h = this.hash(off);
    let i = (h & this.mask) * STRIDE;
    for (;;) {
      const k = slots[i]!;
      if (k === off || (k !== EMPTY && this.same(k, off))) return ++slots[i + 1]!;
      if (k === EMPTY) break;
      i = (i + STRIDE) & (this.mask * STRIDE + STRIDE - 1);
    }
    slots[i] = off;
    slots[i + 1] = 1;
    if (++this.used * 2 > this.mask) this.grow();
    return 1;
  }

  private hash(off: number): number {
    const t = this.t;
    let h = 0x811c9dc5;
    const i0 = off === 0 ? -1 : t.strBytesAt(off);
    if (i0 < 0) return h | 0;
    const b = t.strBytes;
    for (let i = i0; i < b.length; i++) {
      const c = b[i]!;
      if (c === 0) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h | 0;
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
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size * STRIDE).fill(EMPTY);
    for (let i = 0; i < old.length; i += STRIDE) {
      if (old[i] === EMPTY) continue;
      // Keys are distinct texts: just find a free slot.
      let j = (this.hash(old[i]!) & mask) * STRIDE;
      while (slots[j] !== EMPTY) j = (j + STRIDE) & (mask * STRIDE + STRIDE - 1);
      slots[j] = old[i]!;
      slots[j + 1] = old[i + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
