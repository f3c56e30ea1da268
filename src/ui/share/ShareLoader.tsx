/**
 * Mounted once by the app: when the URL carries `share=`, loads the payload's files (see
 * open-share.ts) and reports a link that cannot be opened. Messages are text; nothing
 * from a link is rendered as HTML.
 */
import { useEffect, useState } from 'react';
import type { Diagnostic } from '../../core/index';
import { useAppStore } from '../store/app-store';
import { SafeText } from '../text/SafeText';
import { openSharePayload } from './open-share';

/** Words for the codes a link can fail with; the core messages say what, these say what to do. */
const ADVICE: Record<string, string> = {
  'share-too-new': 'This link was made by a newer btfscope: reload the page to update.',
  'share-too-large': 'This link is larger than btfscope accepts.',
  'share-bad-encoding': 'This link is damaged (it may have been cut short when it was pasted).',
  'share-invalid': 'This link carries data btfscope does not accept.',
};

export function ShareLoader() {
  const share = useAppStore((s) => s.view.share);
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  useEffect(() => {
    if (!share) return;
    let live = true;
    openSharePayload(share)
      .then((r) => live && setProblems(r.diagnostics.filter((d) => d.severity !== 'info')))
      .catch((e: unknown) => live && setProblems([{ severity: 'error', code: 'internal-error', message: String(e) }]));
    return () => {
      live = false;
    };
  }, [share]);
  if (!problems.length) return null;
  const fatal = problems.find((d) => d.severity === 'error');
  return (
    <div className="notice" role="alert" data-testid="share-problems">
      {fatal && <p>{ADVICE[fatal.code] ?? 'This link cannot be opened.'}</p>}
      <ul>
        {problems.map((d, i) => (
          <li key={i}>
            <span className="mono">[{d.code}]</span> <SafeText text={d.message} />
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => setProblems([])}>
        OK
      </button>
    </div>
  );
}
