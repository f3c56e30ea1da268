/**
 * Packings that kernels use: xz with the x86 BCJ filter (every xz bzImage: Debian's 5.10 and
 * 6.1 vmlinuz), payloads followed by the kernel's size trailer, a bzImage's setup header
 * pointing at its payload, EFI zboot, and raw Images (arm64) with the BTF blob inside. The fixtures are x86-code.ts's bytes packed by the real
 * xz and zstd (scripts/record-xz-fixtures.sh); the expected output is regenerated here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { swapBtfByteOrder } from '../../test-utils/btf-builder';
import { FIXTURES, kernelBytes } from '../../test-utils/fixtures';
import { rng } from '../../test-utils/rng';
import { x86Code } from '../../test-utils/x86-code';
import { concatBytes } from '../bytes/concat';
import { ErrorCode } from '../diagnostics';
import { crc32, crc64 } from './crc';
import { findEmbeddedBtf } from './kernel-image';
import { unpack } from './unpack';
import { bcjX86Decode } from './xz-filters';
import { readXzLayout } from './xz-index';
import { zstdFrames } from './zstd-frames';

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'synthetic/xz', name)));
const code = x86Code();
const cat = (...parts: Uint8Array[]) => concatBytes(parts);
const le32 = (v: number) => new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);

describe('checks', () => {
  it('computes the CRC32 and CRC64 of the .xz format', () => {
    const s = new TextEncoder().encode('123456789');
    expect(crc32(s)).toBe(0xcbf43926);
    expect([...crc64(s)]).toEqual([0xfa, 0x39, 0x19, 0xdf, 0xbb, 0xc9, 0x5d, 0x99]);
  });
});

describe('xz with the x86 and ARM64 BCJ filters', () => {
  it('the generated code is what the fixtures were made from', () => {
    const want = readFileSync(join(FIXTURES, 'synthetic/xz/SHA256SUMS'), 'utf8').split(/\s+/)[0];
    expect(createHash('sha256').update(code).digest('hex')).toBe(want);
  });

  for (const name of ['code-x86-crc32.xz', 'code-x86-crc64-blocks.xz', 'code-x86-sha256-start.xz', 'code-arm64.xz', 'code-arm64-start.xz']) {
    it(`decodes ${name} to the bytes xz packed`, async () => {
      const r = await unpack(fixture(name));
      expect(r.diagnostics).toEqual([]);
      expect(r.layers).toEqual(['xz']);
      expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
    });
  }

  it('reads the blocks of a multi-block stream', () => {
    const layout = readXzLayout(fixture('code-x86-crc64-blocks.xz'))!;
    expect(layout.streams).toHaveLength(1);
    expect(layout.streams[0]!.blocks.length).toBeGreaterThanOrEqual(3);
    expect(layout.uncompressed).toBe(code.length);
  });

  it('the filter changed something: without it the bytes differ', () => {
    const copy = code.slice();
    bcjX86Decode(copy, 0);
    expect(Buffer.from(copy).equals(Buffer.from(code))).toBe(false);
  });

  it('reports a block whose data does not match its check', async () => {
    const bad = fixture('code-x86-crc32.xz');
    const b = readXzLayout(bad)!.streams[0]!.blocks[0]!;
    bad[b.check] = bad[b.check]! ^ 0xff;
    const r = await unpack(bad);
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/does not match its check/);
  });

  it('names a filter it does not implement', async () => {
    const r = await unpack(fixture('code-sparc.xz'));
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/SPARC BCJ is not supported/);
  });
});

/** A bzImage-like file: setup header (protocol 2.15) pointing at `payload`, then "decompressor code". */
function bzImage(payload: Uint8Array): Uint8Array {
  const setupSects = 3;
  const setup = new Uint8Array((setupSects + 1) * 512);
  setup[0x1f1] = setupSects;
  setup.set([0x48, 0x64, 0x72, 0x53, 0x0f, 0x02], 0x202); // "HdrS", version 2.15
  const pm = new Uint8Array(300).fill(0x90); // start of protected-mode code
  setup.set(le32(pm.length), 0x248); // payload_offset
  setup.set(le32(payload.length), 0x24c); // payload_length
  const after = new Uint8Array(5000).fill(0xcc);
  return cat(setup, pm, payload, after);
}

describe('kernel payloads', () => {
  it('unpacks a bzImage xz payload followed by its size trailer and more code', async () => {
    const payload = cat(fixture('code-x86-crc32.xz'), le32(code.length));
    const r = await unpack(bzImage(payload));
    expect(r.diagnostics).toEqual([]);
    expect(r.layers).toEqual([`vmlinuz@${4 * 512 + 300}`, 'xz']);
    expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
  });

  it('unpacks a bzImage zstd payload followed by its size trailer', async () => {
    const zst = fixture('code.zst');
    expect(zstdFrames(cat(zst, le32(code.length)))?.end).toBe(zst.length);
    const r = await unpack(bzImage(cat(zst, le32(code.length))));
    expect(r.diagnostics).toEqual([]);
    expect(r.layers.at(-1)).toBe('zstd');
    expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
  });

  it('decodes a kernel-style zstd frame (no recorded size) into the size the trailer announces', async () => {
    const zst = fixture('code-stream.zst');
    expect(zstdFrames(zst)!.frames[0]!.contentSize).toBeUndefined();
    expect(zstdFrames(fixture('code.zst'))!.frames[0]!.contentSize).toBe(code.length);
    const r = await unpack(bzImage(cat(zst, le32(code.length))));
    expect(r.diagnostics).toEqual([]);
    expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
  });

  it('finds the xz footer of a payload with a trailer even without a setup header', () => {
    const xz = fixture('code-x86-crc32.xz');
    const layout = readXzLayout(cat(xz, le32(code.length)), true)!;
    expect(layout.end).toBe(xz.length);
    expect(readXzLayout(cat(xz, le32(code.length)))).toBeUndefined();
  });

  it('never reads past a truncated zstd frame', () => {
    const zst = fixture('code.zst');
    expect(zstdFrames(zst.subarray(0, zst.length - 10))).toBeUndefined();
    expect(zstdFrames(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]))).toBeUndefined();
  });
});

describe('raw kernel Images (arm64 vmlinuz) and EFI zboot', () => {
  /** An "Image": code-like bytes holding stray BTF magics and then the real blob. */
  function image(btf: Uint8Array): Uint8Array {
    const before = x86Code(64 << 10);
    // A stray magic with version 1 and a header that points past the end of the file.
    before.set([0x9f, 0xeb, 0x01, 0x00, 24, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f], 100);
    // A tiny well-formed blob: smaller than any vmlinux BTF, so not taken.
    before.set([0x9f, 0xeb, 0x01, 0x00, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0], 2000);
    return cat(before, btf, x86Code(4096));
  }

  it('finds the BTF blob inside a raw Image', async () => {
    const btf = kernelBytes('5.10');
    const r = await unpack(image(btf));
    expect(r.diagnostics).toEqual([]);
    expect(r.format).toBe('raw-btf');
    expect(r.layers).toEqual([`btf@${64 << 10}`]);
    expect(Buffer.from(r.bytes).equals(Buffer.from(btf))).toBe(true);
  });

  it('finds a big-endian blob too', () => {
    const be = swapBtfByteOrder(kernelBytes('6.1'));
    expect(findEmbeddedBtf(image(be))).toEqual({ offset: 64 << 10, size: be.length });
  });

  it('finds nothing in an image without BTF', async () => {
    expect(findEmbeddedBtf(image(new Uint8Array(0)))).toBeUndefined();
    const r = await unpack(x86Code(32 << 10));
    expect(r.format).toBe('unknown');
  });

  it('unpacks an EFI zboot image: a gzip payload holding the Image', async () => {
    const btf = kernelBytes('5.10');
    const payload = gzipSync(image(btf), { level: 1 });
    const head = new Uint8Array(0x200);
    head.set([0x4d, 0x5a, 0, 0, 0x7a, 0x69, 0x6d, 0x67]); // "MZ", "zimg"
    head.set(le32(head.length), 8);
    head.set(le32(payload.length), 12);
    head.set(new TextEncoder().encode('gzip'), 0x18);
    const r = await unpack(cat(head, payload, new Uint8Array(64).fill(0xcc)));
    expect(r.diagnostics).toEqual([]);
    expect(r.layers).toEqual(['zboot:gzip@512', 'gzip', `btf@${64 << 10}`]);
    expect(Buffer.from(r.bytes).equals(Buffer.from(btf))).toBe(true);
  });
});

describe('declared sizes are not trusted', () => {
  it('a 22-byte gzip whose trailer claims 1 GiB allocates nothing like it', async () => {
    const gz = gzipSync(new Uint8Array(10));
    gz.set([0xff, 0xff, 0xff, 0x3f], gz.length - 4); // ISIZE
    const before = process.memoryUsage().arrayBuffers;
    const r = await unpack(gz);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    // The 10 bytes it holds do not match the size it claims: an error, not a silent result.
    expect(r.diagnostics[0]!.message).toMatch(/CRC-32 and size its gzip trailer gives/);
  });

  it('gzip data that does not match its CRC-32 is an error, not wrong bytes', async () => {
    const gz = gzipSync(code, { level: 0 }); // stored: a flipped byte changes the output, not the decoding
    gz[100] ^= 0x40;
    const r = await unpack(gz);
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/CRC-32/);
    const two = await unpack(cat(gzipSync(code.subarray(0, 100)), gzipSync(code.subarray(100))));
    expect(two.diagnostics).toEqual([]);
    expect(Buffer.from(two.bytes).equals(Buffer.from(code))).toBe(true);
  });

  it('bytes after a gzip member are ignored with a warning, as gzip -d does', async () => {
    for (const trail of [new Uint8Array(512), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])]) {
      const r = await unpack(cat(gzipSync(code), trail));
      expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
      expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: `${trail.length} bytes after the gzip stream were ignored` })]);
    }
  });

  it('gzip output is capped while decoding', async () => {
    const gz = gzipSync(new Uint8Array(32 << 20));
    const r = await unpack(gz, { maxOutputBytes: 1 << 20 });
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/exceeds/);
  });

  it('a 17-byte zstd frame declaring 1 GiB is refused before decoding', async () => {
    // 20 bytes: magic, single segment with an 8-byte Frame_Content_Size (1 GiB), one RLE block.
    const block = 1 | (1 << 1) | (10 << 3); // last, RLE, 10 bytes
    const zst = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0x40, 0, 0, 0, 0, block & 0xff, (block >> 8) & 0xff, block >> 16, 0x61]);
    const r = await unpack(zst);
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/declares 1073741824 bytes/);
  });

  it('zstd data that does not match its frame checksum is an error, not wrong bytes', async () => {
    const zst = fixture('code.zst');
    const f = zstdFrames(zst)!.frames[0]!;
    expect(f.checksum).toBeDefined(); // zstd writes one by default
    zst[f.end - 1] ^= 0x01;
    const r = await unpack(zst);
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.Decompress });
    expect(r.diagnostics[0]!.message).toMatch(/does not match its checksum/);
  });

  it('a truncated 17-byte zstd frame declaring 1 GiB is an error before anything is allocated', async () => {
    const block = 1 | (2 << 1) | (5000 << 3); // last, compressed, 5000 bytes that are not there
    const zst = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0x40, 0, 0, 0, 0, block & 0xff, (block >> 8) & 0xff, block >> 16, 0x61]);
    const before = process.memoryUsage().arrayBuffers;
    const r = await unpack(zst);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    expect(r.diagnostics[0]!.message).toMatch(/truncated or malformed/);
  });

  it('a zstd frame without a declared size is streamed under the cap', async () => {
    const ok = await unpack(fixture('code-stream.zst'));
    expect(ok.diagnostics).toEqual([]);
    expect(Buffer.from(ok.bytes).equals(Buffer.from(code))).toBe(true);
    const capped = await unpack(fixture('code-stream.zst'), { maxOutputBytes: 4096 });
    expect(capped.diagnostics[0]!.message).toMatch(/exceeds 4096/);
  });
});

describe('damaged packings', () => {
  const inputs: [string, Uint8Array][] = [
    ['x86 BCJ xz', fixture('code-x86-crc32.xz')],
    ['x86 BCJ xz, blocks', fixture('code-x86-crc64-blocks.xz')],
    ['zstd without size', fixture('code-stream.zst')],
    ['zstd', fixture('code.zst')],
    ['gzip', gzipSync(code)],
    ['bzImage', bzImage(cat(fixture('code-x86-crc32.xz'), le32(code.length)))],
  ];

  it.each(inputs)('%s: cut short or with flipped bytes, unpack answers with diagnostics or the right bytes, never throws', async (_, bytes) => {
    const rand = rng(bytes.length);
    const cases: Uint8Array[] = [];
    for (let i = 0; i < 24; i++) cases.push(bytes.subarray(0, Math.floor(rand() * bytes.length)));
    for (let i = 0; i < 24; i++) {
      const copy = bytes.slice();
      for (let k = 0, n = 1 + Math.floor(rand() * 6); k < n; k++) copy[Math.floor(rand() * copy.length)] ^= 1 << Math.floor(rand() * 8);
      cases.push(copy);
    }
    for (const c of cases) {
      const r = await unpack(c, { maxOutputBytes: 1 << 22 });
      for (const d of r.diagnostics) {
        expect(typeof d.code).toBe('string');
        expect(d.message.length).toBeGreaterThan(0);
      }
      // Every packing here carries a check: damage is reported, never passed on as other bytes.
      if (r.diagnostics.length === 0 && r.layers.length > 0) expect(Buffer.from(r.bytes).equals(Buffer.from(code))).toBe(true);
    }
  });
});
