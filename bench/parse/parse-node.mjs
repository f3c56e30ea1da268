// btfscope side of the parse benchmark (see bench/parse/suite.mjs).
//
//   node bench/parse/parse-node.mjs <btf-file> <iterations> [core-bundle]
//
// The core bundle (default: .bench/core.mjs, built by scripts/bench.mjs, or
// $BTFSCOPE_CORE_BUNDLE) must export parseBtf(bytes) -> { value?, diagnostics }.
//
//   iterations == 0  import the bundle and read the file, nothing else: the
//                    baseline subtracted from a cold run.
//   iterations == 1  read the file and parseBtf once (cold: time the process).
//   iterations  > 1  WARMUP untimed calls, then <iterations> timed calls.
//
// Prints one JSON line, the same shape as bench/parse/btf_parse_bench.c:
//   {"median_us":…, "min_us":…, "runs":N, "types":…, "diagnostics":…, "maxrss_kb":…}
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const WARMUP = 5;

const [file, itersArg, bundleArg] = process.argv.slice(2);
if (!file || itersArg === undefined) {
  console.error('usage: parse-node.mjs <btf-file> <iterations> [core-bundle]');
  process.exit(2);
}
const iters = Number(itersArg);
if (!Number.isInteger(iters) || iters < 0) {
  console.error(`bad iteration count '${itersArg}'`);
  process.exit(2);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = resolve(bundleArg ?? process.env.BTFSCOPE_CORE_BUNDLE ?? resolve(root, '.bench', 'core.mjs'));
const core = await import(pathToFileURL(bundle).href);
if (typeof core.parseBtf !== 'function') {
  console.error(`${bundle} does not export parseBtf`);
  process.exit(1);
}

// A view over exactly the file's bytes (readFileSync may hand back a slice of
// a larger pooled ArrayBuffer for small files).
const buf = readFileSync(file);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

const maxrssKb = () => process.resourceUsage().maxRSS; // kilobytes

function typeCount(value) {
  if (!value) return null;
  for (const k of ['types', 'typeCount', 'count']) {
    const v = value[k];
    if (Array.isArray(v)) return v.length;
    if (typeof v === 'number') return v;
    if (typeof v === 'function' && k !== 'types') {
      try {
        const n = v.call(value);
        if (typeof n === 'number') return n;
      } catch {
        /* not a counter */
      }
    }
  }
  return null;
}

function parseOnce() {
  const t0 = performance.now();
  const res = core.parseBtf(bytes, { validate: process.env.BTFSCOPE_VALIDATE === "1" });
  const us = (performance.now() - t0) * 1000;
  if (!res || !res.value) {
    const first = res?.diagnostics?.[0];
    console.error(`parseBtf(${file}) gave no value${first ? `: ${JSON.stringify(first)}` : ''}`);
    process.exit(1);
  }
  return { us, res };
}

if (iters === 0) {
  console.log(JSON.stringify({ runs: 0, bytes: bytes.length, maxrss_kb: maxrssKb() }));
  process.exit(0);
}

if (iters === 1) {
  const { us, res } = parseOnce();
  console.log(
    JSON.stringify({
      median_us: +us.toFixed(1),
      min_us: +us.toFixed(1),
      runs: 1,
      types: typeCount(res.value),
      diagnostics: res.diagnostics?.length ?? null,
      maxrss_kb: maxrssKb(),
    }),
  );
  process.exit(0);
}

for (let i = 0; i < WARMUP; i++) parseOnce();
const times = [];
let last;
for (let i = 0; i < iters; i++) {
  const { us, res } = parseOnce();
  times.push(us);
  last = res;
}
times.sort((a, b) => a - b);
const mid = times.length >> 1;
const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
console.log(
  JSON.stringify({
    median_us: +median.toFixed(1),
    min_us: +times[0].toFixed(1),
    runs: iters,
    types: typeCount(last.value),
    diagnostics: last.diagnostics?.length ?? null,
    maxrss_kb: maxrssKb(),
  }),
);
