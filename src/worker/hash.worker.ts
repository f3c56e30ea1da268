/// <reference lib="webworker" />
// Hashes files for the BTF worker on another thread (see hasher.ts): { id, data } → { id, sha256 | error }.
import { sha256Hex } from './file-facts';

self.onmessage = async (e: MessageEvent<{ id: number; data: ArrayBuffer }>) => {
  const { id, data } = e.data;
  try {
    self.postMessage({ id, sha256: await sha256Hex(new Uint8Array(data)) });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
