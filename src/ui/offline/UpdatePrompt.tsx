/**
 * The banner for a new deployment (waiting until the user reloads) or a chunk that failed to
 * load. Files opened in this tab stay open until the user chooses to reload.
 */
import { reloadApp, usePwaStore } from './pwa-store';

export function UpdatePrompt() {
  const needRefresh = usePwaStore((s) => s.needRefresh);
  const chunkFailed = usePwaStore((s) => s.chunkFailed);
  const dismissed = usePwaStore((s) => s.dismissed);
  if (dismissed || (!needRefresh && !chunkFailed)) return null;
  return (
    <div className="notice update-prompt" role="status" data-testid="update-prompt">
      <p>
        {chunkFailed
          ? 'Part of btfscope could not be loaded: the site was probably updated since this page was opened. Your files are still open here; reload to continue with the new version.'
          : 'A new version of btfscope is available. Reload to use it (files you opened will need opening again; bundled samples reopen from the link).'}
      </p>
      <button type="button" className="btn btn-primary" onClick={reloadApp} data-testid="update-reload">
        Reload
      </button>
      <button type="button" className="btn" onClick={() => usePwaStore.setState({ dismissed: true })}>
        Later
      </button>
    </div>
  );
}
