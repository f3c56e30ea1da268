/**
 * Unwraps packed inputs until something that carries BTF appears: gzip (fflate), zstd
 * (fzstd), xz (xz-decompress, WASM), tar (nanotar: BTFHub's `<kernel>.btf.tar.xz`), and a
 * bzImage/vmlinuz, whose compressed vmlinux payload is found by scanning for a stream magic.
 *
 * This is core's one async function: xz-decompress only offers a stream API. Output is
 * capped (`maxOutputBytes`) so a decompression bomb cannot exhaust memory.
 */
import { gunzipSync } from 'fflate';
import { decompress as zstdDecompress } from 'fzstd';
import { parseTar } from 'nanotar';
import { XzReadableStream } from 'xz-decompress';
import { sniffBtfEndian } from '../btf/btf-header';
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { type FileFormat, sniff } from '../detect';
import { isElf } from '../elf/elf-file';
import { xzUncompressedSize } from './xz-index';

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

type OnProgress = NonNullable<UnpackOptions['onProgress']>;

async function xzDecompress(bytes: Uint8Array, max: number, onProgress?: OnProgress): Promise<Uint8Array> {
  // The Index's figure is only a hint (the decoder checks it against the blocks): it sets the
  // progress total and rejects an announced bomb early; the cap below is what holds.
  const announced = xzUncompressedSize(bytes) ?? 0;
  if (announced > max) throw new Error(`xz output would be ${announced} bytes, over the limit of ${max}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  await drainXz(bytes, (chunk) => {
    if (chunk.length === 0) return; // the decoder's turns that only took input
    total += chunk.length;
    if (total > max) throw new Error(`xz output exceeds ${max} bytes`);
    chunks.push(chunk);
    onProgress?.('xz', total, announced);
  });
  return concat(chunks, total);
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
    const { done, value } = await reader.read();
    if (done) return;
    try {
      sink(value);
    } catch (e) {
      await reader.cancel();
      throw e;
    }
  }
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

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Finds the compressed vmlinux inside a bzImage (x86 "HdrS" setup header) or a raw payload. */
export function findKernelPayload(bytes: Uint8Array): { offset: number; format: 'xz' | 'zstd' | 'gzip' } | undefined {
  const isBzImage = bytes.length > 0x206 && bytes[0x202] === 0x48 && bytes[0x203] === 0x64 && bytes[0x204] === 0x72 && bytes[0x205] === 0x53;
  if (!isBzImage) return undefined;
  const limit = Math.min(bytes.length - 6, 64 << 20);
  for (let i = 0x200; i < limit; i++) {
    const b = bytes[i];
    if (b === 0xfd && bytes[i + 1] === 0x37 && bytes[i + 2] === 0x7a && bytes[i + 3] === 0x58 && bytes[i + 4] === 0x5a && bytes[i + 5] === 0) return { offset: i, format: 'xz' };
    if (b === 0x28 && bytes[i + 1] === 0xb5 && bytes[i + 2] === 0x2f && bytes[i + 3] === 0xfd) return { offset: i, format: 'zstd' };
    if (b === 0x1f && bytes[i + 1] === 0x8b && bytes[i + 2] === 0x08) return { offset: i, format: 'gzip' };
  }
  return undefined;
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
    let format = sniff(cur);
    if (format === 'unknown') {
      const payload = findKernelPayload(cur);
      if (payload) {
        layers.push(`vmlinuz@${payload.offset}`);
        cur = cur.subarray(payload.offset);
        format = payload.format;
      }
    }
    try {
      if (format === 'gzip') {
        layers.push('gzip');
        cur = gunzipSync(cur);
      } else if (format === 'zstd') {
        layers.push('zstd');
        cur = zstdDecompress(cur);
      } else if (format === 'xz') {
        layers.push('xz');
        cur = await xzDecompress(cur, max, opts.onProgress);
      } else if (format === 'tar') {
        const m = pickTarMember(cur);
        if (!m) {
          diagnostics.push({ severity: 'error', code: ErrorCode.NoBtf, message: 'the tar archive holds no file' });
          return { bytes: cur, format, layers, diagnostics };
        }
        layers.push(`tar:${m.name}`);
        cur = m.data;
      } else {
        return { bytes: cur, format, layers, diagnostics };
      }
      if (cur.length > max) throw new Error(`decompressed size exceeds ${max} bytes`);
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
