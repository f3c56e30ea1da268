/**
 * The Share action of the type, diff and relocation views: asks the worker to cut the files
 * the view needs into a payload (worker/share.ts), builds the link in the app's URL format
 * and offers it for copying, with its size. See docs/share-links.md.
 */
import { useState } from 'react';
import { formatShareLink } from '../../core/index';
import type { ShareArgs, ShareResult } from '../../worker/protocol';
import { workerClient } from '../data/worker-instance';
import { useAppStore } from '../store/app-store';
import { fileForRef } from '../store/selectors';
import './share.css';

const fmt = new Intl.NumberFormat('en-US');

/** The worker request for the current view as JSON (stable for the selector), or why it cannot be shared yet. */
function useShareArgs(kind: ShareKind): string {
  return useAppStore((s) => {
      if (kind === 'type') {
        const f = fileForRef(s.files, s.view.file);
        if (!f) return 'choose a file first';
        if (!s.view.type || s.view.type.startsWith('#')) return 'open a named type to share it';
        return JSON.stringify({ route: 'type', fileId: f.id, type: s.view.type, labels: { [f.id]: f.label } });
      }
      if (kind === 'diff') {
        const a = fileForRef(s.files, s.view.a);
        const b = fileForRef(s.files, s.view.b);
        if (!a || !b) return 'choose two files to diff first';
        if (!s.view.type || s.view.type.startsWith('#')) return 'select a named type to share its diff';
        return JSON.stringify({ route: 'diff', aFileId: a.id, bFileId: b.id, type: s.view.type, labels: { [a.id]: a.label, [b.id]: b.label } });
      }
      const obj = fileForRef(s.files, s.view.obj);
      const targets = s.view.targets.map((r) => fileForRef(s.files, r)).filter((f) => f !== undefined);
      if (!obj || !targets.length) return 'choose an object and its kernels first';
      const labels = Object.fromEntries([obj, ...targets].map((f) => [f.id, f.label]));
      return JSON.stringify({ route: 'relocs', objectFileId: obj.id, targets: targets.map((t) => ({ fileId: t.id, label: t.label })), relo: s.view.relo, labels });
  });
}

export type ShareKind = 'type' | 'diff' | 'relocs';

export function ShareButton({ kind }: { kind: ShareKind }) {
  const argsOrReason = useShareArgs(kind);
  const [state, setState] = useState<{ url?: string; result?: ShareResult; error?: string; busy?: boolean; copied?: boolean }>({});
  const ready = argsOrReason.startsWith('{');
  const share = async () => {
    if (!ready) return;
    setState({ busy: true });
    try {
      const args = JSON.parse(argsOrReason) as ShareArgs;
      const result = await workerClient().request('share', args);
      const url = formatShareLink(window.location.href, result.link, result.payload);
      setState({ url, result });
    } catch (e) {
      setState({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const copy = async () => {
    if (!state.url) return;
    try {
      await navigator.clipboard.writeText(state.url);
      setState((s) => ({ ...s, copied: true }));
    } catch {
      // Clipboard refused (insecure context, permissions): the field stays selected for Ctrl+C.
      (document.getElementById('share-url') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <span className="share">
      <button type="button" className="btn" onClick={share} disabled={!ready || state.busy} title={ready ? 'A link that opens this view anywhere, with no files' : argsOrReason} data-testid="share-button">
        {state.busy ? 'Sharing…' : 'Share'}
      </button>
      {(state.url || state.error) && (
        <div className="share-popover" role="dialog" aria-label="Share link">
          {state.error && <p className="tone-text-bad">{state.error}</p>}
          {state.url && state.result && (
            <>
              <input id="share-url" className="mono" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} aria-label="Share link" data-testid="share-url" />
              <p className="muted" data-testid="share-size">
                {fmt.format(state.url.length)} characters · carries {state.result.files.map((f) => `${f.name} (${fmt.format(f.byteSize)} bytes)`).join(', ')} · the data is in
                the link: no server sees it
              </p>
              <button type="button" className="btn btn-primary" onClick={copy}>
                {state.copied ? 'Copied' : 'Copy link'}
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={() => setState({})}>
            Close
          </button>
        </div>
      )}
    </span>
  );
}
