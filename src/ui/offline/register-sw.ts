/**
 * Registers the service worker (vite-plugin-pwa, registerType 'prompt') and listens for chunks
 * that fail to load. Imported by main.tsx only: the virtual module exists in builds, not in tests.
 */
import { registerSW } from 'virtual:pwa-register';
import { isChunkLoadError, usePwaStore } from './pwa-store';

export function startOfflineSupport(): void {
  const update = registerSW({
    onNeedRefresh: () => usePwaStore.setState({ needRefresh: true, dismissed: false }),
    onOfflineReady: () => usePwaStore.setState({ offlineReady: true }),
  });
  usePwaStore.setState({ activateUpdate: () => update(true) });
  // Vite's preload of a lazy chunk's dependencies failed. Not prevented: the import still
  // rejects, and the view's error boundary shows the message with its reload button.
  window.addEventListener('vite:preloadError', () => usePwaStore.setState({ chunkFailed: true, dismissed: false }));
  window.addEventListener('unhandledrejection', (e) => {
    if (isChunkLoadError(e.reason)) usePwaStore.setState({ chunkFailed: true, dismissed: false });
  });
}
