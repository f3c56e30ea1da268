/**
 * libbpf's btf_dump name-occurrence maps (`type_names`, `ident_names`): how often each name
 * has been printed, for the `___N` suffixes. libbpf keys them by string (strcmp), so two
 * string offsets holding the same text are the same name.
 *
 * Every name the dump can count is numbered up front, in one pass in id order: equal texts
 * get the same number (FNV-1a over the bytes in the string section, byte comparison on
 * collision), and counting is then one typed-array increment. The pass reads the string
 * section nearly in order and its loop is optimized at once; hashing each name when first
 * printed, in dump order, was several times slower in a cold process (random reads, and the
 * code deoptimized at the first duplicate).
 */
import { BtfKind } from '../btf/btf-kinds';
import type { TypeTables } from '../layout/type-tables';

export class NameNumbers {
  /** Number of the name of each type that can be counted (struct/union/enum/int/typedef); 0 = none. */
  readonly ofType: Int32Array;
  /** Number of each enumerator's name, by entry index (only enum entries are set). */
  readonly ofEntry: Int32Array;
  /** Distinct names numbered so far; numbers are 1..count. */
  count = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(private readonly t: TypeTables) {
    const n = t.count;
    this.ofType = new Int32Array(n);
    this.ofEntry = new Int32Array(t.a.length);
    let size = 1 << 10;
    while (size < n) size <<= 1;
    // Slots: [string offset, number]; at most ~n/2 names, so the load stays under 1/2.
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
    const { kind, nameOff, vlen, entryStart, a } = t;
    for (let id = 1; id < n; id++) {
      const k = kind[id]!;
      if (k === BtfKind.Enum || k === BtfKind.Enum64) {
        const e0 = entryStart[id]!;
        const e1 = e0 + vlen[id]!;
        for (let e = e0; e < e1; e++) this.ofEntry[e] = this.number(a[e]!);
      } else if (k !== BtfKind.Struct && k !== BtfKind.Union && k !== BtfKind.Int && k !== BtfKind.Typedef) {
        continue;
      }
      if (nameOff[id] !== 0) this.ofType[id] = this.number(nameOff[id]!);
    }
  }

  /** The number of the text at string offset `off` (assigned on first sight). */
  number(off: number): number {
    const t = this.t;
    let h = 0x811c9dc5;
    const i0 = off === 0 ? -1 : t.strBytesAt(off);
    if (i0 >= 0) {
      const b = t.strBytes;
      for (let i = i0; i < b.length; i++) {
        const c = b[i]!;
        if (c === 0) break;
        h = Math.imul(h ^ c, 0x01000193);
      }
    }
    const slots = this.slots;
    const wrap = this.mask * 2 + 1;
    let i = (h & this.mask) * 2;
    for (;;) {
      const k = slots[i]!;
      if (k === -1) break;
      if (k === off || this.same(k, off)) return slots[i + 1]!;
      i = (i + 2) & wrap;
    }
    slots[i] = off;
    slots[i + 1] = ++this.count;
    if (this.count * 2 > this.mask) this.grow();
    return this.count;
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
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
    const count = this.count;
    // Re-insert every key (distinct texts); number() would count them again, so undo that.
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === -1) continue;
      this.count = old[i + 1]! - 1;
      this.number(old[i]!);
    }
    this.count = count;
  }
}

/** Occurrence counts by name number (one namespace of libbpf's: type names or identifiers). */
export class NameCounts {
  private counts: Uint32Array;

  constructor(private readonly numbers: NameNumbers) {
    this.counts = new Uint32Array(numbers.count + 1);
  }

  /** Counts one more occurrence of name number `num`; returns the count so far (1 = first). */
  inc(num: number): number {
    if (num >= this.counts.length) {
      const c = new Uint32Array(Math.max(num + 1, this.counts.length * 2));
      c.set(this.counts);
      this.counts = c;
    }
    return ++this.counts[num]!;
  }

  /** Counts string offset `off` (a name the up-front pass did not number). */
  incOff(off: number): number {
    return this.inc(this.numbers.number(off));
  }
}
