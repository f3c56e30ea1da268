/**
 * sha256 of a file without holding up its parse. Chromium's crypto.subtle.digest runs on the
 * calling thread (~7 ms for a 6 MB kernel, several times that when the machine is busy), so
 * the BTF worker hands a copy of the bytes to a small worker of its own, which hashes them
 * while the parse runs. Anything that goes wrong there falls back to hashing here.
 */
import { sha256Hex } from './file-facts';

export type Hasher = (bytes: Uint8Array) => Promise<string>;

/** In this thread (node tests, or no nested workers). */
export const hashHere: Hasher = sha256Hex;

/** An off-thread hasher, and `ready`: settled once its worker has started (or failed to). */
export function offThreadHasher(create: () => Worker): Hasher & { ready: Promise<void> } {
  let port: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, (sha256: string | undefined) => void>();
  const start = () => {
    try {
      port = create();
    } catch {
      return undefined;
    }
    port.onmessage = (e: MessageEvent<{ id: number; sha256?: string }>) => {
      waiting.get(e.data.id)?.(e.data.sha256);
      waiting.delete(e.data.id);
    };
    port.onerror = () => {
      for (const done of waiting.values()) done(undefined);
      waiting.clear();
      port = undefined;
    };
    return port;
  };
  start(); // now, so it is running when the first file arrives
  // Id 0 is a ping: answered once the worker has loaded and paid its first-digest setup.
  const ready = new Promise<void>((resolve) => {
    if (!port) return resolve();
    waiting.set(0, () => resolve());
    port.postMessage({ id: 0 });
  });
  const hasher = async (bytes: Uint8Array): Promise<string> => {
    const p = port ?? start();
    if (!p) return hashHere(bytes);
    const id = nextId++;
    const answer = new Promise<string | undefined>((resolve) => waiting.set(id, resolve));
    // A copy (~2 ms): the parse keeps the original. Reading a File twice, once in each
    // worker, is slower: both reads share the browser's pipe.
    const copy = bytes.slice().buffer;
    p.postMessage({ id, data: copy }, [copy]);
    return (await answer) ?? hashHere(bytes);
  };
  return Object.assign(hasher, { ready });
}
