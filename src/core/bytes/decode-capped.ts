/**
 * Decompression with an output cap, for untrusted input. One-shot decoders have no output
 * limit (and some allocate whatever size the input declares), and DEFLATE expands up to
 * ~1032:1, zstd far more. A push-style decoder (fflate's Inflate and Gunzip, fzstd's
 * Decompress) is fed small input chunks instead, and the running output size is checked as
 * it comes: a bomb stops within one chunk's worth of output instead of after allocating all.
 */
import { concatBytes } from './concat';

export class OutputTooLarge extends Error {}

export interface PushDecoder {
  push(chunk: Uint8Array, final?: boolean): unknown;
}

/**
 * Runs the decoder `make` builds over `input`, `chunkBytes` at a time. Throws OutputTooLarge
 * past `max` bytes, and whatever the decoder throws on bad data. `ended`: the decoder said
 * its stream was complete.
 */
export function decodeCapped(
  make: (ondata: (chunk: Uint8Array, final?: boolean) => void) => PushDecoder,
  input: Uint8Array,
  max: number,
  chunkBytes: number,
): { bytes: Uint8Array; ended: boolean } {
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const d = make((chunk, final) => {
    total += chunk.length;
    if (total > max) throw new OutputTooLarge(`output exceeds ${max} bytes`);
    parts.push(chunk);
    if (final) ended = true;
  });
  if (input.length === 0) d.push(new Uint8Array(0), true);
  for (let i = 0; i < input.length; i += chunkBytes) {
    const end = Math.min(input.length, i + chunkBytes);
    d.push(input.subarray(i, end), end === input.length);
  }
  return { bytes: concatBytes(parts), ended };
}
