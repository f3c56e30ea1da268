/** A failed worker query, in words; "coming soon" for views whose engine is not there yet. */
import type { WorkerRequestError } from '../../worker/client';
import { SafeText } from '../text/SafeText';
import { adviceFor } from './advice';

export function QueryError({ error }: { error: WorkerRequestError | undefined }) {
  if (!error) return null;
  if (error.code === 'not-available') return <p className="notice soon">{error.message}</p>;
  return (
    <p className="notice error-text" role="alert" data-testid="query-error" data-code={error.code}>
      <SafeText text={error.message} />
      {adviceFor(error.code) ? ` — ${adviceFor(error.code)}` : ''}
    </p>
  );
}
