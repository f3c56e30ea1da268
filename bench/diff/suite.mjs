// Diff benchmark: btfscope's full diff of the oldest and newest kernel fixtures (5.10 vs
// 6.18) against what a user would do with pahole: print both kernels' layouts with
// `pahole -F btf -a -A` and `diff` the two outputs.
//
// btfscope cold = wall time of a fresh `node bench/diff/diff-node.mjs a b cold` process
//   (node start-up, bundle import, read, parse both, index, diff with member details,
//   build all entries); "−startup" subtracts a process that only imports and reads.
// pahole cold   = wall time of `pahole a > A; pahole b > B; diff A B` in one shell.
// btfscope warm = in-process medians after warm-up (see diff-node.mjs):
//   full: index both + diff with details; cached: diff on indexes built before;
//   classify: no details; entries: full result with every entry built.
// The goal (issue #4) is full ≤ 100 ms warm. Rounds alternate btfscope and pahole.
//
// CLI, as a user runs it (issue #15): `node bin/btfscope.mjs diff a b > file` and the same
// with `--json`, each a fresh process with its output written to a file (the CLI built
// first; one untimed run beforehand writes V8's code cache, as any earlier run would have),
// against `pahole` on both kernels plus `diff` of their text, in the same rounds. The goal
// is ≤ 0.3× for both outputs, on every pair of kernels (5.10 → 6.18 first; --quick: only it).
import { join, dirname } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIFF_NODE = join(HERE, 'diff-node.mjs');
const GOAL_MS = 100;
const ROOT = join(HERE, '..', '..');
const CLI = join(ROOT, 'bin', 'btfscope.mjs');
const CLI_GOAL = 0.3;

export async function run(ctx) {
  const pick = (label) => ctx.kernels.find((k) => ctx.kernelLabel(k) === label);
  const a = pick('5.10') ?? ctx.kernels[0];
  const b = pick('6.18') ?? ctx.kernels.at(-1);
  if (!a || !b || a === b) {
    ctx.note('diff: needs two kernel fixtures');
    return;
  }
  const la = ctx.kernelLabel(a);
  const lb = ctx.kernelLabel(b);
  const haveCore = !!ctx.coreBundle;
  const havePahole = ctx.hasTool('pahole') && ctx.hasTool('diff');
  if (!haveCore) ctx.note('diff: no core bundle: btfscope columns are empty');
  if (!havePahole) ctx.note('diff: pahole or diff not installed (apt-get install dwarves diffutils): pahole columns are empty');
  if (!haveCore && !havePahole) return;

  const node = (mode, iters) => {
    const r = ctx.spawnTimed(ctx.node, [DIFF_NODE, a, b, mode, String(iters), ctx.coreBundle]);
    if (!r.ok || !r.json) throw new Error(`diff-node ${mode}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r;
  };
  const tmp = mkdtempSync(join(tmpdir(), 'btfscope-bench-diff-'));
  const pahole = (x = a, y = b) => {
    const script = 'pahole -F btf -a -A "$1" >"$3/a.txt" 2>/dev/null && pahole -F btf -a -A "$2" >"$3/b.txt" 2>/dev/null; diff "$3/a.txt" "$3/b.txt" >"$3/diff.txt"; [ $? -le 1 ]';
    const r = ctx.spawnTimed('sh', ['-c', script, 'sh', x, y, tmp]);
    if (!r.ok) throw new Error(`pahole + diff failed: ${r.stderr.trim().split('\n').pop()}`);
    return { wallMs: r.wallMs };
  };

  try {
    await runCli(ctx, pick, haveCore, havePahole, tmp, pahole);
    const cold = await ctx.alternate(
      `cold ${la} vs ${lb}`,
      haveCore
        ? (i) => {
            const [first, second] = i % 2 ? ['baseline', 'cold'] : ['cold', 'baseline'];
            const r1 = node(first, 1);
            const r2 = node(second, 1);
            const [c, base] = first === 'cold' ? [r1, r2] : [r2, r1];
            return { wallMs: c.wallMs, baseMs: base.wallMs, ...c.json };
          }
        : null,
      havePahole ? () => pahole() : null,
      ctx.quick ? 3 : Math.min(ctx.rounds, 7),
    );
    const warmIters = ctx.quick ? 5 : 10;
    const warm = await ctx.alternate(`warm ${la} vs ${lb} (${warmIters} diffs/round)`, haveCore ? () => node('warm', warmIters).json : null, null, ctx.quick ? 1 : 3);

    const m = ctx.median;
    const fmt = ctx.fmt.ms;
    const of = (xs, k) => (xs.length ? m(xs.map((x) => x[k])) : NaN);
    const nodeCold = of(cold.a, 'wallMs');
    const nodeBase = of(cold.a, 'baseMs');
    const paholeCold = of(cold.b, 'wallMs');
    const full = of(warm.a, 'full_ms');
    ctx.table(
      [
        {
          diff: `${la} vs ${lb}`,
          'btfscope cold': fmt(nodeCold),
          '−startup': fmt(nodeCold - nodeBase),
          'pahole+diff': fmt(paholeCold),
          'cold ratio': ctx.fmt.ratio(nodeCold / paholeCold),
          'parse both': fmt(of(cold.a, 'parse_ms')),
          'diff (cold)': fmt(of(cold.a, 'diff_ms')),
          entries: cold.a.at(-1)?.entries ?? '—',
        },
      ],
      { title: 'diff, cold: fresh btfscope process vs pahole on both kernels + diff of its outputs (ratio = btfscope / pahole+diff)' },
    );
    ctx.table(
      [
        {
          diff: `${la} vs ${lb}`,
          'full (index+diff)': fmt(full),
          'full, main-thread CPU': fmt(of(warm.a, 'full_cpu_ms')),
          goal: `≤ ${GOAL_MS} ms ${full <= GOAL_MS ? 'met' : 'MISSED'}`,
          'cached index': fmt(of(warm.a, 'cached_ms')),
          classify: fmt(of(warm.a, 'classify_ms')),
          '+ all entries': fmt(of(warm.a, 'entries_ms')),
          'vs pahole+diff': ctx.fmt.ratio(full / paholeCold),
        },
      ],
      {
        title:
          'diff, warm (in-process medians): full = index both + diff with member details; main-thread CPU = its CPU time (unaffected by other load); cached = indexes reused',
      },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The CLI's whole-kernel diff, text and --json, each written to a file by a fresh process,
 * against pahole on both kernels + diff. Ratio = median CLI wall time / median pahole+diff.
 */
async function runCli(ctx, pick, haveCore, havePahole, tmp, pahole) {
  if (!haveCore) return;
  const built = spawnSync(ctx.node, [join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli: ${(built.stderr || 'failed').trim()}`);
  const labels = ['5.10', '6.18', '5.10', '6.1', '6.1', '6.12', '6.12', '6.18'];
  const pairs = [];
  for (let i = 0; i < labels.length; i += 2) {
    const a = pick(labels[i]);
    const b = pick(labels[i + 1]);
    if (a && b && !pairs.some(([x, y]) => x === a && y === b)) pairs.push([a, b]);
  }
  const todo = ctx.quick ? pairs.slice(0, 1) : pairs;
  const out = join(tmp, 'cli-out');
  const cli = (a, b, json) => {
    const args = [CLI, 'diff', a, b, ...(json ? ['--json'] : [])];
    const r = ctx.spawnTimed('sh', ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', out, ctx.node, ...args]);
    if (!r.ok) throw new Error(`btfscope diff${json ? ' --json' : ''}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r.wallMs;
  };
  const rows = [];
  for (const [a, b] of todo) {
    const pair = `${ctx.kernelLabel(a)} → ${ctx.kernelLabel(b)}`;
    cli(a, b, false); // code cache
    const r = await ctx.alternate(
      `cli ${pair}`,
      (i) => {
        const first = i % 4 < 2;
        const t1 = cli(a, b, !first);
        const t2 = cli(a, b, first);
        return first ? { text: t2, json: t1 } : { text: t1, json: t2 };
      },
      havePahole ? () => pahole(a, b) : null,
      ctx.quick ? 3 : Math.min(ctx.rounds, a === todo[0][0] && b === todo[0][1] ? 7 : 5),
    );
    const text = ctx.median(r.a.map((x) => x.text));
    const json = ctx.median(r.a.map((x) => x.json));
    const ph = ctx.median(r.b.map((x) => x.wallMs));
    const verdict = (x) => (Number.isFinite(x) ? `${ctx.fmt.ratio(x)} ${x <= CLI_GOAL ? 'met' : 'MISSED'}` : '—');
    rows.push({
      diff: pair,
      'btfscope diff': ctx.fmt.ms(text),
      'diff --json': ctx.fmt.ms(json),
      'pahole+diff': ctx.fmt.ms(ph),
      'text ratio': verdict(text / ph),
      'json ratio': verdict(json / ph),
    });
  }
  ctx.table(rows, {
    title: `diff, the CLI as a user runs it (fresh process, output to a file) vs pahole on both + diff; ratio = btfscope / pahole+diff, goal ≤ ${CLI_GOAL}×`,
  });
}
