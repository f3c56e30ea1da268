import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FdWriter, StdoutClosed } from './context';

describe('FdWriter', () => {
  it('waits out a full non-blocking pipe, then reports a reader that left', async () => {
    // `head -c` reads a little, then exits: the pipe fills (EAGAIN: libuv made it
    // non-blocking) and later has no reader (EPIPE).
    const child = spawn('head', ['-c', '100000'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    const w = new FdWriter(fd);
    const chunk = new Uint8Array(1 << 16).fill(0x61);
    let err: unknown;
    let written = 0;
    try {
      for (let i = 0; i < 1000; i++) {
        w.write(chunk);
        written += chunk.length;
        if (i % 4 === 3) await new Promise((r) => setTimeout(r, 1));
      }
    } catch (e) {
      err = e;
    }
    await once(child, 'exit').catch(() => {});
    expect(written).toBeGreaterThanOrEqual(100000 - chunk.length);
    expect(err).toBeInstanceOf(StdoutClosed);
    expect(() => w.write(chunk)).toThrow(StdoutClosed);
    child.stdin.destroy();
  });
});
