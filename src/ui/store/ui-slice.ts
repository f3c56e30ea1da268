/**
 * UI slice: theme, large text (projectors), and the app-wide busy count (queries in flight),
 * which drives data-state.
 */
import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store';

export type Theme = 'light' | 'dark';

/** A file an opened link names by https URL (never fetched; the missing-files notice shows it). */
export interface RemoteFileRef {
  label: string;
  url: string;
}

export interface UiSlice {
  theme: Theme;
  largeText: boolean;
  busy: number;
  remoteFiles: RemoteFileRef[];
  setRemoteFiles(files: RemoteFileRef[]): void;
  setTheme(theme: Theme): void;
  setLargeText(large: boolean): void;
  addBusy(delta: number): void;
}

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem('btfscope-theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export const createUiSlice: StateCreator<AppStore, [], [], UiSlice> = (set) => ({
  theme: initialTheme(),
  largeText: (() => {
    try {
      return globalThis.localStorage?.getItem('btfscope-large-text') === '1';
    } catch {
      return false;
    }
  })(),
  busy: 0,
  remoteFiles: [],
  setRemoteFiles: (remoteFiles) => set({ remoteFiles }),
  setLargeText: (largeText) => {
    try {
      localStorage.setItem('btfscope-large-text', largeText ? '1' : '0');
    } catch {
      // private mode: the choice lasts for this page only
    }
    set({ largeText });
  },
  setTheme: (theme) => {
    try {
      localStorage.setItem('btfscope-theme', theme);
    } catch {
      // private mode: the choice lasts for this page only
    }
    set({ theme });
  },
  addBusy: (delta) => set((s) => ({ busy: Math.max(0, s.busy + delta) })),
});
