/** Loads Monaco on first use (it is several MB) and counts the wait as app activity. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/app-store';
import type * as SetupMonaco from './setup-monaco';

type MonacoModule = typeof SetupMonaco;
let loading: Promise<MonacoModule> | undefined;

export function loadMonaco(): Promise<MonacoModule> {
  if (!loading) {
    const { addBusy } = useAppStore.getState();
    addBusy(1);
    loading = import('./setup-monaco');
    // A failed chunk (the site rebuilt under this tab) may load after a reload; not cached.
    loading.catch(() => (loading = undefined)).finally(() => addBusy(-1));
  }
  return loading;
}

export function useMonaco(): MonacoModule | undefined {
  const [m, setM] = useState<MonacoModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    loadMonaco().then(
      (mod) => live && setM(mod),
      (e: unknown) => live && setError(() => e),
    );
    return () => {
      live = false;
    };
  }, []);
  // Thrown while rendering, so the view's error boundary (offline/ViewBoundary.tsx) shows it.
  if (error !== undefined) throw error;
  return m;
}
