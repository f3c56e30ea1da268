/**
 * What the page knows about its own deployment: a new version waiting (the service worker found
 * one), the app shell cached for offline use, or a code chunk that failed to load (the site was
 * rebuilt under this tab). Kept apart from the app store: none of it is view or URL state.
 */
import { create } from 'zustand';

export interface PwaState {
  /** A new deployment is installed and waits for the user's reload (never applied by itself). */
  needRefresh: boolean;
  /** The service worker has cached the app shell: the app now opens with the network off. */
  offlineReady: boolean;
  /** A lazily loaded chunk (a view, Monaco) could not be fetched. */
  chunkFailed: boolean;
  /** Activates the waiting version and reloads; set once the service worker is registered. */
  activateUpdate?: () => Promise<void>;
  dismissed: boolean;
}

/** Written in by vite.config.ts (`define`); BTFSCOPE_VERSION overrides package.json's. */
declare const __BTFSCOPE_VERSION__: string;
export const VERSION: string = __BTFSCOPE_VERSION__;

export const usePwaStore = create<PwaState>(() => ({ needRefresh: false, offlineReady: false, chunkFailed: false, dismissed: false }));

/**
 * Reload into the newest version: a waiting service worker is activated first (a plain reload
 * would keep the old one, which stays until every tab closes).
 */
export function reloadApp(): void {
  const { needRefresh, activateUpdate } = usePwaStore.getState();
  if (needRefresh && activateUpdate) void activateUpdate().catch(() => window.location.reload());
  else window.location.reload();
}

/** An error from a dynamic import or a Vite preload whose file did not arrive. */
export function isChunkLoadError(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|Failed to load module script/i.test(msg);
}
