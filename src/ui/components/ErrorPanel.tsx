/**
 * Files that failed to load: one summary line each (name, first error code and message,
 * how many diagnostics), so several bad files do not push every view down; expanded, the
 * diagnostics (code, offset, message), advice keyed on the code, and the facts an error
 * report needs (size, sha256, first and last bytes). Dismissible; the rest of the app keeps
 * working meanwhile.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../core/diagnostics';
import { useAppStore } from '../store/app-store';
import type { FileMeta } from '../store/files-slice';
import { adviceFor } from './advice';
import { formatBytes } from './FileBadge';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

export function ErrorPanel() {
  const failed = useAppStore(useShallow((s) => s.files.filter((f) => f.status === 'error' && !f.dismissed)));
  if (!failed.length) return null;
  return (
    <section className="error-panel" role="alert" aria-label="Errors">
      {failed.map((f) => (
        <FileErrors key={f.id} file={f} />
      ))}
    </section>
  );
}

const SHOWN = 12;

function FileErrors({ file }: { file: FileMeta }) {
  const dismiss = useAppStore((s) => s.dismissError);
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState(false);
  const err = file.error;
  const diags: Diagnostic[] = err?.diagnostics.length
    ? err.diagnostics
    : [{ severity: 'error', code: (err?.code ?? 'internal-error') as Diagnostic['code'], message: err?.message ?? 'unknown error' }];
  const codes = [...new Set(diags.filter((d) => d.severity === 'error').map((d) => d.code))];
  const facts = err?.file;
  const first = diags.find((d) => d.severity === 'error') ?? diags[0]!;
  const bodyId = `error-body-${file.id}`;
  return (
    <article className={open ? 'error-file open' : 'error-file'} data-testid="error-file">
      <header>
        <button type="button" className="error-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)} data-testid="error-toggle">
          <span className="error-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="error-summary">
            Could not open{' '}
              <code>
                <SafeText text={file.name} />
              </code>{' '}
              · <code>{first.code}</code> <SafeText text={first.message} />
            {diags.length > 1 && <span className="muted"> (+{diags.length - 1} more)</span>}
          </span>
        </button>
        <button type="button" className="btn" onClick={() => dismiss(file.id)}>
          Dismiss
        </button>
      </header>
      {open && (
        <div id={bodyId}>
          <ul className="advice">
            {codes.map((c) => adviceFor(c) && <li key={c}>{adviceFor(c)}</li>)}
          </ul>
          <table className="diag-table">
            <caption className="sr-only">Diagnostics for {visibleText(file.name)}</caption>
            <thead>
              <tr>
                <th>severity</th>
                <th>code</th>
                <th>offset</th>
                <th>message</th>
              </tr>
            </thead>
            <tbody>
              {(all ? diags : diags.slice(0, SHOWN)).map((d, i) => (
                <tr key={i} className={`sev-${d.severity}`}>
                  <td>{d.severity}</td>
                  <td>
                    <code>{d.code}</code>
                  </td>
                  <td className="num">
                    {d.offset !== undefined ? `0x${d.offset.toString(16)}` : ''}
                    {d.section ? ` ${d.section}` : ''}
                  </td>
                  <td>
                    <SafeText text={d.message} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {diags.length > SHOWN && !all && (
            <button type="button" className="btn-link" onClick={() => setAll(true)}>
              show all {diags.length} diagnostics
            </button>
          )}
          {facts && (
            <p className="facts">
              {formatBytes(facts.byteSize)} · sha256 <code>{facts.sha256}</code> · first bytes <code>{facts.headHex}</code> · last
              bytes <code>{facts.tailHex}</code>
            </p>
          )}
        </div>
      )}
    </article>
  );
}
