/**
 * The bundled demo files, kept for offline use in the Cache API (issue #14): a sample is stored
 * when first opened, and "make available offline" stores all of them. The page does this
 * itself, not the service worker, so a file opened before the worker took control (the first
 * visit) is kept too. Each URL carries the sample's sha256 from index.json, so a deployment
 * with a changed sample fetches the new bytes, and entries that no index names are dropped.
 * Only these URLs ever enter this cache; a user's own files are never fetched at all.
 */
import { type Sample, sampleUrl } from '../data/samples';

export const SAMPLE_CACHE = 'btfscope-samples';

/** The sample's URL, versioned by content (static servers ignore the query). */
export function sampleCacheUrl(s: Pick<Sample, 'file' | 'sha256'>): string {
  return `${sampleUrl(s.file)}?sha256=${s.sha256.slice(0, 16)}`;
}

/** The cache, or undefined where there is none (an insecure origin, storage refused). */
async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(SAMPLE_CACHE);
  } catch {
    return undefined;
  }
}

/** The sample's bytes: from the cache when it has them, else fetched and stored. */
export async function fetchSampleBytes(s: Sample): Promise<ArrayBuffer> {
  const url = sampleCacheUrl(s);
  const cache = await openCache();
  const hit = await cache?.match(url).catch(() => undefined);
  if (hit) return hit.arrayBuffer();
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not fetch sample ${s.file}: HTTP ${r.status}`);
  // A full disk or a refused quota costs the offline copy, never the load.
  if (cache) await cache.put(url, r.clone()).catch(() => undefined);
  return r.arrayBuffer();
}

/** How many of `samples` the cache holds. */
export async function countCachedSamples(samples: Sample[]): Promise<number> {
  const cache = await openCache();
  if (!cache) return 0;
  const hits = await Promise.all(samples.map((s) => cache.match(sampleCacheUrl(s)).catch(() => undefined)));
  return hits.filter(Boolean).length;
}

/** Stores every sample not yet cached, one at a time (a workshop's Wi-Fi is shared). */
export async function cacheAllSamples(samples: Sample[], onProgress: (done: number) => void): Promise<void> {
  const cache = await openCache();
  if (!cache) throw new Error('this browser offers no storage for offline use here (it needs https or localhost)');
  let done = 0;
  for (const s of samples) {
    const url = sampleCacheUrl(s);
    if (!(await cache.match(url))) {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`could not fetch sample ${s.file}: HTTP ${r.status}`);
      await cache.put(url, r);
    }
    onProgress(++done);
  }
}

/** Drops cached samples that this build's index no longer names (an older deployment's). */
export async function pruneSampleCache(samples: Sample[]): Promise<void> {
  const cache = await openCache();
  if (!cache || !samples.length) return;
  const keep = new Set(samples.map(sampleCacheUrl));
  for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
}
