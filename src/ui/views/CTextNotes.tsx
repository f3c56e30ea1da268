/**
 * What the C definition panel says besides the text: that the kernel would refuse the type
 * (and why), and that the text is an excerpt, with the whole text as a download built by the
 * worker (a type of hundreds of MB prints millions of padding lines).
 */
import { useState } from 'react';
import type { TypeArgs, TypeCView } from '../../worker/protocol';
import { formatBytes } from '../components/FileBadge';
import { workerClient } from '../data/worker-instance';

export function CTextNotes({ view, args }: { view: TypeCView; args: TypeArgs }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string>();
  const download = async () => {
    setBusy(true);
    setFailed(undefined);
    try {
      const d = await workerClient().request('downloadC', args);
      const url = URL.createObjectURL(d.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = d.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {view.invalid && (
        <p className="notice" role="alert" data-testid="type-invalid">
          This type is invalid BTF: the kernel would refuse it, so it has no layout and its members are not shown.{' '}
          <span className="mono">[{view.invalid.code}]</span> {view.invalid.message}
        </p>
      )}
      {view.excerpt && (
        <p className="muted" data-testid="c-excerpt">
          An excerpt: {view.excerpt.omittedLines.toLocaleString('en-US')} lines ({formatBytes(view.excerpt.omittedBytes)}) of the{' '}
          {formatBytes(view.excerpt.totalBytes)} text are not shown.{' '}
          <button type="button" className="btn" disabled={busy} onClick={() => void download()}>
            {busy ? 'Preparing…' : 'Download the whole C text'}
          </button>
          {failed && <span className="tone-text-bad"> {failed}</span>}
        </p>
      )}
    </>
  );
}
