#!/usr/bin/env node
// `npm run bench`: runs every benchmark suite bench/<name>/suite.mjs.
//
//   node scripts/bench.mjs [suite ...] [--rounds N] [--quick] [--json FILE]
//
// A suite is a module exporting `async function run(ctx)`; ctx is built below
// (see `makeContext`). Suites run in name order; naming some on the command
// line runs only those.
//
// Before the suites run, this script
//   - bundles src/core/index.ts with esbuild to .bench/core.mjs (ctx.coreBundle;
//     null when the entry does not exist). $BTFSCOPE_CORE_ENTRY overrides the
//     entry, e.g. to try the runner against a stub;
//   - builds the libbpf harness bench/parse/btf_parse_bench.c to
//     .bench/btf_parse_bench when gcc and libbpf headers are there
//     (ctx.hasTool('libbpf'));
//   - decompresses fixtures/kernels/vmlinux-*.btf.xz to .bench/kernels/
//     (ctx.kernels), with the xz tool, or takes the uncompressed
//     fixtures/kernels/*.btf when xz is missing.
// Only node builtins and esbuild are used.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, openSync, closeSync, renameSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = join(ROOT, '.bench');
const KERNEL_ORDER = ['5.10', '6.1', '6.12', '6.18'];

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { suites: [], rounds: 15, quick: false, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') opts.rounds = Number(argv[++i]);
    else if (a.startsWith('--rounds=')) opts.rounds = Number(a.slice(9));
    else if (a === '--quick') opts.quick = true;
    else if (a === '--json') opts.json = argv[++i];
    else if (a.startsWith('--json=')) opts.json = a.slice(7);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/bench.mjs [suite ...] [--rounds N] [--quick] [--json FILE]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.suites.push(a);
  }
  if (opts.quick && !argv.some((a) => a.startsWith('--rounds'))) opts.rounds = 5;
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new Error('--rounds must be a positive integer');
  return opts;
}

// ---------------------------------------------------------------- helpers
function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v "$1"`, 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Run a command once; returns wall time (ms, measured around the spawn), exit status and parsed last JSON line. */
function spawnTimed(cmd, args, { env, timeoutMs = 600_000 } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: env ? { ...process.env, ...env } : process.env,
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  let json = null;
  const lines = (r.stdout ?? '').trim().split('\n').filter(Boolean);
  if (lines.length) {
    try {
      json = JSON.parse(lines[lines.length - 1]);
    } catch {
      /* not JSON */
    }
  }
  const ok = r.status === 0 && !r.error;
  return { ok, status: r.status, wallMs, json, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

function fmtBytes(n) {
  if (!Number.isFinite(n)) return '—';
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) >= 100) return `${ms.toFixed(0)} ms`;
  if (Math.abs(ms) >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtRatio(x) {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}

/** Print rows (array of plain objects, same keys) as an aligned text table. */
function renderTable(rows, { title } = {}) {
  if (!rows.length) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => (v === undefined || v === null ? '—' : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const numeric = cols.map((c) => rows.every((r) => /^[-+]?[\d.,]+(\s?\S+)?$|^—$/.test(cell(r[c]))));
  const pad = (s, i) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const out = [];
  if (title) out.push(title);
  out.push(cols.map((c, i) => pad(c, i)).join('  '));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(cols.map((c, i) => pad(cell(r[c]), i)).join('  '));
  return out.join('\n');
}

// ---------------------------------------------------------------- setup steps
async function buildCoreBundle(notes) {
  const entry = resolve(process.env.BTFSCOPE_CORE_ENTRY ?? join(ROOT, 'src', 'core', 'index.ts'));
  if (!existsSync(entry)) {
    notes.push(`core entry ${entry} not found: btfscope columns skipped`);
    return null;
  }
  let build;
  try {
    ({ build } = await import('esbuild'));
  } catch (e) {
    notes.push(`esbuild not installed (npm ci): btfscope columns skipped (${e.message})`);
    return null;
  }
  const outfile = join(BENCH_DIR, 'core.mjs');
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      // node: the core re-exports unpack(), whose xz decoder is CommonJS needing stream/web.
      platform: 'node',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      target: 'es2022',
      sourcemap: false,
      minify: false,
      logLevel: 'warning',
      absWorkingDir: ROOT,
    });
  } catch (e) {
    notes.push(`esbuild failed to bundle ${entry}: btfscope columns skipped (${e.message.split('\n')[0]})`);
    return null;
  }
  return outfile;
}

function buildLibbpfHarness(notes) {
  const src = join(ROOT, 'bench', 'parse', 'btf_parse_bench.c');
  const out = join(BENCH_DIR, 'btf_parse_bench');
  const gcc = which('gcc') ?? which('cc');
  if (!gcc) {
    notes.push('no gcc/cc: libbpf columns skipped');
    return null;
  }
  if (!existsSync(src)) {
    notes.push(`${src} missing: libbpf columns skipped`);
    return null;
  }
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  const r = spawnSync(gcc, ['-O2', '-o', out, src, '-lbpf', '-lelf', '-lz'], { encoding: 'utf8' });
  if (r.status !== 0) {
    const why = (r.stderr || '').split('\n').find((l) => /error|cannot find/.test(l)) ?? 'build failed';
    notes.push(`could not build the libbpf harness (needs libbpf-dev, libelf-dev, zlib1g-dev): libbpf columns skipped — ${why.trim()}`);
    return null;
  }
  return out;
}

function prepareKernels(notes) {
  const srcDir = join(ROOT, 'fixtures', 'kernels');
  const outDir = join(BENCH_DIR, 'kernels');
  mkdirSync(outDir, { recursive: true });
  const xz = which('xz');
  const found = existsSync(srcDir) ? readdirSync(srcDir) : [];
  const labels = [
    ...new Set(
      found.map((f) => /^vmlinux-(.+)\.btf(\.xz)?$/.exec(f)?.[1]).filter(Boolean),
    ),
  ].sort((a, b) => {
    const ia = KERNEL_ORDER.indexOf(a), ib = KERNEL_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b, 'en', { numeric: true });
  });
  const kernels = [];
  for (const label of labels) {
    const xzPath = join(srcDir, `vmlinux-${label}.btf.xz`);
    const rawPath = join(srcDir, `vmlinux-${label}.btf`);
    const out = join(outDir, `vmlinux-${label}.btf`);
    if (existsSync(xzPath) && xz) {
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(xzPath).mtimeMs) {
        const tmp = `${out}.tmp`;
        const fd = openSync(tmp, 'w');
        const r = spawnSync(xz, ['-dc', xzPath], { stdio: ['ignore', fd, 'pipe'] });
        closeSync(fd);
        if (r.status !== 0) {
          notes.push(`xz failed on ${xzPath}: kernel ${label} skipped`);
          continue;
        }
        renameSync(tmp, out);
      }
      kernels.push(out);
    } else if (existsSync(rawPath)) {
      kernels.push(rawPath);
    } else {
      notes.push(`no xz tool and no uncompressed ${rawPath}: kernel ${label} skipped`);
    }
  }
  if (!kernels.length) notes.push('no kernel fixtures found in fixtures/kernels');
  return kernels;
}

// ---------------------------------------------------------------- context
function makeContext({ opts, coreBundle, libbpfHarness, kernels, notes, results }) {
  const tools = new Map([
    ['libbpf', !!libbpfHarness],
    ['esbuild', !!coreBundle],
    ['btfscope', !!coreBundle],
  ]);
  const ctx = {
    root: ROOT,
    benchDir: BENCH_DIR,
    /** default number of alternating rounds (--rounds, 15; 5 with --quick) */
    rounds: opts.rounds,
    quick: opts.quick,
    /** absolute paths of the decompressed kernel BTF files, oldest kernel first */
    kernels,
    /** '6.1' for '.../vmlinux-6.1.btf' */
    kernelLabel: (p) => /vmlinux-(.+)\.btf$/.exec(basename(p))?.[1] ?? basename(p),
    /** path of the esbuild bundle of src/core/index.ts, or null */
    coreBundle,
    /** path of the compiled bench/parse/btf_parse_bench.c, or null */
    libbpfHarness,
    node: process.execPath,
    /** 'libbpf' | 'btfscope' | 'esbuild' | any command on PATH */
    hasTool(name) {
      if (tools.has(name)) return tools.get(name);
      const ok = !!which(name);
      tools.set(name, ok);
      return ok;
    },
    spawnTimed,
    median,
    fmt: { bytes: fmtBytes, ms: fmtMs, ratio: fmtRatio },
    log: (...a) => console.error('  ', ...a),
    note: (msg) => {
      notes.push(msg);
      console.log(`note: ${msg}`);
    },
    /**
     * Run fnA and fnB alternately (A B A B … or, with fnB null, A A …),
     * `rounds` times each. Each fn gets the round index and returns a sample
     * (anything); a thrown error stops that side. Returns { a: [...], b: [...] }.
     */
    async alternate(label, fnA, fnB, rounds = opts.rounds) {
      const a = [], b = [];
      let aDead = !fnA, bDead = !fnB;
      process.stderr.write(`   ${label}: `);
      for (let i = 0; i < rounds && !(aDead && bDead); i++) {
        // Swap the order every other round so neither side always goes first.
        const order = i % 2 ? ['b', 'a'] : ['a', 'b'];
        for (const side of order) {
          if (side === 'a' && !aDead) {
            try {
              a.push(await fnA(i));
            } catch (e) {
              aDead = true;
              ctx.note(`${label}: A stopped: ${e.message}`);
            }
          } else if (side === 'b' && !bDead) {
            try {
              b.push(await fnB(i));
            } catch (e) {
              bDead = true;
              ctx.note(`${label}: B stopped: ${e.message}`);
            }
          }
        }
        process.stderr.write('.');
      }
      process.stderr.write('\n');
      return { a, b };
    },
    /** Print a table (rows: array of objects) and keep it for --json. */
    table(rows, { title, suite } = {}) {
      results.push({ suite: suite ?? ctx.currentSuite, title: title ?? null, rows });
      console.log(`\n${renderTable(rows, { title })}\n`);
    },
    currentSuite: null,
  };
  return ctx;
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(BENCH_DIR, { recursive: true });
  const notes = [];
  const results = [];

  console.log(
    `btfscope bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, rounds=${opts.rounds}`,
  );
  const coreBundle = await buildCoreBundle(notes);
  const libbpfHarness = buildLibbpfHarness(notes);
  const kernels = prepareKernels(notes);
  for (const n of notes) console.log(`note: ${n}`);

  const benchRoot = join(ROOT, 'bench');
  const suites = (existsSync(benchRoot) ? readdirSync(benchRoot) : [])
    .filter((d) => existsSync(join(benchRoot, d, 'suite.mjs')))
    .sort();
  const wanted = opts.suites.length ? suites.filter((s) => opts.suites.includes(s)) : suites;
  for (const s of opts.suites) if (!suites.includes(s)) throw new Error(`no suite bench/${s}/suite.mjs`);
  if (!wanted.length) console.log('no suites found (bench/*/suite.mjs)');

  const ctx = makeContext({ opts, coreBundle, libbpfHarness, kernels, notes, results });
  let failed = 0;
  for (const name of wanted) {
    console.log(`\n== suite ${name}`);
    ctx.currentSuite = name;
    const mod = await import(pathToFileURL(join(benchRoot, name, 'suite.mjs')).href);
    if (typeof mod.run !== 'function') {
      console.log(`bench/${name}/suite.mjs exports no run(ctx): skipped`);
      continue;
    }
    try {
      await mod.run(ctx);
    } catch (e) {
      failed++;
      console.log(`suite ${name} failed: ${e.stack ?? e}`);
    }
  }

  if (opts.json) {
    writeFileSync(
      resolve(opts.json),
      JSON.stringify({ node: process.version, cpus: os.cpus().length, rounds: opts.rounds, notes, results }, null, 2),
    );
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
