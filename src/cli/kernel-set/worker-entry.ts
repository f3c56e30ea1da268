/** A kernel-set pool worker (pool.ts): opens the objects and base once, then answers members. */
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { type BpfObject, parseBpfObject } from '../../core/bpf/bpf-object';
import { type BtfSource, openBtf } from '../../core/open-btf';
import { relocateMember } from './member-relocs';
import type { PoolAnswer, PoolMessage, WorkerInit } from './pool';

export function runKernelSetWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('not a worker thread');
  const init = workerData as WorkerInit;
  // The main thread has parsed and checked these already: what it accepted parses here too.
  const objects: BpfObject[] = init.objects.map((b) => parseBpfObject(b).value!);
  const base: BtfSource | undefined = init.base ? openBtf(init.base).value : undefined;
  const read = async (p: string) => new Uint8Array(await readFile(p));
  port.on('message', (m: PoolMessage) => {
    void relocateMember(read, m.task, objects, base, init.detail).then(
      (outcome) => port.postMessage({ id: m.id, outcome } satisfies PoolAnswer),
      (e: unknown) => port.postMessage({ id: m.id, outcome: { ok: false, stderr: `${m.task.path}: error [internal-error]: ${e instanceof Error ? e.message : String(e)}\n` } } satisfies PoolAnswer),
    );
  });
}
