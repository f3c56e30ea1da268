/**
 * The record-index hot loop as a 200-byte WebAssembly function, assembled here at load.
 *
 * Why: a cold parse (fresh process or worker) runs the JS loop in V8's interpreter before it
 * gets optimized, which makes cold parses of a 130k-type kernel several times slower than
 * warm ones. WebAssembly is compiled before its first call, so the loop runs at native speed
 * from the start. The words are streamed through a small fixed window (256 KiB), so memory
 * stays flat. It processes only plain records; everything else returns to the JS caller.
 * Where WebAssembly is unavailable, `createWasmIndexer` returns undefined.
 */

const CHUNK_WORDS = 1 << 16;
const SIZES_PTR = 0;
const SCRATCH_PTR = 1024;
const WORDS_PTR = 1040;
const OUT_PTR = WORDS_PTR + CHUNK_WORDS * 4;
const MEMORY_PAGES = Math.ceil((OUT_PTR + CHUNK_WORDS * 4) / 65536);

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const str = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Params: 0 words, 1 nWords, 2 sizes, 3 out, 4 cap, 5 startByte, 6 w, 7 count, 8 scratch.
// Locals: 9 info, 10 k2, 11 infoWords, 12 next. Returns w; stores count at scratch.
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const c = (n: number) => [0x41, ...sleb(n)];
const load = (offset: number) => [0x28, 2, ...uleb(offset)];
const ADD = 0x6a, MUL = 0x6c, AND = 0x71, SHL = 0x74, SHR_U = 0x76, EQZ = 0x45, GT_U = 0x4b, GE_U = 0x4f, LT_S = 0x48;
const brIf = (d: number) => [0x0d, d];

const body = [
  1, 4, 0x7f, // 4 locals of i32
  0x02, 0x40, // block
  0x03, 0x40, //   loop
  ...get(6), ...c(3), ADD, ...get(1), GT_U, ...brIf(1),
  ...get(7), ...get(4), GE_U, ...brIf(1),
  ...get(0), ...get(6), ...c(2), SHL, ADD, ...load(4), ...set(9),
  ...get(9), ...c(24), SHR_U, ...c(0x7f), AND, ...c(1), SHL, ...tee(10), EQZ, ...brIf(1),
  ...get(10), ...c(38), GT_U, ...brIf(1),
  ...get(2), ...get(10), ...c(2), SHL, ADD, ...load(0), ...tee(11), ...c(0), LT_S, ...brIf(1),
  ...get(6), ...c(3), ADD, ...get(11), ADD,
  ...get(9), ...c(0xffffff), AND,
  ...get(2), ...get(10), ...c(2), SHL, ADD, ...load(4),
  MUL, ADD, ...tee(12), ...get(1), GT_U, ...brIf(1),
  ...get(3), ...get(7), ...c(2), SHL, ADD,
  ...get(5), ...get(6), ...c(2), SHL, ADD,
  0x36, 2, 0, // i32.store
  ...get(7), ...c(1), ADD, ...set(7),
  ...get(12), ...set(6),
  0x0c, 0, // br loop
  0x0b, // end loop
  0x0b, // end block
  ...get(8), ...get(7), 0x36, 2, 0,
  ...get(6),
  0x0b, // end function
];

const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(0x7f), 1, 0x7f]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, ...uleb(MEMORY_PAGES)]),
  ...section(7, [2, ...str('mem'), 2, 0, ...str('index'), 0, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

export type WasmIndexer = (
  words: Uint32Array,
  sizes: Int32Array,
  offsets: Uint32Array,
  startByte: number,
  w: number,
  count: number,
) => { w: number; count: number };

/** The sliver of the WebAssembly API used here (core compiles without DOM/Node typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let cached: WasmIndexer | null | undefined;

/** The WebAssembly indexer, compiled once; undefined where WebAssembly cannot run. */
export function createWasmIndexer(): WasmIndexer | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  try {
    const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wa) return undefined;
    const inst = new wa.Instance(new wa.Module(MODULE_BYTES), {});
    const mem = inst.exports.mem as { buffer: ArrayBuffer };
    const index = inst.exports.index as (...a: number[]) => number;
    const heap = new Uint32Array(mem.buffer);
    cached = (words, sizes, offsets, startByte, w, count) => {
      new Int32Array(mem.buffer, SIZES_PTR, 256).set(sizes.subarray(0, 256));
      const n = words.length;
      while (w < n && count < offsets.length) {
        const len = Math.min(CHUNK_WORDS, n - w);
        heap.set(words.subarray(w, w + len), WORDS_PTR >>> 2);
        const cap = Math.min(CHUNK_WORDS, offsets.length - count);
        const doneW = index(WORDS_PTR, len, SIZES_PTR, OUT_PTR, cap, startByte + w * 4, 0, 0, SCRATCH_PTR);
        const doneCount = heap[SCRATCH_PTR >>> 2]!;
        if (doneW === 0) break; // an unusual record or one larger than the window: JS takes it
        offsets.set(heap.subarray(OUT_PTR >>> 2, (OUT_PTR >>> 2) + doneCount), count);
        count += doneCount;
        w += doneW;
      }
      return { w, count };
    };
  } catch {
    cached = null;
  }
  return cached ?? undefined;
}
