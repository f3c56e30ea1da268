// btfscope side of the diff benchmark (see bench/diff/suite.mjs).
//
//   node bench/diff/diff-node.mjs <a.btf> <b.btf> <mode> [iterations] [core-bundle]
//
// modes (each prints one JSON line):
//   baseline  import the bundle and read both files, nothing else
//   cold      read, parse both, diff (with member details) and build every entry
//             (the JSON-ready list, names included): what `btfscope diff` computes
//   warm      parse once, then after WARMUP untimed rounds, <iterations> timed rounds of
//               full     index both BTFs + diff with details (nothing cached)
//               cached   diff with details on indexes built before (signatures cached:
//                        the many-kernel view, one kernel against several)
//               classify diff without details on cached indexes (counts, lists of ids)
//               entries  diff with details + building all ~60k entries with names
//             and reports the median of each, in ms, plus full_cpu_ms: the main
//             thread's CPU time per full diff (what it costs on an idle machine)
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const WARMUP = 5;
const [fileA, fileB, mode, itersArg, bundleArg] = process.argv.slice(2);
if (!fileA || !fileB || !mode) {
  console.error('usage: diff-node.mjs <a.btf> <b.btf> baseline|cold|warm [iterations] [core-bundle]');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = resolve(bundleArg ?? process.env.BTFSCOPE_CORE_BUNDLE ?? resolve(root, '.bench', 'core.mjs'));
const core = await import(pathToFileURL(bundle).href);
for (const f of ['parseBtf', 'diffIndexed', 'DiffIndex']) {
  if (!core[f]) {
    console.error(`${bundle} does not export ${f}`);
    process.exit(1);
  }
}

const read = (p) => {
  const buf = readFileSync(p);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};
const bytesA = read(fileA);
const bytesB = read(fileB);
const parse = (bytes) => {
  const r = core.parseBtf(bytes);
  if (!r.value) throw new Error(`parse failed: ${JSON.stringify(r.diagnostics.slice(0, 2))}`);
  return r.value;
};
const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const maxrssKb = () => process.resourceUsage().maxRSS;
// CPU time of the main thread (ms, 10 ms ticks; Linux /proc): the work done, without the
// time spent waiting for a CPU when the machine is busy. NaN elsewhere.
const mainThreadCpuMs = () => {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
};

if (mode === 'baseline') {
  console.log(JSON.stringify({ mode, bytes: bytesA.length + bytesB.length, maxrss_kb: maxrssKb() }));
} else if (mode === 'cold') {
  const t0 = performance.now();
  const a = parse(bytesA);
  const b = parse(bytesB);
  const t1 = performance.now();
  const d = core.diffIndexed(new core.DiffIndex(a), new core.DiffIndex(b)).value;
  const t2 = performance.now();
  const n = d.types().length;
  const t3 = performance.now();
  console.log(
    JSON.stringify({ mode, parse_ms: t1 - t0, diff_ms: t2 - t1, entries_ms: t3 - t2, entries: n, maxrss_kb: maxrssKb() }),
  );
} else if (mode === 'warm') {
  const iters = Number(itersArg ?? 10);
  const a = parse(bytesA);
  const b = parse(bytesB);
  const ia = new core.DiffIndex(a);
  const ib = new core.DiffIndex(b);
  // Each phase runs in its own loop, so the garbage of one (60k entries) does not land
  // in the timing of the next.
  const phases = {
    full: () => core.diffIndexed(new core.DiffIndex(a), new core.DiffIndex(b)).value,
    cached: () => core.diffIndexed(ia, ib).value,
    classify: () => core.diffIndexed(ia, ib, { details: false }).value,
    entries: () => core.diffIndexed(ia, ib).value.types(),
  };
  const samples = {};
  let summary;
  let fullCpuMs = NaN;
  for (const [name, fn] of Object.entries(phases)) {
    for (let i = 0; i < WARMUP; i++) fn();
    const times = [];
    const c0 = mainThreadCpuMs();
    for (let i = 0; i < iters; i++) {
      const t0 = performance.now();
      const r = fn();
      times.push(performance.now() - t0);
      if (name === 'full') summary = r.summary;
    }
    // Main-thread CPU over the whole loop (10 ms ticks are too coarse for one diff).
    if (name === 'full') fullCpuMs = (mainThreadCpuMs() - c0) / iters;
    samples[name] = times;
  }
  const out = { mode, runs: iters, maxrss_kb: maxrssKb(), summary, full_cpu_ms: fullCpuMs };
  for (const [k, v] of Object.entries(samples)) out[`${k}_ms`] = median(v);
  console.log(JSON.stringify(out));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
