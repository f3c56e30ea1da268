/**
 * Unwraps packed inputs until something that carries BTF appears: gzip (fflate), zstd
 * (fzstd), xz (xz-decompress, WASM; x86 BCJ blocks through xz-filters.ts), tar (nanotar:
 * BTFHub's `<kernel>.btf.tar.xz`), and kernel images (kernel-image.ts): a bzImage's or EFI
 * zboot image's compressed payload, and the BTF blob inside a raw arm64 Image.
 *
 * This is core's one async function: xz-decompress only offers a stream API. Output is
 * capped (`maxOutputBytes`) so a decompression bomb cannot exhaust memory.
 */
import { Gunzip } from 'fflate';
import { Decompress as ZstdStream, decompress as zstdDecompress } from 'fzstd';
import { parseTar } from 'nanotar';
import { checkTarBounds } from './tar-check';
import xxhashWasm, { type XXHashAPI } from 'xxhash-wasm';
import * as xzModule from 'xz-decompress';
import { sniffBtfEndian } from '../btf/btf-header';
import { u32le } from '../bytes/byte-reader';
import { concatBytes } from '../bytes/concat';
import { OutputTooLarge, decodeCapped } from '../bytes/decode-capped';
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { type FileFormat, sniff } from '../detect';
import { isElf } from '../elf/elf-file';
import { crc32 } from './crc';
import { findEmbeddedBtf, findKernelPayload } from './kernel-image';
import { planFilters } from './xz-filters';
import { readXzLayout } from './xz-index';
import { zstdFrames } from './zstd-frames';

export interface UnpackedFile {
  /** The innermost bytes: raw BTF or ELF, or whatever could not be unwrapped further. */
  bytes: Uint8Array;
  format: FileFormat;
  /** The packings removed, outermost first, e.g. ['xz', 'tar:5.4.0-42-generic.btf']. */
  layers: string[];
  diagnostics: Diagnostic[];
}

export interface UnpackOptions {
  /** Upper bound on any decompressed output; default 1 GiB. */
  maxOutputBytes?: number;
  /**
   * Reports progress of slow steps (xz) in bytes of output produced, once per decoded chunk
   * (64 KiB): callers throttle. `total` is the output size the xz Index announces, 0 if unknown.
   */
  onProgress?: (phase: string, done: number, total: number) => void;
}

const DEFAULT_MAX = 1 << 30;

// xz-decompress is CommonJS (a webpack UMD): bundlers give its exports as named ones, Node's ESM
// loader (the npm package's dist-lib/index.js run as is) only as `default`.
const { XzReadableStream } = (xzModule as { default?: typeof xzModule }).default ?? xzModule;

type OnProgress = NonNullable<UnpackOptions['onProgress']>;

async function xzDecompress(bytes: Uint8Array, max: number, onProgress?: OnProgress): Promise<Uint8Array> {
  // The Index's figure is only a hint (the decoder checks it against the blocks): it sets the
  // progress total and rejects an announced bomb early; the cap below is what holds.
  const layout = readXzLayout(bytes, true);
  const announced = layout?.uncompressed ?? 0;
  if (announced > max) throw new Error(`xz output would be ${announced} bytes, over the limit of ${max}`);
  // What follows the last stream (a vmlinuz's size trailer) is not given to the decoder, and
  // blocks behind a filter it lacks (x86 BCJ) go through a re-wrapped stream.
  const plan = layout && planFilters(bytes, layout);
  const input = plan ? plan.stream : layout ? bytes.subarray(0, layout.end) : bytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  await drainXz(input, (chunk) => {
    if (chunk.length === 0) return; // the decoder's turns that only took input
    total += chunk.length;
    if (total > max) throw new Error(`xz output exceeds ${max} bytes`);
    chunks.push(chunk);
    onProgress?.('xz', total, announced);
  });
  const out = concatBytes(chunks);
  await plan?.finish(out);
  return out;
}

/** Feeds `bytes` through xz-decompress's stream, handing each output chunk to `sink` (which may throw to stop). */
async function drainXz(bytes: Uint8Array, sink: (chunk: Uint8Array) => void): Promise<void> {
  const input = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
  const reader = new XzReadableStream(input).getReader();
  for (;;) {
    let r: Awaited<ReturnType<typeof reader.read>>;
    try {
      r = await reader.read();
    } catch (e) {
      throw new Error(xzErrorText(e));
    }
    const { done, value } = r;
    if (done) return;
    try {
      sink(value);
    } catch (e) {
      await reader.cancel();
      throw e;
    }
  }
}

/** xz-embedded's return codes (xz.h `enum xz_ret`), which xz-decompress reports by number. */
const XZ_ERRORS: Record<string, string> = {
  '2': 'unsupported integrity check',
  '3': 'out of memory',
  '4': 'its dictionary is larger than the decoder allows',
  '5': 'not an xz stream (bad header)',
  '6': 'unsupported options or filter',
  '7': 'corrupt data',
  '8': 'truncated data',
};

function xzErrorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const code = /error code (\d+)/.exec(text)?.[1];
  return code && XZ_ERRORS[code] ? `${XZ_ERRORS[code]} (xz-embedded code ${code})` : text;
}

/** `printf btfscope | xz`: one block, so a warm-up runs the decoder's block path too. */
const TINY_XZ = new Uint8Array([
  0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46, 0x02, 0x00, 0x21, 0x01, 0x16, 0x00, 0x00, 0x00, 0x74, 0x2f,
  0xe5, 0xa3, 0x01, 0x00, 0x07, 0x62, 0x74, 0x66, 0x73, 0x63, 0x6f, 0x70, 0x65, 0x00, 0x0d, 0x65, 0xf2, 0x14, 0xda, 0x70, 0xb3, 0x28,
  0x00, 0x01, 0x20, 0x08, 0xbb, 0x19, 0xd9, 0xbb, 0x1f, 0xb6, 0xf3, 0x7d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x04, 0x59, 0x5a,
]);

let warm: Promise<void> | undefined;

/**
 * Gets the xz decoder ready before the first .xz arrives: xz-decompress decodes its WASM from
 * base64 and instantiates it on first use, and the stream code runs cold. In a Chromium worker
 * the first 6.18 kernel took ~135-155 ms against ~85-90 ms for later ones; after this (~3-9 ms,
 * best called when a worker starts) the first one takes ~90-100 ms. Never rejects.
 */
export function warmUpXz(): Promise<void> {
  warm ??= drainXz(TINY_XZ, () => {}).catch(() => undefined);
  return warm;
}

/**
 * The most output one byte of zstd input can give: a block (at least 4 bytes with its header)
 * gives at most 128 KiB. Sizes a zstd file declares (Frame_Content_Size, a kernel's size
 * trailer) are believed only below this, so a 20-byte file cannot make us allocate a gigabyte.
 */
const ZSTD_MAX_RATIO = 1 << 15;
/** Input fed to streaming decoders at a time: the cap is checked after each piece. */
const STREAM_CHUNK = 1 << 16;

/**
 * gzip, streamed under the output cap (fflate's one-shot gunzip allocates the ISIZE a file
 * claims). fflate does not check the CRC-32 a member ends with; for the usual one-member file
 * it is checked here, so damaged data is an error, not wrong BTF. Bytes after that member
 * (padding, say) are ignored as `gzip -d` ignores them: `trailing` counts them.
 */
function gunzipCapped(bytes: Uint8Array, max: number): { bytes: Uint8Array; trailing: number } {
  let more = false;
  const seen: Uint8Array[] = [];
  let out: Uint8Array;
  try {
    const r = decodeCapped(
      (ondata) => {
        const g = new Gunzip((chunk, final) => {
          seen.push(chunk);
          ondata(chunk, final);
        });
        g.onmember = () => (more = true); // called for the second member on
        return g;
      },
      bytes,
      max,
      STREAM_CHUNK,
    );
    if (!r.ended) throw new Error('the data ends before the gzip stream does (truncated)');
    out = r.bytes;
  } catch (e) {
    // fflate reads what follows a member as another one. If the output so far is one whole
    // member (its CRC-32 and size trailer are in the file), the rest is trailing bytes.
    if (e instanceof OutputTooLarge || more || seen.length === 0) throw e;
    out = concatBytes(seen);
    const end = trailerEnd(bytes, out);
    if (end === undefined) throw e;
    return { bytes: out, trailing: bytes.length - end };
  }
  if (!more && trailerEnd(bytes, out, bytes.length - 8) !== bytes.length) {
    throw new Error('the data does not match the CRC-32 and size its gzip trailer gives (corrupt data)');
  }
  return { bytes: out, trailing: 0 };
}

/**
 * Where the gzip member whose output is `out` ends: just after its CRC-32 and size trailer,
 * looked for at `from` only, or anywhere when `from` is not given.
 */
function trailerEnd(bytes: Uint8Array, out: Uint8Array, from?: number): number | undefined {
  const crc = crc32(out);
  const size = out.length % 2 ** 32;
  const last = from ?? bytes.length - 8;
  for (let p = from ?? 18; p >= 18 && p <= last; p++) if (u32le(bytes, p) === crc && u32le(bytes, p + 4) === size) return p + 8;
  return undefined;
}

/**
 * zstd, frame by frame. fzstd allocates a frame's declared size, so that size must be
 * plausible. A kernel's frame declares none: it is decoded into the size the image's trailer
 * announces, because without a size fzstd shifts its whole window (128 MiB for a kernel) once
 * per block (6.3 s instead of 0.9 s for Debian's 6.12 vmlinuz); a lying trailer could only cut
 * the output short or pad it, which the frame's checksum then reports. Other frames without a
 * size are streamed under the output cap. fzstd checks no checksum: each frame's is checked
 * here (XXH64, xxhash-wasm), so damaged data is an error, not wrong BTF.
 */
async function zstdDecode(bytes: Uint8Array, sizeHint: number | undefined, max: number): Promise<Uint8Array> {
  const walk = zstdFrames(bytes);
  // Not one whole frame: fzstd would first allocate whatever size the header declares.
  if (!walk) throw new Error('the zstd frame is truncated or malformed');
  const outs: Uint8Array[] = [];
  let total = 0;
  for (const f of walk.frames) {
    const frame = bytes.subarray(f.start, f.end);
    const bound = Math.min(max - total, frame.length * ZSTD_MAX_RATIO);
    let out: Uint8Array;
    if (f.contentSize !== undefined) {
      if (f.contentSize > bound) throw new Error(`a zstd frame declares ${f.contentSize} bytes of output, more than its ${frame.length} bytes can hold (or over the limit of ${max})`);
      out = zstdDecompress(frame);
    } else if (walk.frames.length === 1 && sizeHint !== undefined && sizeHint > 0 && sizeHint <= bound) {
      out = zstdDecompress(frame, new Uint8Array(sizeHint));
    } else {
      // fzstd's stream allocates (and shifts, per block) the whole window the header declares:
      // 1 GiB for a 15-byte frame took 3 s. No output this frame may have needs more.
      if (f.windowSize !== undefined && f.windowSize > frame.length * ZSTD_MAX_RATIO) {
        throw new Error(`a zstd frame declares a window of ${f.windowSize} bytes, more than its ${frame.length} bytes can fill`);
      }
      const r = decodeCapped((ondata) => new ZstdStream(ondata), frame, max - total, STREAM_CHUNK);
      if (!r.ended) throw new Error(`the zstd frame at ${f.start} ends early (truncated)`);
      out = r.bytes;
    }
    if (f.checksum !== undefined && (await xxh64Low32(out)) !== f.checksum) {
      throw new Error(`the zstd frame at ${f.start} does not match its checksum (corrupt data)`);
    }
    outs.push(out);
    total += out.length;
  }
  return concatBytes(outs);
}

let xxhash: Promise<XXHashAPI> | undefined;

/** The low 32 bits of XXH64 (seed 0): what a zstd frame stores as its checksum. */
async function xxh64Low32(data: Uint8Array): Promise<number> {
  const api = await (xxhash ??= xxhashWasm());
  return Number(api.h64Raw(data) & 0xffffffffn);
}

/** Picks the tar member that carries BTF: a raw BTF or ELF with the largest size. */
function pickTarMember(bytes: Uint8Array): { name: string; data: Uint8Array } | undefined {
  const files = parseTar(bytes).filter((f) => f.type === 'file' && f.data && f.data.length > 0);
  const btfish = files.filter((f) => sniffBtfEndian(f.data!) !== undefined || isElf(f.data!) || sniff(f.data!) !== 'unknown');
  const pool = btfish.length ? btfish : files;
  pool.sort((a, b) => b.data!.length - a.data!.length);
  const f = pool[0];
  return f ? { name: f.name, data: f.data! } : undefined;
}

export async function unpack(bytes: Uint8Array, opts: UnpackOptions = {}): Promise<UnpackedFile> {
  const max = opts.maxOutputBytes ?? DEFAULT_MAX;
  const layers: string[] = [];
  const diagnostics: Diagnostic[] = [];
  let cur = bytes;
  for (let depth = 0; depth < 6; depth++) {
    const packed = cur;
    let format = sniff(cur);
    let sizeHint: number | undefined;
    if (format === 'unknown') {
      const payload = findKernelPayload(cur);
      if (payload) {
        layers.push(payload.layer);
        cur = cur.subarray(payload.offset, payload.end);
        format = payload.format;
        sizeHint = payload.sizeHint;
      }
    }
    try {
      if (format === 'gzip') {
        layers.push('gzip');
        const g = gunzipCapped(cur, max);
        if (g.trailing > 0) {
          diagnostics.push({ severity: 'warning', code: ErrorCode.Decompress, message: `${g.trailing} bytes after the gzip stream were ignored`, offset: cur.length - g.trailing });
        }
        cur = g.bytes;
      } else if (format === 'zstd') {
        layers.push('zstd');
        // Whole frames only: a vmlinuz's payload is followed by the kernel's size trailer.
        cur = await zstdDecode(cur, sizeHint, max);
      } else if (format === 'xz') {
        layers.push('xz');
        cur = await xzDecompress(cur, max, opts.onProgress);
      } else if (format === 'tar') {
        const cut = checkTarBounds(cur);
        if (cut) {
          diagnostics.push(cut);
          return { bytes: cur, format, layers, diagnostics };
        }
        const m = pickTarMember(cur);
        if (!m) {
          diagnostics.push({ severity: 'error', code: ErrorCode.NoBtf, message: 'the tar archive holds no file' });
          return { bytes: cur, format, layers, diagnostics };
        }
        layers.push(`tar:${m.name}`);
        cur = m.data;
      } else {
        // A raw kernel Image (arm64's vmlinuz): its BTF lies in it without any section table.
        const btf = format === 'unknown' ? findEmbeddedBtf(cur) : undefined;
        if (btf) {
          layers.push(`btf@${btf.offset}`);
          cur = cur.subarray(btf.offset, btf.offset + btf.size);
          format = sniff(cur);
        }
        return { bytes: cur, format, layers, diagnostics };
      }
      if (cur.length > max) {
        // What comes back with the error is the packed layer, never an output over the cap.
        const n = cur.length;
        cur = packed;
        throw new Error(`decompressed size ${n} exceeds ${max} bytes`);
      }
    } catch (e) {
      // A vmlinuz's payload is followed by trailing bytes; zstd/xz may complain after decoding.
      diagnostics.push({
        severity: 'error',
        code: ErrorCode.Decompress,
        message: `could not unpack ${format}: ${e instanceof Error ? e.message : String(e)}`,
        offset: 0,
      });
      return { bytes: cur, format: sniff(cur), layers, diagnostics };
    }
  }
  return { bytes: cur, format: sniff(cur), layers, diagnostics };
}
