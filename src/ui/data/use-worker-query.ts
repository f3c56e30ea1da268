/**
 * Worker queries from components: cached (a keyed LRU of answers — big results live here,
 * never in the store), deduplicated while in flight, counted in the store's `busy` (so the
 * root's data-state says 'loading'), retried once when the worker restarted under them.
 */
import { useEffect, useState } from 'react';
import { WorkerRequestError } from '../../worker/client';
import { type ArgsFor, type RequestKind, type ResponseFor, WorkerErrorCode } from '../../worker/protocol';
import { useAppStore } from '../store/app-store';
import { LruCache } from './lru-cache';
import { workerClient } from './worker-instance';

const cache = new LruCache<string, unknown>(96);
const inflight = new Map<string, Promise<unknown>>();

export function queryKey<K extends RequestKind>(kind: K, args: ArgsFor<K>): string {
  return `${kind}:${JSON.stringify(args)}`;
}

export function cachedQuery<K extends RequestKind>(kind: K, args: ArgsFor<K>): ResponseFor<K> | undefined {
  return cache.get(queryKey(kind, args)) as ResponseFor<K> | undefined;
}

/** Puts an answer the worker volunteered (e.g. with a load) into the cache. */
export function seedQuery<K extends RequestKind>(kind: K, args: ArgsFor<K>, value: ResponseFor<K>): void {
  cache.set(queryKey(kind, args), value);
}

/** Runs a query through the cache. Errors reject; nothing is cached for them. */
export function fetchQuery<K extends RequestKind>(kind: K, args: ArgsFor<K>): Promise<ResponseFor<K>> {
  const key = queryKey(kind, args);
  const hit = cache.get(key);
  if (hit !== undefined) return Promise.resolve(hit as ResponseFor<K>);
  const running = inflight.get(key);
  if (running) return running as Promise<ResponseFor<K>>;
  const { addBusy } = useAppStore.getState();
  addBusy(1);
  const attempt = (left: number): Promise<ResponseFor<K>> =>
    workerClient()
      .request(kind, args)
      .catch((e: unknown) => {
        if (left > 0 && e instanceof WorkerRequestError && e.code === WorkerErrorCode.Cancelled) return attempt(left - 1);
        throw e;
      });
  const p = attempt(1).then(
    (v) => {
      cache.set(key, v);
      return v;
    },
  );
  inflight.set(key, p);
  void p.catch(() => {}).finally(() => {
    inflight.delete(key);
    addBusy(-1);
  });
  return p;
}

export interface QueryResult<T> {
  data: T | undefined;
  error: WorkerRequestError | undefined;
  loading: boolean;
}

/** `args === null` means "nothing to ask yet". */
export function useWorkerQuery<K extends RequestKind>(kind: K, args: ArgsFor<K> | null): QueryResult<ResponseFor<K>> {
  const key = args === null ? null : queryKey(kind, args);
  const [state, setState] = useState<{ key: string | null; data?: ResponseFor<K>; error?: WorkerRequestError }>({ key: null });
  useEffect(() => {
    if (args === null || key === null) return;
    let live = true;
    fetchQuery(kind, args).then(
      (data) => live && setState({ key, data }),
      (e: unknown) => {
        const error = e instanceof WorkerRequestError ? e : new WorkerRequestError({ code: 'internal-error', message: String(e), diagnostics: [] });
        if (live) setState({ key, error });
      },
    );
    return () => {
      live = false;
    };
    // `key` is args, serialized: re-run only when the question changes.
  }, [key]);
  if (key === null) return { data: undefined, error: undefined, loading: false };
  const cached = cache.get(key) as ResponseFor<K> | undefined;
  if (cached !== undefined) return { data: cached, error: undefined, loading: false };
  if (state.key === key) return { data: state.data, error: state.error, loading: false };
  return { data: undefined, error: undefined, loading: true };
}
