/** A thin progress bar; indeterminate when the total is unknown (parsing; an xz without a readable Index). */
import type { ProgressEvent } from '../../worker/protocol';

const PHASES: Record<ProgressEvent['phase'], string> = {
  read: 'reading',
  hash: 'hashing',
  unpack: 'unpacking',
  parse: 'parsing',
  index: 'indexing',
};

export function ProgressBar({ progress }: { progress?: Pick<ProgressEvent, 'phase' | 'done' | 'total'> | undefined }) {
  const pct = progress && progress.total > 0 ? Math.min(100, (100 * progress.done) / progress.total) : undefined;
  const what = progress ? PHASES[progress.phase] : 'starting';
  const toMb = (n: number) => (n / 1048576).toFixed(1);
  const mb = !progress || progress.done <= 0 ? '' : progress.total > 0 ? ` ${toMb(progress.done)} of ${toMb(progress.total)} MB` : ` ${toMb(progress.done)} MB`;
  return (
    <span className="progress" role="progressbar" aria-label={`${what}${mb}`} aria-valuenow={pct === undefined ? undefined : Math.round(pct)}>
      <span className={pct === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={pct === undefined ? undefined : { width: `${pct}%` }} />
      <span className="progress-text">
        {what}
        {mb}
      </span>
    </span>
  );
}
