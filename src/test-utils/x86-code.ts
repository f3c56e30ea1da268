// Deterministic bytes that look like x86-64 machine code to the .xz x86 BCJ filter: calls and
// jumps (E8/E9) to a few functions, E8/E9 bytes followed by data that is not an address, and
// runs of them a few bytes apart (the filter's look-back mask); and arm64 BL/ADRP words for the
// ARM64 filter. The xz fixtures under fixtures/synthetic/xz are these bytes packed by the real
// xz (scripts/record-xz-fixtures.sh); the unpack tests regenerate them to compare.

/** `size` bytes of x86-like code (same bytes every time). */
export function x86Code(size = 24 << 10): Uint8Array {
  const out = new Uint8Array(size);
  let seed = 0x2545f491;
  const rand = (n: number): number => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed % n;
  };
  const targets = Array.from({ length: 48 }, () => rand(size));
  const snippets = [
    [0x55, 0x48, 0x89, 0xe5],
    [0x48, 0x83, 0xec, 0x20],
    [0x5d, 0xc3],
    [0x0f, 0x1f, 0x44, 0x00, 0x00],
    [0x48, 0x8b, 0x45, 0xf8],
    [0x31, 0xc0],
  ];
  let i = 0;
  const put = (b: number): void => {
    if (i < size) out[i++] = b;
  };
  while (i < size) {
    const r = rand(16);
    if (r < 5) {
      // call/jmp rel32 to a known function: absolute after the filter, so it compresses
      const op = r < 4 ? 0xe8 : 0xe9;
      const rel = (targets[rand(targets.length)]! - (i + 5)) >>> 0;
      put(op);
      for (let k = 0; k < 4; k++) put((rel >>> (8 * k)) & 0xff);
    } else if (r < 6) {
      // E8/E9 as data: the byte four on is no address's top byte
      put(0xe8 | rand(2));
      put(rand(256));
      put(0xe8);
      put(rand(256));
      put(0x10 + rand(0xe0));
    } else if (r < 8) {
      // a mix of opcode, address-top and other bytes: every path of the filter's look-back
      for (let k = 0; k < 10; k++) put([0xe8, 0xe9, 0x00, 0xff, rand(256)][rand(5)]!);
    } else if (r < 10) {
      // An arm64 BL or a nearby ADRP, word-aligned, for the ARM64 filter (which ignores x86 bytes)
      while (i % 4 !== 0) put(0x1f);
      const word = rand(2) ? 0x94000000 | rand(1 << 26) : 0x90000000 | (rand(4) << 29) | (rand(0x8000) << 5) | rand(32);
      for (let k = 0; k < 4; k++) put((word >>> (8 * k)) & 0xff);
    } else if (r < 11) {
      // opcodes close together, then a real call
      put(0xe8);
      put(0xe9);
      put(0x00);
      put(0xe8);
      put(0xff);
      put(0xff);
      put(0xff);
      put(0xff);
    } else {
      for (const b of snippets[rand(snippets.length)]!) put(b);
    }
  }
  return out;
}
