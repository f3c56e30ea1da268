/**
 * `dump --format c` on a struct of hundreds of MB streams with flat memory (bpftool prints a
 * `long: 64;` per 8 bytes of it), and a struct the kernel refuses is refused with its
 * diagnostic, not dumped or laid out (issue #12 defect 1: 735 MB of C, `__aligned__(536870912)`).
 */
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { type CommandContext, StdoutClosed } from '../context';
import { main } from '../main';
import { runCli } from '../test-run';

function struct(size: number, lastBit: number) {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  b.int('long', 8, { signed: true });
  b.struct('s', size, [['first', int, 0], ['last', int, lastBit]]);
  return b.build();
}

describe('dump --format c, bounded', () => {
  it('streams a 256 MiB struct through fixed-size chunks until the reader stops', async () => {
    const bytes = struct(0x0fff_fff0, (0x0fff_fff0 - 4) * 8);
    let total = 0;
    let maxChunk = 0;
    const ctx: CommandContext = {
      stdout: () => {
        throw new Error('expected bytes');
      },
      stdoutBytes: (b) => {
        total += b.length;
        maxChunk = Math.max(maxChunk, b.length);
        // A reader like `| head -c 64M`.
        if (total > 64 << 20) throw new StdoutClosed('closed');
      },
      stderr: () => {},
      readFile: async () => bytes,
    };
    const before = process.memoryUsage().arrayBuffers;
    expect(await main(['dump', 'big.btf', '--format', 'c'], ctx)).toBe(0);
    expect(total).toBeGreaterThan(64 << 20);
    expect(maxChunk).toBeLessThanOrEqual(4 << 20);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 << 20);
  });

  it('refuses a file whose struct has a member past its end, naming the type and offset', async () => {
    const bytes = struct(8, 0x7fff_fff8);
    for (const argv of [['dump', 'x.btf', '--format', 'c'], ['layout', 'x.btf', 's']]) {
      const r = await runCli(argv, { 'x.btf': bytes }, { disk: false });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/member-out-of-bounds/);
      expect(r.stderr).toMatch(/type \[3\] STRUCT 's' member #1 'last' is at bit offset 2147483640, past the end of the 8-byte struct/);
      expect(r.stderr).not.toMatch(/__aligned__/);
    }
  });
});
