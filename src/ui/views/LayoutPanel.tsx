/** The layout of a struct or union: table and byte map. */
import type { TypeArgs } from '../../worker/protocol';
import { QueryError } from '../components/QueryError';
import { useWorkerQuery } from '../data/use-worker-query';

export function LayoutPanel({ args }: { args: TypeArgs; onRef: (key: string) => void }) {
  const q = useWorkerQuery('getLayout', args);
  return (
    <div className="panel">
      <h3>Layout</h3>
      <QueryError error={q.error} />
    </div>
  );
}
