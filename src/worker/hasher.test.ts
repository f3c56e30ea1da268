import { describe, expect, it } from 'vitest';
import { sha256Hex } from './file-facts';
import { offThreadHasher } from './hasher';

/** A stand-in for the hash worker: answers like hash.worker.ts, or fails. */
function fakeWorker(mode: 'ok' | 'error' | 'throw'): () => Worker {
  return () => {
    if (mode === 'throw') throw new Error('no nested workers here');
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null as ((e: unknown) => void) | null,
      postMessage(msg: { id: number; data: ArrayBuffer }) {
        setTimeout(async () => {
          if (mode === 'error') w.onerror?.(new Error('crashed'));
          else w.onmessage?.({ data: { id: msg.id, sha256: await sha256Hex(new Uint8Array(msg.data)) } } as MessageEvent);
        }, 0);
      },
    };
    return w as unknown as Worker;
  };
}

describe('offThreadHasher', () => {
  const bytes = new TextEncoder().encode('btfscope');

  it('hashes a copy elsewhere and leaves the bytes alone', async () => {
    const want = await sha256Hex(bytes);
    expect(await offThreadHasher(fakeWorker('ok'))(bytes)).toBe(want);
    expect(bytes.byteLength).toBe(8);
  });

  it('falls back to hashing here when the worker fails or cannot start', async () => {
    const want = await sha256Hex(bytes);
    expect(await offThreadHasher(fakeWorker('error'))(bytes)).toBe(want);
    expect(await offThreadHasher(fakeWorker('throw'))(bytes)).toBe(want);
  });

  it('is ready once its worker answers the start-up ping, or at once when it fails or cannot start', async () => {
    for (const mode of ['ok', 'error', 'throw'] as const) await expect(offThreadHasher(fakeWorker(mode)).ready).resolves.toBeUndefined();
  });
});
