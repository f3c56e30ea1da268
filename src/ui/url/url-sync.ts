/**
 * Keeps the URL fragment and the store's view state in step: a store change writes the
 * fragment (pushState when navigating, replaceState when refining, e.g. typing a filter);
 * back, forward and edits of the address bar decode the fragment back into the store.
 */
import { useAppStore } from '../store/app-store';
import { decodeUrlState, encodeUrlState } from './url-state';

export function applyLocation(): void {
  const d = decodeUrlState(window.location.hash);
  useAppStore.getState().restore(d.state, d.warnings);
}

/** Starts syncing; returns the function that stops it. */
export function startUrlSync(): () => void {
  applyLocation();
  window.addEventListener('popstate', applyLocation);
  window.addEventListener('hashchange', applyLocation);
  // History is written in a task of its own, after the render the change causes (a
  // same-document navigation costs several ms); a push among batched changes wins.
  let pending: 'push' | 'replace' | undefined;
  const flush = () => {
    const mode = pending;
    pending = undefined;
    const hash = encodeUrlState(useAppStore.getState().view);
    if (!mode || hash === window.location.hash) return;
    if (mode === 'push') window.history.pushState(null, '', hash);
    else window.history.replaceState(null, '', hash);
  };
  const unsubscribe = useAppStore.subscribe((s, prev) => {
    if (s.view === prev.view || s.navMode === 'none') return;
    if (!pending) setTimeout(flush, 0);
    if (pending !== 'push') pending = s.navMode;
  });
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', applyLocation);
    window.removeEventListener('hashchange', applyLocation);
  };
}
