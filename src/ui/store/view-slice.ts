/**
 * View slice: the URL state (which view, files, type, filters) plus how the last change should
 * reach the browser history — typing replaces the entry, navigating pushes one.
 */
import type { StateCreator } from 'zustand';
import { DEFAULT_URL_STATE, type UrlState } from '../url/url-state';
import type { AppStore } from './app-store';

export type NavMode = 'push' | 'replace' | 'none';

export interface ViewSlice {
  view: UrlState;
  navMode: NavMode;
  urlWarnings: string[];
  /** Navigate: merges `patch` into the view and pushes a history entry. */
  navigate(patch: Partial<UrlState>): void;
  /** Refine the current view (typing a filter): replaces the history entry. */
  refine(patch: Partial<UrlState>): void;
  /** Set from the URL (reload, back/forward): no history change. */
  restore(view: UrlState, warnings: string[]): void;
  dismissUrlWarnings(): void;
}

export const createViewSlice: StateCreator<AppStore, [], [], ViewSlice> = (set) => ({
  view: DEFAULT_URL_STATE,
  navMode: 'none',
  urlWarnings: [],
  navigate: (patch) => set((s) => ({ view: { ...s.view, ...patch }, navMode: 'push' })),
  refine: (patch) => set((s) => ({ view: { ...s.view, ...patch }, navMode: 'replace' })),
  restore: (view, warnings) => set({ view, navMode: 'none', urlWarnings: warnings }),
  dismissUrlWarnings: () => set({ urlWarnings: [] }),
});
