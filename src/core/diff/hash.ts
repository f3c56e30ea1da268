/**
 * 53-bit structural hashes for the diff engine.
 *
 * The diff compares two kernels type by type without ever comparing type ids (they differ
 * across kernels): each type gets a hash of what matters about it (its C spelling, or its
 * members' names, offsets, sizes and spellings), computed once per BTF and cached in the
 * signature index. Equal hashes mean "unchanged"; only unequal ones get a detailed diff.
 *
 * A hash is a double in [1, 2^53): two independent 32-bit lanes (FNV-1a and a murmur-style
 * mix), 32 + 21 bits kept. A false "unchanged" needs a 53-bit collision between the two
 * sides of one compared pair: about 1e-16 per pair, 1e-11 for a whole kernel diff.
 * Name hashes are taken over UTF-8 bytes so strings in the BTF and JS strings agree.
 */

const TWO32 = 4294967296;

/** Builds one hash from a sequence of 32-bit ints, other hashes and byte strings. */
export class Hasher {
  private a = 0x811c9dc5 | 0;
  private b = 0x2545f491 | 0;

  constructor(seed = 0) {
    if (seed) this.int(seed);
  }

  /** Starts over (to reuse one instance in hot loops instead of allocating). */
  reset(seed = 0): this {
    this.a = 0x811c9dc5 | 0;
    this.b = 0x2545f491 | 0;
    return seed ? this.int(seed) : this;
  }

  /** Adds a 32-bit integer (any number; only its low 32 bits count). */
  int(v: number): this {
    this.a = Math.imul(this.a ^ v, 0x01000193);
    let b = Math.imul(this.b ^ v, 0x5bd1e995);
    b ^= b >>> 15;
    this.b = b;
    return this;
  }

  /** Adds another 53-bit hash. */
  hash(h: number): this {
    return this.int(h >>> 0).int((h / TWO32) | 0);
  }

  /**
   * Adds bytes [start, end): four at a time as little-endian words, then the 0–3 left
   * over packed into one last word (its top byte is 0, so no full word of a NUL-free
   * string looks like it), then a terminator, so ("ab","c") and ("a","bc") differ.
   * Words, not bytes: names are hashed by the hundred thousand per kernel.
   */
  bytes(u8: Uint8Array, start = 0, end = u8.length): this {
    let a = this.a;
    let b = this.b;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const w = u8[i]! | (u8[i + 1]! << 8) | (u8[i + 2]! << 16) | (u8[i + 3]! << 24);
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w, 0x5bd1e995);
      b ^= b >>> 15;
    }
    let t = 0;
    for (let k = 0; i < end; i++, k += 8) t |= u8[i]! << k;
    this.a = a;
    this.b = b;
    return this.int(t).int(0xff);
  }

  /**
   * Adds the NUL-terminated string at u8[start] (stopping at `end`), as `bytes` would add
   * the same bytes without the NUL; returns this. Reads in place (dv views u8's bytes, at
   * the same indexes): a word at a time, finding the NUL with the has-zero-byte trick.
   */
  cstr(u8: Uint8Array, dv: DataView, start: number, end: number): this {
    let a = this.a;
    let b = this.b;
    let i = start;
    let t = 0;
    for (;;) {
      if (i + 4 > end) {
        // The last bytes of the section: byte by byte.
        for (let k = 0; i < end && u8[i] !== 0; i++, k += 8) t |= u8[i]! << k;
        break;
      }
      const w = dv.getUint32(i, true) | 0;
      const zero = (w - 0x01010101) & ~w & 0x80808080;
      if (zero !== 0) {
        // Keep the bytes below the first zero byte (the lowest flagged one is exact).
        const nul = 31 - Math.clz32(zero & -zero); // bit 7, 15, 23 or 31
        t = nul === 7 ? 0 : w & ((1 << (nul - 7)) - 1);
        break;
      }
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w, 0x5bd1e995);
      b ^= b >>> 15;
      i += 4;
    }
    this.a = a;
    this.b = b;
    return this.int(t).int(0xff);
  }

  /** Adds a JS string, hashing its UTF-8 bytes (same result as `bytes` on the encoded form). */
  str(s: string): this {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) return this.bytes(utf8.encode(s));
    }
    let a = this.a;
    let b = this.b;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w, 0x5bd1e995);
      b ^= b >>> 15;
    }
    let t = 0;
    for (let k = 0; i < n; i++, k += 8) t |= s.charCodeAt(i) << k;
    this.a = a;
    this.b = b;
    return this.int(t).int(0xff);
  }

  /** A second 32-bit value, independent of `value()`'s low lane, to confirm a match. */
  check(): number {
    return fmix(this.b ^ 0x165667b1) | 0;
  }

  /** The hash: never 0, so 0 can mean "not computed yet" in caches. */
  value(): number {
    const lo = fmix(this.a) >>> 0;
    const hi = fmix(this.b ^ 0x27d4eb2f) & 0x1fffff;
    return hi * TWO32 + lo || 1;
  }
}

const utf8 = new TextEncoder();

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Lane steps as small pure functions (inlined by the JIT): the member walk hashes in
// locals instead of writing a Hasher's fields for every word.
function stepA(a: number, v: number): number {
  return Math.imul(a ^ v, 0x01000193);
}
function stepB(b: number, v: number): number {
  const x = Math.imul(b ^ v, 0x5bd1e995);
  return x ^ (x >>> 15);
}
function finish(a: number, b: number): number {
  return (fmix(b ^ 0x27d4eb2f) & 0x1fffff) * TWO32 + (fmix(a) >>> 0) || 1;
}

/**
 * A member's key and signature in one call, written to out[0] and out[1]:
 * key = new Hasher(seed).hash(prefix).hash(name).value(),
 * sig = new Hasher(seed).hash(key).hash(cont).int(i1).int(i2).int(i3).hash(type).value().
 * Results go to a typed array because a double returned from a call that is not inlined
 * is boxed, and this runs for every member of every compared struct.
 */
export function memberHashes(seed: number, prefix: number, name: number, cont: number, i1: number, i2: number, i3: number, type: number, out: Float64Array): void {
  // The Hasher's steps on local lanes, not Hasher calls (a call that is not inlined returns
  // its double boxed); stepA/stepB are tiny and always inlined.
  const a0 = stepA(0x811c9dc5 | 0, seed);
  const b0 = stepB(0x2545f491 | 0, seed);
  let a = stepA(stepA(a0, prefix >>> 0), (prefix / TWO32) | 0);
  let b = stepB(stepB(b0, prefix >>> 0), (prefix / TWO32) | 0);
  a = stepA(stepA(a, name >>> 0), (name / TWO32) | 0);
  b = stepB(stepB(b, name >>> 0), (name / TWO32) | 0);
  const key = finish(a, b);
  out[0] = key;
  a = stepA(stepA(a0, key >>> 0), (key / TWO32) | 0);
  b = stepB(stepB(b0, key >>> 0), (key / TWO32) | 0);
  a = stepA(stepA(a, cont >>> 0), (cont / TWO32) | 0);
  b = stepB(stepB(b, cont >>> 0), (cont / TWO32) | 0);
  a = stepA(stepA(stepA(a, i1), i2), i3);
  b = stepB(stepB(stepB(b, i1), i2), i3);
  a = stepA(stepA(a, type >>> 0), (type / TWO32) | 0);
  b = stepB(stepB(b, type >>> 0), (type / TWO32) | 0);
  out[1] = finish(a, b);
}

/** Used by MultisetHash.value only (which calls nothing while it hashes). */
const multisetHasher = new Hasher();

/** Order-independent hash of a multiset of hashes (lane-wise sums). */
export class MultisetHash {
  private a = 0;
  private b = 0;
  private n = 0;

  add(h: number): void {
    this.a = (this.a + (h >>> 0)) | 0;
    this.b = (this.b + ((h / TWO32) | 0)) | 0;
    this.n++;
  }

  value(): number {
    return multisetHasher.reset(0x6d756c74).int(this.a).int(this.b).int(this.n).value();
  }

  /** Empties it for reuse. */
  reset(): this {
    this.a = 0;
    this.b = 0;
    this.n = 0;
    return this;
  }
}

/** Hash of a plain string (e.g. a type name typed by the user). */
export function hashString(s: string): number {
  return new Hasher().str(s).value();
}
