/**
 * Found by fuzzing: a zstd frame without a content size whose header declares a huge window
 * (fzstd's stream allocates and shifts the whole window), and an output over the cap handed
 * back together with the error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test-utils/fixtures';
import { unpack } from './unpack';
import { zstdFrames } from './zstd-frames';

const input = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'fuzz/regressions/unpack', name)));

describe('zstd windows and caps', () => {
  it('reads the window size a frame declares', () => {
    // Window_Descriptor 0xa6: exponent 20, mantissa 6 → 2^30 + 6 × 2^27.
    expect(zstdFrames(input('zstd-15-bytes-3s'))!.frames[0]!.windowSize).toBe(2 ** 30 + 6 * 2 ** 27);
  });

  it('a 15-byte frame declaring a 1.8 GB window is an error at once, not 3 s of work', async () => {
    const started = performance.now();
    const r = await unpack(input('zstd-15-bytes-3s'));
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.diagnostics[0]!.message).toMatch(/declares a window of 1879048192 bytes, more than its 10 bytes can fill/);
  });

  it('an output over the cap is not handed back with the error', async () => {
    const packed = input('zstd-output-past-cap');
    const r = await unpack(packed, { maxOutputBytes: 635336 });
    expect(r.diagnostics[0]!.message).toMatch(/decompressed size \d+ exceeds 635336 bytes/);
    expect(r.bytes.length).toBeLessThanOrEqual(635336);
  });
});
