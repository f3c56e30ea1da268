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
import { join, dirname } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIFF_NODE = join(HERE, 'diff-node.mjs');
const GOAL_MS = 100;

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
  const pahole = () => {
    const script = 'pahole -F btf -a -A "$1" >"$3/a.txt" 2>/dev/null && pahole -F btf -a -A "$2" >"$3/b.txt" 2>/dev/null; diff "$3/a.txt" "$3/b.txt" >"$3/diff.txt"; [ $? -le 1 ]';
    const r = ctx.spawnTimed('sh', ['-c', script, 'sh', a, b, tmp]);
    if (!r.ok) throw new Error(`pahole + diff failed: ${r.stderr.trim().split('\n').pop()}`);
    return { wallMs: r.wallMs };
  };

  try {
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
      havePahole ? pahole : null,
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
