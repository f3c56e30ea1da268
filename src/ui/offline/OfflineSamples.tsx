/** The start page's "make available offline" button: caches every bundled sample (sample-cache.ts). */
import { useEffect, useState } from 'react';
import type { Sample } from '../data/samples';
import { cacheAllSamples, countCachedSamples, pruneSampleCache } from './sample-cache';
import { usePwaStore } from './pwa-store';

export function OfflineSamples({ samples }: { samples: Sample[] }) {
  const [cached, setCached] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const offlineReady = usePwaStore((s) => s.offlineReady);
  useEffect(() => {
    let live = true;
    void pruneSampleCache(samples)
      .then(() => countCachedSamples(samples))
      .then((n) => live && setCached(n));
    return () => {
      live = false;
    };
  }, [samples]);
  if (typeof caches === 'undefined' || cached === undefined) return null;
  const all = cached === samples.length;
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await cacheAllSamples(samples, setCached);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="offline-samples" data-testid="offline-samples" data-cached={cached} data-total={samples.length}>
      {all ? (
        <span className="muted">All {samples.length} samples are available offline{offlineReady ? ', and so is the app' : ''}.</span>
      ) : (
        <>
          <button type="button" className="btn" onClick={() => void run()} disabled={busy} data-testid="offline-samples-button">
            {busy ? `Saving ${cached} of ${samples.length}…` : 'Make available offline'}
          </button>{' '}
          <span className="muted">
            keeps all {samples.length} samples in this browser ({cached} kept so far), for a workshop without network
          </span>
        </>
      )}
      {error && <span className="tone-text-bad"> {error}</span>}
    </p>
  );
}
