/**
 * The page's one WorkerClient. The worker starts at first use (the app asks for nothing until
 * a file arrives, so it is started eagerly in main.tsx to have it warm before the first drop).
 */
import { WorkerClient, type WorkerPort } from '../../worker/client';

let client: WorkerClient | undefined;

export function workerClient(): WorkerClient {
  client ??= new WorkerClient(
    () => new Worker(new URL('../../worker/btf.worker.ts', import.meta.url), { type: 'module', name: 'btfscope' }) as unknown as WorkerPort,
  );
  return client;
}

/** Tests replace the worker with an in-process fake. */
export function setWorkerClient(c: WorkerClient): void {
  client = c;
}
