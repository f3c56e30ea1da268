#!/usr/bin/env node
// `npm run fuzz`: coverage-guided fuzzing of the core's entry points with Jazzer.js (libFuzzer).
//
//   node scripts/fuzz.mjs [--time N] [--target NAME[,NAME…]] [--jobs N] [--smoke] [--list]
//                         [--runs N] [--make-kernel]
//
// --time N      seconds per target (default 180); --smoke: what npm test runs, two targets at a
//               time, each a fixed number of executions (SMOKE_RUNS) from the seeds with seed 1
// --target      run only these targets; --list prints them; --jobs runs that many targets at once
// --runs N      stop each target after N executions (libFuzzer -runs) instead of by time
// --keep-going  campaigns: after a finding, keep its input and start again for the time left
// --make-kernel regenerates fixtures/fuzz/small-kernel.btf (the relocs target's kernel)
// --report      prints the running totals of .fuzz/stats.json as a Markdown table
//
// The targets (src/test-utils/fuzz/targets.ts) are bundled with esbuild into .fuzz/build/ so
// Jazzer instruments btfscope's code and not node_modules (npm packages stay external). Seeds
// are cut from the fixtures into .fuzz/seeds/ on every run; the corpora that grow live in
// .fuzz/corpus/<target>/, crash inputs in .fuzz/artifacts/<target>/, logs in .fuzz/logs/, and
// running totals in .fuzz/stats.json (all git-ignored). Exits 1 when a target found a crash,
// a slow input (over 1 s) or an output blow-up. See docs/fuzzing.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzerEnv } from './fuzz/glibc-compat.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.fuzz');
const build = join(work, 'build');
const kernelPath = join(root, 'fixtures/fuzz/small-kernel.btf');
const dict = join(root, 'scripts/fuzz/btfscope.dict');
const require = createRequire(import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const smoke = process.argv.includes('--smoke');
// The smoke must say the same on every machine: a fixed libFuzzer seed, a fresh corpus from the
// seeds, and a fixed number of executions per target (about 15 s each on a loaded 2-core
// machine) rather than a time that a faster or busier machine would fill differently. A finding
// then replays everywhere, and a green smoke here is green in CI.
const SMOKE_RUNS = {
  unpack: 30000,
  btf: 60000,
  object: 50000,
  relocs: 500,
  'c-dump': 5000,
  'raw-dump': 40000,
  layout: 15000,
  diff: 1500,
  cut: 12000,
  share: 12000,
  'url-state': 300000,
  playground: 15000,
};
const seconds = Number(arg('--time', smoke ? '120' : '180'));
const runs = arg('--runs') !== undefined ? Number(arg('--runs')) : undefined;
const jobs = Math.max(1, Number(arg('--jobs', smoke ? '2' : '1')));
const keepGoing = process.argv.includes('--keep-going');
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--time needs a positive number of seconds');

async function bundle() {
  const esbuild = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    // fixtures.ts finds the repository from its own URL: .fuzz/build/x.cjs is two levels down too.
    banner: { js: 'const __btfscope_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__btfscope_url' },
  };
  // Written aside and renamed: a campaign running beside this one may be (re)loading them.
  for (const [entry, out] of [['jazzer-entry.ts', 'targets.cjs'], ['seeds-entry.ts', 'seeds.cjs']]) {
    const tmp = join(build, `${process.pid}-${out}`);
    await esbuild.build({ ...common, entryPoints: [join(root, 'src/test-utils/fuzz', entry)], outfile: tmp });
    renameSync(tmp, join(build, out));
  }
}

/** Parses libFuzzer's output: the last status line and the final stats. */
function parseLog(text) {
  const status = [...text.matchAll(/^#(\d+)\s+\S+\s+cov: (\d+) ft: (\d+) corp: (\d+)\/(\S+)/gm)].pop();
  const stat = (k) => {
    const m = new RegExp(`^stat::${k}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const done = /^Done (\d+) runs in (\d+) second/m.exec(text);
  return {
    execs: stat('number_of_executed_units') ?? (done ? Number(done[1]) : status ? Number(status[1]) : 0),
    cov: status ? Number(status[2]) : 0,
    ft: status ? Number(status[3]) : 0,
    corp: status ? Number(status[4]) : 0,
    rss: stat('peak_rss_mb') ?? 0,
  };
}

function countFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

/** One libFuzzer process for up to `budget` seconds; resolves with its log and exit. */
function runOnce(t, env, budget, corpus, artifacts, tRuns) {
  const args = [
    require.resolve('@jazzer.js/core/dist/cli.js'),
    join(build, 'targets.cjs'),
    corpus,
    join(work, 'seeds', t.name),
    '-f',
    `fuzz_${t.name.replace(/-/g, '_')}`,
    '--timeout',
    '1000',
    '--disable_bug_detectors',
    '.*',
    ...(t.async ? [] : ['--sync']),
    '--',
    `-max_total_time=${budget}`,
    ...(tRuns !== undefined ? [`-runs=${tRuns}`] : []),
    ...(smoke ? ['-seed=1'] : []),
    `-dict=${dict}`,
    `-artifact_prefix=${artifacts}/`,
    `-max_len=${t.maxLen}`,
    '-rss_limit_mb=2048',
    '-print_final_stats=1',
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    // libFuzzer stops by itself; this is a backstop against a wedged process (and its group).
    const backstop = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, (budget + 120) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(backstop);
      resolve({ text, code, signal });
    });
  });
}

/**
 * Fuzzes one target for `seconds`. With --keep-going a finding does not end the run: the
 * input is kept and libFuzzer starts again on the grown corpus for the time left.
 */
async function runTarget(t, env) {
  const corpus = join(work, smoke ? 'smoke-corpus' : 'corpus', t.name);
  if (smoke) rmSync(corpus, { recursive: true, force: true });
  const tRuns = runs ?? (smoke ? SMOKE_RUNS[t.name] : undefined);
  const artifacts = join(work, 'artifacts', t.name);
  const logs = join(work, 'logs');
  for (const d of [corpus, artifacts, logs]) mkdirSync(d, { recursive: true });
  const before = new Set(readdirSync(artifacts));
  const started = Date.now();
  const total = { execs: 0, cov: 0, ft: 0, corp: 0, rss: 0 };
  let log = '';
  let exitedWithout = '';
  for (let round = 0; ; round++) {
    const left = Math.round(seconds - (Date.now() - started) / 1000);
    if (round > 0 && (!keepGoing || left < 10 || tRuns !== undefined)) break;
    const seen = new Set(readdirSync(artifacts));
    const r = await runOnce(t, env, Math.max(1, left), corpus, artifacts, tRuns);
    log += `\n===== round ${round} (exit ${r.code ?? r.signal}) =====\n${r.text}`;
    const p = parseLog(r.text);
    total.execs += p.execs;
    for (const k of ['cov', 'ft', 'corp', 'rss']) total[k] = Math.max(total[k], p[k]);
    const fresh = readdirSync(artifacts).filter((f) => !seen.has(f));
    if (r.code !== 0 && fresh.length === 0) exitedWithout = `exit ${r.code ?? r.signal} without an input: ${r.text.split('\n').filter((l) => /ERROR|Error/.test(l))[0] ?? ''}`;
    if (r.code === 0 || exitedWithout) break;
  }
  writeFileSync(join(logs, `${t.name}.log`), log);
  const found = readdirSync(artifacts).filter((f) => !before.has(f));
  const kinds = { crash: 0, slow: 0, blowUp: 0, oom: 0, stall: 0 };
  const whys = [];
  for (const [i, f] of found.entries()) {
    // Replays are bounded: a campaign that found dozens of hangs must still end on time.
    const byName = f.startsWith('timeout-') ? 'slow' : f.startsWith('oom-') ? 'oom' : 'crash';
    const c = i < 8 ? classify(t, join(artifacts, f)) : { kind: byName, why: 'not replayed (more than 8 findings)' };
    kinds[c.kind]++;
    whys.push(`${f.split('-')[0]}: ${c.why}`);
  }
  if (exitedWithout) {
    kinds.crash++;
    whys.push(exitedWithout);
  }
  return { name: t.name, ...total, corpusFiles: countFiles(corpus), ...kinds, found, whys, why: whys[0] ?? '', ms: Date.now() - started };
}

/**
 * What an artifact is, by replaying it three times without instrumentation in a child process
 * (512 MB heap, 20 s): a blow-up or an exception (crash) when it throws, out of memory when the
 * child runs out. A timeout- input that replays in under 1 s is a stall (libFuzzer's timer is
 * wall-clock and counts the instrumentation), not a slow input; it is reported apart.
 */
function classify(t, file) {
  const name = file.split('/').pop();
  const fn = `require(${JSON.stringify(join(build, 'targets.cjs'))})[${JSON.stringify(`fuzz_${t.name.replace(/-/g, '_')}`)}]`;
  const body = `const f = ${fn}; const d = require('node:fs').readFileSync(${JSON.stringify(file)}); let best = Infinity;
    for (let i = 0; i < 3; i++) { const t0 = performance.now(); await f(d); best = Math.min(best, performance.now() - t0); }
    console.log('MS ' + best.toFixed(1));`;
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', '-e', `(async () => { ${body} })().catch((e) => console.log('THREW ' + String(e?.message ?? e).split('\\n')[0].slice(0, 200)))`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const threw = /^THREW (.*)$/m.exec(r.stdout ?? '');
  if (threw) return { kind: /^\[fuzz blow-up\]/.test(threw[1]) ? 'blowUp' : 'crash', why: threw[1] };
  if (r.status !== 0 && /heap out of memory/.test(r.stderr ?? '')) return { kind: 'oom', why: 'out of memory (over 512 MB of heap)' };
  if (r.error || r.signal) return { kind: 'slow', why: 'still running after 20 s' };
  const ms = Number(/^MS (\S+)$/m.exec(r.stdout ?? '')?.[1] ?? NaN);
  if (name.startsWith('oom-')) return { kind: 'oom', why: `over the memory limit (replays in ${ms} ms)` };
  if (name.startsWith('crash-')) return { kind: 'crash', why: 'crashed under the fuzzer only' };
  // The 1 s limit is for btfscope's own code: instrumentation slows it ~10x (a valid struct's
  // first 4 MiB of padding takes ~130 ms plain, over 1 s instrumented), and so does a busy machine.
  if (ms < 1000) return { kind: 'stall', why: `over 1 s only under the fuzzer or a busy machine: it replays in ${ms} ms` };
  return { kind: 'slow', why: `over 1 s (${ms} ms without instrumentation)` };
}

function recordStats(results) {
  const path = join(work, 'stats.json');
  const stats = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  for (const r of results) {
    const s = (stats[r.name] ??= { execs: 0, seconds: 0, runs: 0, crashes: 0, slow: 0, blowUps: 0, maxCov: 0, maxFt: 0 });
    s.execs += r.execs;
    s.seconds += Math.round(r.ms / 1000);
    s.runs++;
    s.crashes += r.crash + r.oom;
    s.slow += r.slow;
    s.blowUps += r.blowUp;
    s.stalls = (s.stalls ?? 0) + r.stall;
    s.maxCov = Math.max(s.maxCov, r.cov);
    s.maxFt = Math.max(s.maxFt, r.ft);
    s.corpusFiles = r.corpusFiles;
  }
  writeFileSync(path, JSON.stringify(stats, null, 2) + '\n');
  return stats;
}

const pad = (s, n) => String(s).padStart(n);

async function main() {
  if (process.argv.includes('--report')) {
    const stats = JSON.parse(readFileSync(join(work, 'stats.json'), 'utf8'));
    console.log('| target | executions | seconds | exec/s | cov (edges) | ft | corpus | crashes | slow | blow-ups | stalls |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, s] of Object.entries(stats)) {
      const rate = Math.round(s.execs / Math.max(1, s.seconds));
      console.log(`| \`${name}\` | ${s.execs.toLocaleString('en')} | ${s.seconds} | ${rate} | ${s.maxCov} | ${s.maxFt} | ${s.corpusFiles} | ${s.crashes} | ${s.slow} | ${s.blowUps} | ${s.stalls ?? 0} |`);
    }
    return 0;
  }
  mkdirSync(build, { recursive: true });
  await bundle();
  if (process.argv.includes('--make-kernel')) {
    const n = require(join(build, 'seeds.cjs')).writeSmallKernel(kernelPath);
    console.log(`fuzz: wrote ${kernelPath} (${n} bytes)`);
    return 0;
  }
  process.env.BTFSCOPE_FUZZ_KERNEL = kernelPath; // the relocs target's kernel, for classify() too
  const all = require(join(build, 'targets.cjs')).targets;
  if (process.argv.includes('--list')) {
    for (const t of all) console.log(`${t.name.padEnd(11)} ${t.about} (output ≤ ${t.factor}× input + ${t.slack})`);
    return 0;
  }
  const wanted = arg('--target')?.split(',');
  const unknown = wanted?.filter((w) => !all.some((t) => t.name === w)) ?? [];
  if (unknown.length) {
    console.error(`fuzz: no target ${unknown.join(', ')}; targets: ${all.map((t) => t.name).join(', ')}`);
    return 2;
  }
  const targets = wanted ? all.filter((t) => wanted.includes(t.name)) : all;
  const fresh = join(work, `seeds-${process.pid}`);
  require(join(build, 'seeds.cjs')).writeSeeds(fresh);
  if (existsSync(join(work, 'seeds'))) renameSync(join(work, 'seeds'), `${fresh}-old`);
  renameSync(fresh, join(work, 'seeds'));
  rmSync(`${fresh}-old`, { recursive: true, force: true });
  const env = fuzzerEnv(join(root, 'node_modules/.cache/btfscope-fuzz'));
  console.log(`fuzz: ${targets.length} target(s), ${runs !== undefined ? `${runs} runs or ` : ''}${seconds} s each, ${jobs} at a time; logs in .fuzz/logs/`);

  const results = [];
  const queue = [...targets];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const r = await runTarget(t, env);
      results.push(r);
      const bad = r.crash + r.slow + r.blowUp + r.oom;
      console.log(`  ${r.name.padEnd(11)} ${pad(r.execs, 10)} execs  cov ${pad(r.cov, 5)}  ft ${pad(r.ft, 6)}  corpus ${pad(r.corpusFiles, 5)}  ${bad ? `FAILED: ${r.why}` : 'ok'}`);
      r.found.forEach((f, i) => i < 10 && console.log(`      .fuzz/artifacts/${r.name}/${f}  ${r.whys[i]}`));
      if (r.found.length > 10) console.log(`      … and ${r.found.length - 10} more`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, targets.length) }, worker));
  results.sort((a, b) => targets.findIndex((t) => t.name === a.name) - targets.findIndex((t) => t.name === b.name));
  const stats = recordStats(results);

  console.log(`\n${'target'.padEnd(11)} ${pad('execs', 10)} ${pad('exec/s', 7)} ${pad('cov', 5)} ${pad('ft', 6)} ${pad('corpus', 6)} ${pad('crashes', 7)} ${pad('slow', 4)} ${pad('blow-ups', 8)} ${pad('stalls', 6)} ${pad('total execs', 12)}`);
  for (const r of results) {
    const rate = Math.round(r.execs / Math.max(1, r.ms / 1000));
    console.log(`${r.name.padEnd(11)} ${pad(r.execs, 10)} ${pad(rate, 7)} ${pad(r.cov, 5)} ${pad(r.ft, 6)} ${pad(r.corpusFiles, 6)} ${pad(r.crash + r.oom, 7)} ${pad(r.slow, 4)} ${pad(r.blowUp, 8)} ${pad(r.stall, 6)} ${pad(stats[r.name].execs, 12)}`);
  }
  const failed = results.filter((r) => r.crash + r.slow + r.blowUp + r.oom > 0);
  console.log(failed.length ? `\nfuzz: ${failed.length} target(s) failed: ${failed.map((r) => r.name).join(', ')}` : `\nfuzz: all ${results.length} target(s) ran clean`);
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
