// btfscope side of the layout benchmark (see bench/layout/suite.mjs).
//
//   node bench/layout/layout-node.mjs <cdump|pahole> <btf-file> <iterations> [core-bundle]
//
//   cdump   vmlinux.h, as `bpftool btf dump file X format c`
//   pahole  every struct/union laid out and printed, as `pahole -F btf -a -A X`
//
//   iterations == 0  import the bundle and read the file only (startup baseline)
//   iterations == 1  parse + produce the text once, write it to stdout (a cold run)
//   iterations  > 1  WARMUP untimed runs, then <iterations> timed ones; writes the text once
//
// The text goes to stdout (as the C tools' does), then one JSON line:
//   {"parse_ms":…, "median_ms":…, "min_ms":…, "runs":N, "bytes":…[, "parse_warm_ms":…]}
// median/min time producing the text from an already parsed Btf (warm: a fresh Btf is
// parsed for every run, so per-Btf caches do not carry over); parse_ms is the first
// parse, parse_warm_ms the median of the timed runs' parses.
import { readFileSync, writeSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const WARMUP = 3;
const [mode, file, itersArg, bundleArg] = process.argv.slice(2);
if (!['cdump', 'pahole'].includes(mode) || !file || itersArg === undefined) {
  console.error('usage: layout-node.mjs <cdump|pahole> <btf-file> <iterations> [core-bundle]');
  process.exit(2);
}
const iters = Number(itersArg);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = resolve(bundleArg ?? process.env.BTFSCOPE_CORE_BUNDLE ?? resolve(root, '.bench', 'core.mjs'));
const core = await import(pathToFileURL(bundle).href);
const buf = readFileSync(file);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

function out(s) {
  const b = Buffer.from(s);
  for (let off = 0; off < b.length; ) off += writeSync(1, b, off);
}

if (iters === 0) {
  out(JSON.stringify({ runs: 0, bytes: bytes.length }) + '\n');
  process.exit(0);
}

function parse() {
  const r = core.parseBtf(bytes);
  if (!r.value) {
    console.error(`parseBtf(${file}) failed: ${JSON.stringify(r.diagnostics[0])}`);
    process.exit(1);
  }
  return r.value;
}

/** Produces the text; returns [ms, chunks]. */
function produce(btf) {
  const chunks = [];
  const t0 = performance.now();
  if (mode === 'cdump') {
    core.writeCHeader(btf, (c) => chunks.push(c));
  } else {
    const session = new core.PaholeSession(btf);
    for (const id of core.paholePrintOrder(btf)) {
      chunks.push(core.formatPaholeLayout(core.computeStructLayout(btf, id, { session }).value));
    }
  }
  return [performance.now() - t0, chunks];
}

const t0 = performance.now();
let btf = parse();
const parseMs = performance.now() - t0;
if (iters === 1) {
  const [ms, chunks] = produce(btf);
  let n = 0;
  for (const c of chunks) {
    out(c);
    n += c.length;
  }
  out(JSON.stringify({ parse_ms: +parseMs.toFixed(2), median_ms: +ms.toFixed(2), min_ms: +ms.toFixed(2), runs: 1, bytes: n }) + '\n');
  process.exit(0);
}

for (let i = 0; i < WARMUP; i++) produce(parse());
const times = [];
const parses = [];
let last;
for (let i = 0; i < iters; i++) {
  const p0 = performance.now();
  btf = parse();
  parses.push(performance.now() - p0);
  const [ms, chunks] = produce(btf);
  times.push(ms);
  last = chunks;
}
const medianOf = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const median = medianOf(times);
let n = 0;
for (const c of last) {
  out(c);
  n += c.length;
}
out(JSON.stringify({ parse_ms: +parseMs.toFixed(2), median_ms: +median.toFixed(2), min_ms: +Math.min(...times).toFixed(2), runs: iters, bytes: n, parse_warm_ms: +medianOf(parses).toFixed(2) }) + '\n');
