/**
 * CRC32 (IEEE 802.3) and CRC64 (ECMA-182), the checks of the .xz format, bit-reflected as xz
 * uses them. Needed where btfscope writes .xz headers itself and checks blocks it decoded
 * through its own filters (xz-filters.ts). CRC64 runs on two 32-bit halves: no BigInt.
 */

const CRC32_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

// Reflected polynomial 0xC96C5795D7870F42, as high and low words.
const [CRC64_HI, CRC64_LO] = (() => {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let h = 0;
    let l = i;
    for (let k = 0; k < 8; k++) {
      const odd = l & 1;
      l = ((l >>> 1) | (h << 31)) >>> 0;
      h >>>= 1;
      if (odd) {
        h = (h ^ 0xc96c5795) >>> 0;
        l = (l ^ 0xd7870f42) >>> 0;
      }
    }
    hi[i] = h;
    lo[i] = l;
  }
  return [hi, lo];
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = CRC32_TABLE;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC64 as its 8 little-endian bytes (how .xz stores it). */
export function crc64(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const th = CRC64_HI;
  const tl = CRC64_LO;
  let h = 0xffffffff;
  let l = 0xffffffff;
  for (let i = start; i < end; i++) {
    const x = (l ^ bytes[i]!) & 0xff;
    l = ((l >>> 8) | (h << 24)) ^ tl[x]!;
    h = (h >>> 8) ^ th[x]!;
  }
  h = ~h >>> 0;
  l = ~l >>> 0;
  const out = new Uint8Array(8);
  for (let k = 0; k < 4; k++) {
    out[k] = (l >>> (8 * k)) & 0xff;
    out[4 + k] = (h >>> (8 * k)) & 0xff;
  }
  return out;
}
