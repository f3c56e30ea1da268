import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sample } from '../data/samples';
import { SAMPLE_CACHE, cacheAllSamples, countCachedSamples, fetchSampleBytes, pruneSampleCache, sampleCacheUrl } from './sample-cache';

/** An in-memory CacheStorage with the calls sample-cache.ts makes. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const key = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
  return {
    stores,
    open: async (name: string) => {
      const m = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, m);
      return {
        match: async (r: RequestInfo) => m.get(key(r))?.clone(),
        put: async (r: RequestInfo, res: Response) => void m.set(key(r), res),
        keys: async () => [...m.keys()].map((url) => ({ url })),
        delete: async (r: { url: string }) => m.delete(r.url),
      };
    },
  };
}

const sample = (id: string, sha: string): Sample => ({ id, file: `vmlinux-${id}.btf.xz`, role: 'kernel', description: '', byteSize: 3, sha256: sha.repeat(64) });
const A = sample('5.10', 'a');
const B = sample('6.1', 'b');

let fetched: string[];
beforeEach(() => {
  fetched = [];
  vi.stubGlobal('caches', fakeCaches());
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    return url.includes('missing') ? new Response('no', { status: 404 }) : new Response(new Uint8Array([1, 2, 3]));
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('sample cache', () => {
  it('keys a sample by its sha256, so a changed sample is fetched anew', () => {
    expect(sampleCacheUrl(A)).toMatch(/\/samples\/vmlinux-5\.10\.btf\.xz\?sha256=aaaaaaaaaaaaaaaa$/);
    expect(sampleCacheUrl({ ...A, sha256: 'c'.repeat(64) })).not.toBe(sampleCacheUrl(A));
  });

  it('fetches a sample once, then serves it from the cache', async () => {
    expect(new Uint8Array(await fetchSampleBytes(A))).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(await fetchSampleBytes(A))).toEqual(new Uint8Array([1, 2, 3]));
    expect(fetched).toEqual([sampleCacheUrl(A)]);
    expect(await countCachedSamples([A, B])).toBe(1);
  });

  it('does not keep a failed fetch', async () => {
    const gone = sample('missing', 'd');
    await expect(fetchSampleBytes(gone)).rejects.toThrow('HTTP 404');
    expect(await countCachedSamples([gone])).toBe(0);
  });

  it('keeps all samples on request, and drops what the index no longer names', async () => {
    const progress: number[] = [];
    await fetchSampleBytes(A);
    await cacheAllSamples([A, B], (n) => progress.push(n));
    expect(progress).toEqual([1, 2]);
    expect(fetched).toEqual([sampleCacheUrl(A), sampleCacheUrl(B)]);
    await pruneSampleCache([B]);
    const stored = (caches as unknown as ReturnType<typeof fakeCaches>).stores.get(SAMPLE_CACHE)!;
    expect([...stored.keys()]).toEqual([sampleCacheUrl(B)]);
  });

  it('still loads where the browser has no Cache API (plain http)', async () => {
    vi.stubGlobal('caches', undefined);
    expect(new Uint8Array(await fetchSampleBytes(A))).toEqual(new Uint8Array([1, 2, 3]));
    expect(await countCachedSamples([A])).toBe(0);
    await expect(cacheAllSamples([A], () => undefined)).rejects.toThrow('https or localhost');
  });
});
