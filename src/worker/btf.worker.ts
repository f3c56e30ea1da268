/// <reference lib="webworker" />
// Worker entry: every message is one request for the session; replies transfer their typed arrays.
import { warmUpXz } from '../core/index';
import type { ProgressEvent, Request, WorkerMessage } from './protocol';
import { offThreadHasher } from './hasher';
import { Session } from './session';
import { transferablesOf } from './transfer';
import { serializeError } from './worker-error';

const hasher = offThreadHasher(() => new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'btfscope-hash' }));
const session = new Session(hasher);
// The samples and most downloads are .xz: have the decoder instantiated before one arrives.
// `hello` is answered after that and the hash worker's start, so the page counts this
// start-up as loading (a file dropped meanwhile would share the two cores with it).
const warm = Promise.all([warmUpXz(), hasher.ready]);
const post = (msg: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

self.onmessage = async (e: MessageEvent<Request>) => {
  const { id, kind, args } = e.data;
  if (kind === 'hello') await warm;
  let last = 0;
  const progress = (phase: ProgressEvent['phase'], done: number, total: number) => {
    const now = performance.now();
    if (now - last < 40 && done !== total) return; // a few events per frame is plenty
    last = now;
    post({ id, kind: 'progress', phase, done, total });
  };
  try {
    const value = await session.handle(kind, args as never, progress);
    post({ id, ok: true, value }, transferablesOf(value));
  } catch (err) {
    post({ id, ok: false, error: serializeError(err) });
  }
};
