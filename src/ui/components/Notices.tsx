/** Link problems: fields a URL carried that were dropped, and files it names that are not here. */
import { useAppStore } from '../store/app-store';
import { SafeText } from '../text/SafeText';
import type { FileRef } from '../url/url-state';

export function UrlWarnings() {
  const warnings = useAppStore((s) => s.urlWarnings);
  const dismiss = useAppStore((s) => s.dismissUrlWarnings);
  if (!warnings.length) return null;
  return (
    <div className="notice" role="status">
      <ul>
        {warnings.map((w) => (
          <li key={w}>
            <SafeText text={w} />
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={dismiss}>
        OK
      </button>
    </div>
  );
}

/** `sha256:0123…~vmlinux-6.8` → "vmlinux-6.8 (sha256 0123…)". */
export function describeRef(ref: FileRef): string {
  const m = /^sha256:([0-9a-f]{16})~(.*)$/.exec(ref);
  return m ? `${m[2]} (sha256 ${m[1]}…)` : ref;
}

export function MissingFiles({ refs }: { refs: FileRef[] }) {
  const remote = useAppStore((s) => s.remoteFiles);
  const files = useAppStore((s) => s.files);
  // A remote file is missing until a file with its label is loaded.
  const remoteMissing = remote.filter((r) => !files.some((f) => f.status !== 'error' && (f.label === r.label || f.name === r.label)));
  const named = refs.filter((ref) => !remoteMissing.some((r) => ref.endsWith(`~${r.label}`)));
  if (!named.length && !remoteMissing.length) return null;
  return (
    <div className="notice missing" role="status" data-testid="missing-files">
      {named.length > 0 && (
        <p>
          This view refers to{' '}
          {named.map((ref, i) => (
            <span key={ref}>
              {i > 0 && ' and '}
              <SafeText text={describeRef(ref)} />
            </span>
          ))}
          : drop {named.length > 1 ? 'them' : 'it'} anywhere on the page to continue. Files never leave your browser.
        </p>
      )}
      {remoteMissing.length > 0 && (
        <>
          <p>
            This link names {remoteMissing.length > 1 ? 'files' : 'a file'} on another site. btfscope does not fetch files: download{' '}
            {remoteMissing.length > 1 ? 'them' : 'it'}, then drop {remoteMissing.length > 1 ? 'them' : 'it'} here.
          </p>
          <ul>
            {remoteMissing.map((r) => (
              <li key={r.url} data-testid="remote-file">
                <SafeText text={r.label} />: <SafeText className="mono remote-url" text={r.url} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
