/**
 * Raw-DEFLATE decompression with an output cap, for untrusted input.
 *
 * fflate's inflateSync has no output limit, and DEFLATE expands up to ~1032:1, so a 64 KB
 * link could inflate to 66 MB. The streaming `Inflate` is fed small input chunks (each can
 * produce at most ~264 KB), and the running output size is checked after every chunk: a
 * bomb stops within one chunk of the cap instead of after allocating everything.
 */
import { Inflate } from 'fflate';

const CHUNK_BYTES = 256;

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' | 'corrupt'; message: string };

export function inflateBounded(input: Uint8Array, maxOutputBytes: number): InflateResult {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxOutputBytes) over = true;
    else parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < input.length && !over; i += CHUNK_BYTES) {
      const end = Math.min(input.length, i + CHUNK_BYTES);
      inf.push(input.subarray(i, end), end === input.length);
    }
    if (input.length === 0) inf.push(new Uint8Array(0), true);
  } catch (e) {
    return { ok: false, reason: 'corrupt', message: `compressed data is corrupt: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (over) return { ok: false, reason: 'too-large', message: `inflates to more than ${maxOutputBytes} bytes` };
  if (!ended) return { ok: false, reason: 'corrupt', message: 'compressed data ends early' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { ok: true, bytes: out };
}
