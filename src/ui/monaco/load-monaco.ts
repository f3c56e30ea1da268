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
    void loading.finally(() => addBusy(-1));
  }
  return loading;
}

export function useMonaco(): MonacoModule | undefined {
  const [m, setM] = useState<MonacoModule>();
  useEffect(() => {
    let live = true;
    void loadMonaco().then((mod) => live && setM(mod));
    return () => {
      live = false;
    };
  }, []);
  return m;
}
