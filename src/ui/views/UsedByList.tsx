/** "Used by": the types that refer to this one, each a link, with the member that refers. */
import type { TypeArgs } from '../../worker/protocol';
import { kindName } from '../../core/btf/btf-kinds';
import { QueryError } from '../components/QueryError';
import { useWorkerQuery } from '../data/use-worker-query';
import { SafeText } from '../text/SafeText';

export function UsedByList({ args, onOpen }: { args: TypeArgs; onOpen: (key: string) => void }) {
  const q = useWorkerQuery('usedBy', { ...args, limit: 300 });
  return (
    <div className="panel">
      <h3>
        Used by {q.data && <span className="muted">({q.data.total})</span>}
      </h3>
      <QueryError error={q.error} />
      {q.data && q.data.total === 0 && <p className="muted">No type refers to it.</p>}
      {q.data && (
        <ul className="used-by" data-testid="used-by">
          {q.data.users.map((u) => (
            <li key={u.id}>
              <span className="muted">{kindName(u.kind).toLowerCase()}</span>{' '}
              <button type="button" className="link" onClick={() => onOpen(u.key)}>
                <SafeText text={u.name || `(anon) #${u.id}`} />
              </button>
              {u.via && <span className="muted"> · {u.via}</span>}
            </li>
          ))}
          {q.data.total > q.data.users.length && <li className="muted">… and {q.data.total - q.data.users.length} more</li>}
        </ul>
      )}
    </div>
  );
}
