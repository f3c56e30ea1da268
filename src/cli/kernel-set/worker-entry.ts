/** A kernel-set pool worker (pool.ts): opens the command's small inputs once, then answers members. */
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { parseBpfObject } from '../../core/bpf/bpf-object';
import { openBtf } from '../../core/open-btf';
import { type MemberTask, relocateMember } from './member-relocs';
import { timelineMember } from './member-timeline';
import type { PoolAnswer, PoolMessage, PoolOutcome, WorkerInit } from './pool';

export function runKernelSetWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('not a worker thread');
  const init = workerData as WorkerInit;
  const read = async (p: string) => new Uint8Array(await readFile(p));
  // The main thread has parsed and checked these already: what it accepted parses here too.
  const base = init.base ? openBtf(init.base).value : undefined;
  // Replies to "is this hash still needed?", by member id.
  const waiting = new Map<number, (compute: boolean) => void>();
  let answer: (id: number, task: MemberTask) => Promise<PoolOutcome>;
  if (init.kind === 'relocs') {
    const objects = init.objects.map((b) => parseBpfObject(b).value!);
    const ask = (id: number) => (hash: string) =>
      new Promise<boolean>((resolve) => {
        waiting.set(id, resolve);
        port.postMessage({ id, hash } satisfies PoolAnswer);
      });
    answer = (id, task) => relocateMember(read, task, objects, base, init.detail, ask(id));
  } else {
    answer = (_id, task) => timelineMember(read, task, init.type, base);
  }
  port.on('message', (m: PoolMessage) => {
    if ('compute' in m) {
      waiting.get(m.id)?.(m.compute);
      waiting.delete(m.id);
      return;
    }
    void answer(m.id, m.task).then(
      (outcome) => port.postMessage({ id: m.id, outcome }),
      (e: unknown) => port.postMessage({ id: m.id, outcome: { ok: false, stderr: `${m.task.path}: error [internal-error]: ${e instanceof Error ? e.message : String(e)}\n` } }),
    );
  });
}
