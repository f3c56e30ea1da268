/**
 * The module Jazzer.js loads (bundled by scripts/fuzz.mjs): one exported function per target,
 * `fuzz_<name>` (dashes as underscores), and the target list. The small kernel of
 * the relocs target is read from BTFSCOPE_FUZZ_KERNEL.
 */
import { readFileSync } from 'node:fs';
import { FUZZ_TARGETS, fuzzTarget, setSmallKernel } from './targets';

const kernelPath = process.env.BTFSCOPE_FUZZ_KERNEL;
if (kernelPath) setSmallKernel(new Uint8Array(readFileSync(kernelPath)));

type Entry = (data: Buffer) => void | Promise<void>;
const entry = (name: string): Entry => {
  const t = fuzzTarget(name);
  return (data) => t.run(new Uint8Array(data.buffer, data.byteOffset, data.length));
};
export const fuzz_unpack = entry('unpack');
export const fuzz_btf = entry('btf');
export const fuzz_object = entry('object');
export const fuzz_relocs = entry('relocs');
export const fuzz_c_dump = entry('c-dump');
export const fuzz_raw_dump = entry('raw-dump');
export const fuzz_layout = entry('layout');
export const fuzz_diff = entry('diff');
export const fuzz_cut = entry('cut');
export const fuzz_share = entry('share');
export const fuzz_url_state = entry('url-state');
export const fuzz_playground = entry('playground');
export const targets = FUZZ_TARGETS.map(({ name, about, factor, slack, maxLen, async }) => ({ name, about, factor, slack, maxLen, async: !!async }));
