/**
 * .xz blocks whose filter chain the bundled decoder (xz-decompress: xz-embedded with LZMA2
 * only) does not take: Linux compresses x86 kernels with `xz --x86 --lzma2` (scripts/xz_wrap.sh),
 * so every xz-packed bzImage (Debian's 5.10 and 6.1 vmlinuz) has a BCJ filter before LZMA2;
 * arm64 images packed with xz (Image.xz, EFI zboot) have the ARM64 one since Linux 6.12.
 *
 * The LZMA2 data of each block is re-wrapped into a stream of its own making (same blocks,
 * LZMA2 only, no check), which xz-decompress decodes; then the BCJ filter is undone here and
 * each block's original check (CRC32, CRC64 or SHA-256) is verified against the result, so
 * the output is exactly what `xz -d` gives, or an error.
 */
import { u32le } from '../bytes/byte-reader';
import { concatBytes } from '../bytes/concat';
import { crc32, crc64 } from './crc';
import { XZ_HEADER_MAGIC, type XzBlockInfo, type XzLayout, readVli } from './xz-index';

const LZMA2 = 0x21;
const BCJ_X86 = 0x04;
const BCJ_ARM64 = 0x0a;
/** The BCJ decoders btfscope has, by filter id. */
const BCJ: Record<number, (buf: Uint8Array, start: number) => void> = {
  [BCJ_X86]: bcjX86Decode,
  [BCJ_ARM64]: bcjArm64Decode,
};
const FILTER_NAMES: Record<number, string> = {
  0x03: 'Delta',
  0x04: 'x86 BCJ',
  0x05: 'PowerPC BCJ',
  0x06: 'IA-64 BCJ',
  0x07: 'ARM BCJ',
  0x08: 'ARM-Thumb BCJ',
  0x09: 'SPARC BCJ',
  0x0a: 'ARM64 BCJ',
  0x0b: 'RISC-V BCJ',
};

interface Filter {
  id: number;
  props: Uint8Array;
}

/** A decode of a stream through LZMA2 alone, and what to do to its output afterwards. */
export interface FilterPlan {
  /** The re-wrapped .xz stream to give the decoder. */
  stream: Uint8Array;
  /** Undoes the filters in place and verifies every block's check; throws on a mismatch. */
  finish(out: Uint8Array): Promise<void>;
}

/**
 * A plan when some block needs a filter the decoder lacks; undefined when every block is
 * plain LZMA2. Throws (with the filter's name) for filters btfscope does not implement.
 */
export function planFilters(bytes: Uint8Array, layout: XzLayout): FilterPlan | undefined {
  const blocks: { info: XzBlockInfo; filters: Filter[]; checkType: number; checkSize: number }[] = [];
  let needed = false;
  for (const s of layout.streams) {
    for (const info of s.blocks) {
      const filters = blockFilters(bytes, info);
      const last = filters[filters.length - 1]!;
      if (last.id !== LZMA2) throw new Error(`xz block at ${info.header} does not end in LZMA2 (filter 0x${last.id.toString(16)})`);
      for (const f of filters.slice(0, -1)) {
        const name = FILTER_NAMES[f.id] ?? `0x${f.id.toString(16)}`;
        if (!BCJ[f.id]) throw new Error(`the xz filter ${name} is not supported`);
        if (f.props.length !== 0 && f.props.length !== 4) throw new Error(`bad ${name} properties in the xz block at ${info.header}`);
      }
      if (filters.length > 1) needed = true;
      blocks.push({ info, filters, checkType: s.checkType, checkSize: s.checkSize });
    }
  }
  if (!needed) return undefined;
  const stream = rewrap(
    bytes,
    blocks.map((b) => ({ info: b.info, dictProps: b.filters[b.filters.length - 1]!.props })),
  );
  return {
    stream,
    async finish(out: Uint8Array) {
      let o = 0;
      for (const b of blocks) {
        const size = b.info.uncompressedSize;
        if (o + size > out.length) throw new Error('xz output is shorter than its Index says');
        const data = out.subarray(o, o + size);
        // Decoding undoes the chain back to front; only BCJ filters can precede LZMA2 here.
        for (let i = b.filters.length - 2; i >= 0; i--) {
          const f = b.filters[i]!;
          BCJ[f.id]!(data, f.props.length === 4 ? u32le(f.props, 0) : 0);
        }
        await verifyCheck(bytes, b.info.check, b.checkType, b.checkSize, data);
        o += size;
      }
      if (o !== out.length) throw new Error('xz output is longer than its Index says');
    },
  };
}

/** The Filter Flags of a Block Header (§3.1); throws on a malformed header. */
function blockFilters(bytes: Uint8Array, b: XzBlockInfo): Filter[] {
  const end = b.header + b.headerSize - 4;
  if (end > bytes.length || crc32(bytes, b.header, end) !== u32le(bytes, end)) throw new Error(`bad xz block header at ${b.header}`);
  const flags = bytes[b.header + 1]!;
  if (flags & 0x3c) throw new Error(`unsupported xz block header flags at ${b.header}`);
  const r = { pos: b.header + 2 };
  if (flags & 0x40 && readVli(bytes, r, end) === undefined) throw new Error(`bad xz block header at ${b.header}`);
  if (flags & 0x80 && readVli(bytes, r, end) === undefined) throw new Error(`bad xz block header at ${b.header}`);
  const filters: Filter[] = [];
  for (let i = 0; i <= (flags & 3); i++) {
    const id = readVli(bytes, r, end);
    const n = readVli(bytes, r, end);
    if (id === undefined || n === undefined || r.pos + n > end) throw new Error(`bad xz filter flags at ${b.header}`);
    filters.push({ id, props: bytes.slice(r.pos, r.pos + n) });
    r.pos += n;
  }
  return filters;
}

/** One .xz stream holding the given blocks' LZMA2 data under LZMA2-only headers, check None. */
function rewrap(bytes: Uint8Array, blocks: readonly { info: XzBlockInfo; dictProps: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const flags = new Uint8Array([0, 0]); // check type None
  parts.push(new Uint8Array([...XZ_HEADER_MAGIC, ...flags, ...le32(crc32(flags))]));
  const index: number[] = [0, ...vli(blocks.length)];
  for (const { info, dictProps } of blocks) {
    // Size code, flags (one filter, no sizes), LZMA2 with its one property byte, padding.
    const h = new Uint8Array(12);
    h.set([2, 0, LZMA2, 1, dictProps[0] ?? 0]);
    h.set(le32(crc32(h, 0, 8)), 8);
    parts.push(h, bytes.subarray(info.data, info.data + info.compressedSize), new Uint8Array((4 - (info.compressedSize % 4)) % 4));
    index.push(...vli(12 + info.compressedSize), ...vli(info.uncompressedSize));
  }
  while (index.length % 4 !== 0) index.push(0);
  const indexBytes = new Uint8Array([...index, 0, 0, 0, 0]);
  indexBytes.set(le32(crc32(indexBytes, 0, index.length)), index.length);
  parts.push(indexBytes);
  const footer = new Uint8Array(12);
  footer.set(le32(indexBytes.length / 4 - 1), 4);
  footer.set([...flags, 0x59, 0x5a], 8);
  footer.set(le32(crc32(footer, 4, 10)), 0);
  parts.push(footer);
  return concatBytes(parts);
}

/** WebCrypto's digest, in browsers, workers and Node 20 alike (core's lib has no WebCrypto types). */
const subtle = (globalThis as unknown as { crypto?: { subtle?: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } } }).crypto
  ?.subtle;

async function verifyCheck(bytes: Uint8Array, at: number, type: number, size: number, data: Uint8Array): Promise<void> {
  const stored = bytes.subarray(at, at + size);
  let actual: Uint8Array;
  if (type === 0) return;
  if (type === 1) actual = le32(crc32(data));
  else if (type === 4) actual = crc64(data);
  else if (type === 10 && subtle) actual = new Uint8Array(await subtle.digest('SHA-256', data));
  else return; // a check type the format reserves (or no WebCrypto): nothing to compare with
  if (actual.length !== stored.length || actual.some((v, i) => v !== stored[i])) {
    throw new Error(`the xz block whose check is at ${at} does not match its check (corrupt data)`);
  }
}

const MASK_TO_ALLOWED = [true, true, true, false, true, false, false, false];
const MASK_TO_BIT_NUM = [0, 1, 2, 2, 3, 3, 3, 3];

/**
 * Undoes the x86 BCJ filter in place: CALL/JMP (E8/E9) targets that the encoder made absolute
 * become relative again. `start` is the filter's start offset (0 unless its properties say).
 * The .xz format's x86 filter; the last four bytes are never converted, as in the encoder.
 */
export function bcjX86Decode(buf: Uint8Array, start: number): void {
  if (buf.length <= 4) return;
  const limit = buf.length - 4;
  let prevPos = -1;
  let prevMask = 0;
  for (let i = 0; i < limit; i++) {
    if ((buf[i]! & 0xfe) !== 0xe8) continue;
    const dist = i - prevPos;
    if (dist > 3) {
      prevMask = 0;
    } else {
      prevMask = (prevMask << (dist - 1)) & 7;
      if (prevMask !== 0) {
        const b = buf[i + 4 - MASK_TO_BIT_NUM[prevMask]!]!;
        if (!MASK_TO_ALLOWED[prevMask] || b === 0 || b === 0xff) {
          prevPos = i;
          prevMask = (prevMask << 1) | 1;
          continue;
        }
      }
    }
    prevPos = i;
    const msb = buf[i + 4]!;
    if (msb !== 0 && msb !== 0xff) {
      prevMask = (prevMask << 1) | 1;
      continue;
    }
    let src = u32le(buf, i + 1);
    let dest: number;
    for (;;) {
      dest = (src - ((start + i + 5) >>> 0)) >>> 0;
      if (prevMask === 0) break;
      const j = MASK_TO_BIT_NUM[prevMask]! * 8;
      const b = (dest >>> (24 - j)) & 0xff;
      if (b !== 0 && b !== 0xff) break;
      src = (dest ^ (2 ** (32 - j) - 1)) >>> 0;
    }
    dest &= 0x01ffffff;
    if (dest & 0x01000000) dest |= 0xff000000;
    buf[i + 1] = dest & 0xff;
    buf[i + 2] = (dest >>> 8) & 0xff;
    buf[i + 3] = (dest >>> 16) & 0xff;
    buf[i + 4] = (dest >>> 24) & 0xff;
    i += 4;
  }
}

/**
 * Undoes the ARM64 BCJ filter in place (XZ Utils 5.4): BL targets and ADRP page offsets that the
 * encoder made absolute become relative again, 4-byte aligned words only. ADRP is converted only
 * within ±512 MiB, as the encoder did.
 */
export function bcjArm64Decode(buf: Uint8Array, start: number): void {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i + 4 <= buf.length; i += 4) {
    let instr = view.getUint32(i, true);
    const pc = (start + i) >>> 0;
    if (instr >>> 26 === 0x25) {
      // BL
      instr = (0x94000000 | ((instr - (pc >>> 2)) & 0x03ffffff)) >>> 0;
      view.setUint32(i, instr, true);
    } else if ((instr & 0x9f000000) >>> 0 === 0x90000000) {
      // ADRP
      const src = ((instr >>> 29) & 3) | ((instr >>> 3) & 0x001ffffc);
      if (((src + 0x00020000) & 0x001c0000) !== 0) continue;
      const dest = (src - (pc >>> 12)) >>> 0;
      instr &= 0x9000001f;
      instr |= (dest & 3) << 29;
      instr |= (dest & 0x0003fffc) << 3;
      instr |= (0 - (dest & 0x00020000)) & 0x00e00000;
      view.setUint32(i, instr >>> 0, true);
    }
  }
}

function le32(v: number): Uint8Array {
  return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
}

function vli(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
