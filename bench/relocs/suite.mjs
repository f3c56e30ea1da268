// Relocation benchmark: relocate one object against the four kernels.
//
// btfscope: ONE process parses the four kernels and the object and calls relocateObject
//           once with all four targets (what `btfscope relocs --target ×4` does).
// libbpf:   the oracle (tools/libbpf-oracle/oracle.c) once per kernel — libbpf relocates
//           against one btf_custom_path per bpf_object__open/load, so "the same work" is
//           four opens and loads (four processes; each stops before the verifier).
//
// Columns: wall = whole process(es) minus a startup baseline (node importing the bundle
// and reading the files / nothing for C), in-process = the timed parse + relocate inside
// node. Rounds alternate btfscope and libbpf. As a side check, btfscope's libbpf-format
// log must equal the CO-RE lines of the oracle's output for every kernel.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const RELOCS_NODE = join(HERE, 'relocs-node.mjs');
const OBJECT = 'fixtures/objects/netdev-el.bpf.o';

function buildOracle(ctx) {
  const src = join(ctx.root, 'tools', 'libbpf-oracle', 'oracle.c');
  const out = join(ctx.benchDir, 'libbpf-oracle');
  if (!existsSync(src) || !(ctx.hasTool('gcc') || ctx.hasTool('cc'))) return null;
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  const r = spawnSync(ctx.hasTool('gcc') ? 'gcc' : 'cc', ['-O2', '-o', out, src, '-lbpf', '-lelf', '-lz'], { encoding: 'utf8' });
  return r.status === 0 ? out : null;
}

/** CO-RE lines of a libbpf log, with the filter the golden test uses. */
async function coreLines(ctx, log) {
  const core = await import(pathToFileURL(ctx.coreBundle).href);
  return core.extractCoreLogLines(log);
}

export async function run(ctx) {
  const obj = join(ctx.root, OBJECT);
  if (!existsSync(obj)) return ctx.note(`relocs: ${OBJECT} missing: nothing to run`);
  if (ctx.kernels.length === 0) return ctx.note('relocs: no kernels: nothing to run');
  const haveCore = !!ctx.coreBundle;
  const oracle = buildOracle(ctx);
  if (!oracle) ctx.note('relocs: could not build tools/libbpf-oracle (gcc + libbpf-dev + libelf-dev + zlib1g-dev): libbpf columns are empty');
  if (!haveCore) ctx.note('relocs: no core bundle: btfscope columns are empty');

  const node = (mode) => {
    const r = ctx.spawnTimed(ctx.node, [RELOCS_NODE, ctx.coreBundle, String(mode), obj, ...ctx.kernels]);
    if (!r.ok || !r.json) throw new Error(`relocs-node: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r;
  };
  let libbpfWorks = !!oracle;
  let lastOracleLogs = [];
  const libbpf = () => {
    let wallMs = 0;
    const logs = [];
    for (const k of ctx.kernels) {
      const r = ctx.spawnTimed(oracle, [obj, k]);
      if (!/found \d+ CO-RE relocations/.test(r.stdout)) {
        throw new Error(`oracle did not reach CO-RE relocation (needs root/CAP_BPF for libbpf's load probe): ${r.stdout.trim().split('\n').pop() ?? ''}`);
      }
      wallMs += r.wallMs;
      logs.push(r.stdout);
    }
    lastOracleLogs = logs;
    return { wallMs };
  };
  const btfscope = (i) => {
    const [first, second] = i % 2 ? [0, 1] : [1, 0];
    const r1 = node(first);
    const r2 = node(second);
    const [once, base] = first === 1 ? [r1, r2] : [r2, r1];
    return { wallMs: once.wallMs - base.wallMs, inProcMs: once.json.total_ms, relocateMs: once.json.relocate_ms, parseMs: once.json.parse_ms, json: once.json };
  };

  const res = await ctx.alternate('relocate netdev-el × 4 kernels', haveCore ? btfscope : null, libbpfWorks ? libbpf : null, ctx.rounds);
  if (!res.b.length) libbpfWorks = false;

  // Side check: identical CO-RE logs.
  const last = res.a.at(-1)?.json;
  if (haveCore && libbpfWorks && last) {
    for (let i = 0; i < ctx.kernels.length; i++) {
      const want = await coreLines(ctx, lastOracleLogs[i] ?? '');
      const got = last.logs[i] ?? [];
      const same = want.length === got.length && want.every((l, j) => l === got[j]);
      if (!same) ctx.note(`relocs: btfscope's log differs from libbpf's for ${ctx.kernelLabel(ctx.kernels[i])}`);
    }
  }
  const m = ctx.median;
  const of = (xs, f) => (xs.length ? m(xs.map(f)) : NaN);
  const aWall = of(res.a, (x) => x.wallMs);
  const bWall = of(res.b, (x) => x.wallMs);
  ctx.table(
    [
      {
        object: 'netdev-el.bpf.o',
        relocations: last?.relocations ?? '—',
        kernels: ctx.kernels.length,
        'btfscope wall': ctx.fmt.ms(aWall),
        'libbpf wall (4 procs)': ctx.fmt.ms(bWall),
        'wall ratio': ctx.fmt.ratio(aWall / bWall),
        'btfscope parse': ctx.fmt.ms(of(res.a, (x) => x.parseMs)),
        'btfscope relocate': ctx.fmt.ms(of(res.a, (x) => x.relocateMs)),
        'in-process ratio': ctx.fmt.ratio(of(res.a, (x) => x.inProcMs) / bWall),
      },
    ],
    {
      title:
        'relocs: one object against the four kernels. btfscope = one process (wall minus a node+bundle+read baseline; parse/relocate timed inside); libbpf = the oracle, one process per kernel (open with btf_custom_path + load up to the verifier, debug log on). ratio = btfscope / libbpf',
    },
  );
}
