/**
 * Output bounded by input: a valid struct of hundreds of megabytes streams with flat memory
 * (bpftool's `long: 64;` line per 8 bytes of padding, byte for byte), the on-screen text of
 * it is a counted excerpt, and a struct the kernel would refuse dumps no members at all.
 * (libbpf computes offsets in C ints, so the longest padding bpftool prints is for a struct
 * just under 256 MiB; bigger ones wrap, and we print what it prints.)
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { ErrorCode } from '../diagnostics';
import { SCREEN_PAD_LINES, formatCHeader, formatCType, writeCHeaderBytes } from './c-header';

/** int, long, and `struct huge` of `size` bytes with an int at its start and its end. */
function hugeStruct(size: number) {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  b.int('long', 8, { signed: true });
  const id = b.struct('huge', size, [['first', int, 0], ['last', int, (size - 4) * 8]]);
  return { btf: parseBtf(b.build()).value!, id };
}

class Stop extends Error {}

describe('huge valid structs', () => {
  it('streams a 256 MiB struct (~370 MB of C) with flat memory: the buffer is flushed, never grown', () => {
    const { btf } = hugeStruct(0x0fff_fff0);
    let total = 0;
    let maxChunk = 0;
    let lines = 0;
    const heapBefore = process.memoryUsage().arrayBuffers;
    let peak = heapBefore;
    const stop = 64 << 20;
    expect(() =>
      writeCHeaderBytes(btf, (chunk) => {
        total += chunk.length;
        maxChunk = Math.max(maxChunk, chunk.length);
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        if (total > stop) throw new Stop();
      }),
    ).toThrow(Stop);
    // 64 MB of it went through chunks of at most the 4 MiB buffer.
    expect(total).toBeGreaterThan(stop);
    expect(maxChunk).toBeLessThanOrEqual(4 << 20);
    expect(peak - heapBefore).toBeLessThan(32 << 20);
    expect(lines).toBeGreaterThan(5_000_000);
  });

  it('streams byte-identical to the one-buffer dump', () => {
    const { btf } = hugeStruct(1 << 22);
    const whole = formatCHeader(btf).value;
    const parts: Uint8Array[] = [];
    writeCHeaderBytes(btf, (c) => parts.push(c.slice()), { chunkChars: 1 << 30 });
    const streamed = new TextDecoder().decode(Buffer.concat(parts));
    expect(streamed).toBe(whole);
    // One `long: 64;` per 8 bytes between the two ints, less the one `int: 32;` that ends the
    // gap (checked against bpftool 7.1's btf_dump_emit_bit_padding).
    expect(whole.split('\n\tlong: 64;').length - 1).toBe((1 << 22) / 8 - 2);
    expect(parts.length).toBeGreaterThan(1);
  });

  it('shows a counted excerpt of the padding on screen (formatCType)', () => {
    const size = 0x0fff_fff0;
    const { btf, id } = hugeStruct(size);
    const t0 = performance.now();
    const text = formatCType(btf, id);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(text.length).toBeLessThan(64 << 10);
    expect(text.split('\n\tlong: 64;').length - 1).toBe(SCREEN_PAD_LINES);
    const rest = size / 8 - 2 - SCREEN_PAD_LINES;
    expect(text).toContain(`/* ... ${rest} more \`long: 64;\` padding lines (${rest * 11} bytes) not shown */`);
    expect(text).toMatch(/\tint: 32;\n\tint last;\n};\n$/);
  });
});

describe('invalid structs', () => {
  const bad = () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.int('long', 8, { signed: true });
    const id = b.struct('bad', 8, [['x', int, 0x7fff_fff8]]);
    b.struct('fine', 4, [['y', int, 0]]);
    return { btf: parseBtf(b.build()).value!, id };
  };

  it('formatCType shows the struct without members, pointing at the diagnostic', () => {
    const { btf, id } = bad();
    expect(formatCType(btf, id)).toBe(`struct bad {\n\t/* invalid BTF type [${id}] (${ErrorCode.MemberOutOfBounds}): members not shown */\n};\n`);
    expect(formatCType(btf, id + 1)).toBe('struct fine {\n\tint y;\n};\n');
  });

  it('the header stays small and warns', () => {
    const { btf } = bad();
    const r = formatCHeader(btf);
    expect(r.value.length).toBeLessThan(2000);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('type [3] is invalid (member-out-of-bounds)') })]);
  });
});
