/**
 * Raw-DEFLATE decompression with an output cap, for share links (untrusted input): a 64 KB
 * link could otherwise inflate to 66 MB. Each 256-byte input chunk can produce at most
 * ~264 KB, so a bomb stops within that of the cap (bytes/decode-capped.ts).
 */
import { Inflate } from 'fflate';
import { OutputTooLarge, decodeCapped } from '../bytes/decode-capped';

const CHUNK_BYTES = 256;

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' | 'corrupt'; message: string };

export function inflateBounded(input: Uint8Array, maxOutputBytes: number): InflateResult {
  let r: { bytes: Uint8Array; ended: boolean };
  try {
    r = decodeCapped((ondata) => new Inflate(ondata), input, maxOutputBytes, CHUNK_BYTES);
  } catch (e) {
    if (e instanceof OutputTooLarge) return { ok: false, reason: 'too-large', message: `inflates to more than ${maxOutputBytes} bytes` };
    return { ok: false, reason: 'corrupt', message: `compressed data is corrupt: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!r.ended) return { ok: false, reason: 'corrupt', message: 'compressed data ends early' };
  return { ok: true, bytes: r.bytes };
}
