/**
 * A pool of worker_threads for kernel-set members: `jobs` workers (default: one per core),
 * each handed one member at a time, so at most `jobs` kernels are in memory at once whatever
 * the set's size; a worker keeps nothing of a member once it has answered. A worker that dies
 * (out of memory, a bug) fails its member with an internal-error diagnostic and is replaced;
 * the other members go on.
 *
 * A worker that has hashed a member's BTF asks (`onHash`) whether an identical kernel is
 * already being computed; if so it answers without relocating.
 *
 * The workers run the CLI bundle itself (dist/cli.cjs, its `kernelSetWorker` export). Without
 * a bundle (the TypeScript sources under Vitest) or with one job, members run one after
 * another in this thread, through the same `relocateMember`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MemberDetail, MemberOutcome, MemberTask } from './member-relocs';


/** What every worker starts with, per command: small inputs as bytes (objects, --base unpacked). */
export type WorkerInit =
  | { kind: 'relocs'; objects: Uint8Array[]; base?: Uint8Array; detail: MemberDetail }
  | { kind: 'timeline'; type: string; base?: Uint8Array };

/** Every outcome says whether the member could be read and what to print on stderr. */
export interface PoolOutcome {
  ok: boolean;
  stderr: string;
}

export type PoolMessage = { id: number; task: MemberTask } | { id: number; compute: boolean };
/** A member's outcome, or (before it) the question whether its BTF hash still needs computing. */
export type PoolAnswer<O extends PoolOutcome = MemberOutcome> = { id: number; outcome: O } | { id: number; hash: string };

/** Whether the member `task` whose BTF hashes to `hash` must be computed (false: an identical kernel is). */
export type HashCheck = (task: MemberTask, hash: string) => boolean;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** The CLI bundle this code runs from, when it does (the pool's workers load it). */
export function cliBundlePath(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename : undefined;
}

function spawn(bundle: string, init: WorkerInit): Worker {
  const code = `require(${JSON.stringify(bundle)}).kernelSetWorker();`;
  return new Worker(code, { eval: true, workerData: init });
}

function ask<O extends PoolOutcome>(w: Worker, msg: { id: number; task: MemberTask }, onHash: HashCheck | undefined): Promise<O> {
  return new Promise((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (a: PoolAnswer<O>) => {
      if (a.id !== msg.id) return;
      if ('hash' in a) {
        w.postMessage({ id: msg.id, compute: onHash ? onHash(msg.task, a.hash) : true } satisfies PoolMessage);
        return;
      }
      done();
      resolve(a.outcome);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`the worker exited (code ${code})`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage(msg);
  });
}

/**
 * Runs every task on `jobs` workers; `onResult` is called in completion order (callers sort).
 * `inProcess` runs one task in this thread, for jobs = 1 or when there is no bundle.
 */
export async function runPool<O extends PoolOutcome>(
  tasks: readonly MemberTask[],
  jobs: number,
  init: WorkerInit,
  inProcess: (task: MemberTask) => Promise<O>,
  onResult: (index: number, outcome: O | { ok: false; stderr: string }) => void,
  onHash?: HashCheck,
): Promise<void> {
  const bundle = cliBundlePath();
  let next = 0;
  if (!bundle || jobs <= 1 || tasks.length <= 1) {
    for (; next < tasks.length; next++) onResult(next, await inProcess(tasks[next]!));
    return;
  }
  const lane = async () => {
    let w: Worker | undefined;
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i]!;
      w ??= spawn(bundle, init);
      let outcome: O | { ok: false; stderr: string };
      try {
        outcome = await ask<O>(w, { id: i, task }, onHash);
      } catch (e) {
        void w.terminate();
        w = undefined;
        outcome = { ok: false, stderr: `${task.path}: error [internal-error]: ${e instanceof Error ? e.message : String(e)}\n` };
      }
      onResult(i, outcome);
    }
    if (w) await w.terminate();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, lane));
}
