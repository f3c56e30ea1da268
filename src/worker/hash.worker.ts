/// <reference lib="webworker" />
// Hashes files for the BTF worker on another thread (see hasher.ts): { id, data } → { id, sha256 | error }.
import { sha256Hex } from './file-facts';

// The first digest in a thread pays a one-time setup (~5 ms); pay it now, not on the first file.
const warm = sha256Hex(new Uint8Array(64)).catch(() => undefined);

self.onmessage = async (e: MessageEvent<{ id: number; data?: ArrayBuffer }>) => {
  const { id, data } = e.data;
  if (!data) {
    // A ping (see hasher.ts): answered once this worker is warm.
    await warm;
    self.postMessage({ id });
    return;
  }
  try {
    self.postMessage({ id, sha256: await sha256Hex(new Uint8Array(data)) });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
