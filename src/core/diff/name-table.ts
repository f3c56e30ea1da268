/**
 * Name hash → type ids, for one kind of one BTF: an open-addressing table over typed
 * arrays. 53-bit hash keys are doubles, which a `Map` stores as boxed numbers; a table of
 * ~60k functions is built and probed several times faster this way, and walked without
 * allocating an entry per type.
 */
export class NameTable {
  /** 0 = empty slot (hashes are never 0). */
  private keys: Float64Array;
  /** id (> 0), or -(1 + index into `lists`) when the name repeats. */
  private vals: Int32Array;
  private readonly lists: number[][] = [];
  private count = 0;

  constructor(capacity = 64) {
    let n = 16;
    while (n < capacity * 2) n <<= 1;
    this.keys = new Float64Array(n);
    this.vals = new Int32Array(n);
  }

  /** Empties the table for reuse, growing it to hold `capacity` names. */
  reset(capacity: number): this {
    let n = this.keys.length;
    while (n < capacity * 2) n <<= 1;
    if (n !== this.keys.length) {
      this.keys = new Float64Array(n);
      this.vals = new Int32Array(n);
    } else {
      this.keys.fill(0);
    }
    this.lists.length = 0;
    this.count = 0;
    return this;
  }

  get size(): number {
    return this.count;
  }

  /** Number of slots; walk them with `keyAt`/`idsAt`. */
  get capacity(): number {
    return this.keys.length;
  }

  /** The key in slot s, or 0 for an empty slot. */
  keyAt(s: number): number {
    return this.keys[s]!;
  }

  /** The single id in slot s, or 0 when the slot holds several (then see `listAt`). */
  idAt(s: number): number {
    const v = this.vals[s]!;
    return v > 0 ? v : 0;
  }

  /** All ids in slot s, ascending. */
  listAt(s: number): number[] {
    const v = this.vals[s]!;
    return v > 0 ? [v] : v < 0 ? this.lists[-v - 1]! : [];
  }

  /** The slot holding `key`, or -1. */
  find(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let s = (key >>> 0) & mask; ; s = (s + 1) & mask) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === 0) return -1;
    }
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  /** Adds `id` under `key` (ids must come in ascending order). */
  add(key: number, id: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let s = (key >>> 0) & mask; ; s = (s + 1) & mask) {
      const k = keys[s]!;
      if (k === 0) {
        keys[s] = key;
        this.vals[s] = id;
        this.count++;
        return;
      }
      if (k === key) {
        const v = this.vals[s]!;
        if (v > 0) {
          this.lists.push([v, id]);
          this.vals[s] = -this.lists.length;
        } else this.lists[-v - 1]!.push(id);
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    const n = keys.length * 2;
    this.keys = new Float64Array(n);
    this.vals = new Int32Array(n);
    const mask = n - 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === 0) continue;
      let s = (k >>> 0) & mask;
      while (this.keys[s] !== 0) s = (s + 1) & mask;
      this.keys[s] = k;
      this.vals[s] = vals[i]!;
    }
  }
}
