import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, kernelBytes } from '../../test-utils/fixtures';
import { concatBytes } from '../bytes/concat';
import { ErrorCode } from '../diagnostics';
import { unpack, warmUpXz } from './unpack';
import { crc32 } from './crc';
import { xzUncompressedSize } from './xz-index';

/** `printf btfscope | xz`: one stream, one block, CRC64. */
const TINY = new Uint8Array([
  0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46, 0x02, 0x00, 0x21, 0x01, 0x16, 0x00, 0x00, 0x00, 0x74, 0x2f,
  0xe5, 0xa3, 0x01, 0x00, 0x07, 0x62, 0x74, 0x66, 0x73, 0x63, 0x6f, 0x70, 0x65, 0x00, 0x0d, 0x65, 0xf2, 0x14, 0xda, 0x70, 0xb3, 0x28,
  0x00, 0x01, 0x20, 0x08, 0xbb, 0x19, 0xd9, 0xbb, 0x1f, 0xb6, 0xf3, 0x7d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x04, 0x59, 0x5a,
]);

const cat = (...parts: Uint8Array[]) => concatBytes(parts);

const kernelXz = () => new Uint8Array(readFileSync(join(FIXTURES, 'kernels/vmlinux-6.18.btf.xz')));

describe('xzUncompressedSize', () => {
  it('reads the size from the Index of one stream, and of concatenated, padded streams', () => {
    expect(xzUncompressedSize(TINY)).toBe(8);
    expect(xzUncompressedSize(cat(TINY, new Uint8Array(4), TINY, new Uint8Array(8)))).toBe(16);
    expect(xzUncompressedSize(kernelXz())).toBe(kernelBytes('6.18').length);
  });

  it('gives undefined for anything but a well-formed chain of streams', () => {
    expect(xzUncompressedSize(TINY.subarray(0, TINY.length - 1))).toBeUndefined(); // truncated
    expect(xzUncompressedSize(TINY.subarray(1))).toBeUndefined(); // no header where the Index says
    expect(xzUncompressedSize(cat(TINY, new Uint8Array([1, 2, 3, 4])))).toBeUndefined(); // trailing bytes (vmlinuz)
    expect(xzUncompressedSize(cat(TINY, new Uint8Array(3)))).toBeUndefined(); // padding not a multiple of 4
    expect(xzUncompressedSize(new Uint8Array(0))).toBeUndefined();
    expect(xzUncompressedSize(new Uint8Array(64))).toBeUndefined();
    // An Index claiming a huge record count within its few bytes.
    const lying = TINY.slice();
    lying[lying.length - 12 - 8 + 1] = 0x7f;
    expect(xzUncompressedSize(lying)).toBeUndefined();
  });
});

describe('unpack xz', () => {
  it('unpacks a kernel, reporting progress against the size its Index announces', async () => {
    const raw = kernelBytes('6.18');
    const events: [number, number][] = [];
    const r = await unpack(kernelXz(), { onProgress: (_p, done, total) => events.push([done, total]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.layers).toEqual(['xz']);
    expect(r.format).toBe('raw-btf');
    expect(r.bytes.length).toBe(raw.length);
    expect(Buffer.from(r.bytes).equals(raw)).toBe(true); // toEqual on 5 MB takes seconds
    expect(events.length).toBeGreaterThan(10);
    expect(events.every(([, total]) => total === raw.length)).toBe(true);
    expect(events.every(([done], i) => i === 0 || done > events[i - 1]![0])).toBe(true);
    expect(events.at(-1)![0]).toBe(raw.length);
  });

  it('unpacks concatenated streams against their summed size', async () => {
    const totals: number[] = [];
    const r = await unpack(cat(TINY, new Uint8Array(4), TINY), { onProgress: (_p, _d, total) => totals.push(total) });
    expect(new TextDecoder().decode(r.bytes)).toBe('btfscopebtfscope');
    expect(totals.every((t) => t === 16)).toBe(true);
  });

  it('rejects an output the Index announces over the limit before decoding it', async () => {
    let chunks = 0;
    const r = await unpack(kernelXz(), { maxOutputBytes: 1 << 20, onProgress: () => chunks++ });
    expect(chunks).toBe(0);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toContain(`over the limit of ${1 << 20}`);
  });

  it('still caps the output while decoding when there is no Index to read', async () => {
    const noFooter = kernelXz().subarray(0, -12);
    expect(xzUncompressedSize(noFooter)).toBeUndefined();
    let last = 0;
    const r = await unpack(noFooter, { maxOutputBytes: 1 << 20, onProgress: (_p, done, total) => ((last = done), expect(total).toBe(0)) });
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toContain(`xz output exceeds ${1 << 20} bytes`);
    expect(last).toBeLessThanOrEqual(1 << 20);
  });

  it('turns corrupt data into a diagnostic, and the decoder stays usable', async () => {
    const bad = kernelXz();
    for (let i = 1000; i < 1100; i++) bad[i] ^= 0x5a;
    const r = await unpack(bad);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/corrupt data|bad xz|check/);
    expect((await unpack(TINY)).bytes).toEqual(new TextEncoder().encode('btfscope'));
  });

  it('a 64-byte stream asking for a 3 GiB dictionary is refused without allocating it', async () => {
    const b = TINY.slice();
    b[16] = 39; // LZMA2 dictionary: 3 GiB
    const c = crc32(b, 12, 20);
    b.set([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24], 20);
    const before = process.memoryUsage().rss;
    const r = await unpack(b);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 << 20);
    expect(r.diagnostics[0]!.message).toMatch(/dictionary is larger than the decoder allows/);
  });

  it('warms up once and never rejects', async () => {
    const w = warmUpXz();
    expect(warmUpXz()).toBe(w);
    await expect(w).resolves.toBeUndefined();
    expect((await unpack(TINY)).bytes).toEqual(new TextEncoder().encode('btfscope'));
  });
});
