/** Link problems: fields a URL carried that were dropped, and files it names that are not here. */
import { useAppStore } from '../store/app-store';
import type { FileRef } from '../url/url-state';

export function UrlWarnings() {
  const warnings = useAppStore((s) => s.urlWarnings);
  const dismiss = useAppStore((s) => s.dismissUrlWarnings);
  if (!warnings.length) return null;
  return (
    <div className="notice" role="status">
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
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
  if (!refs.length) return null;
  return (
    <div className="notice missing" role="status" data-testid="missing-files">
      This view refers to {refs.map(describeRef).join(' and ')}: drop {refs.length > 1 ? 'them' : 'it'} anywhere on the
      page to continue. Files never leave your browser.
    </div>
  );
}
