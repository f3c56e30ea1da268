// Layout benchmark: btfscope's C dump against `bpftool btf dump file X format c`, and its
// struct layouts against `pahole -F btf -a -A X`, per kernel, rounds alternating
// (A B, B A, …) so machine noise hits both sides alike. Every round also checks that the
// two outputs are byte-identical.
//
// cold  = wall time of a fresh process that reads the file, parses it and writes the whole
//         text to a file (a shell redirect, the same for both sides: read through a pipe by
//         this harness, bpftool's 4 KiB stdio writes cost it ~50 ms more than a plain
//         `| cat` does, which flattered us), median over rounds. bpftool/pahole: the tool itself; btfscope's C
//         dump: the real CLI, `node bin/btfscope.mjs dump X --format c` (built first with
//         scripts/build-cli.mjs), as a user runs it; its layouts: node + the core bundle
//         (layout-node.mjs). "node startup" is a process that only imports the bundle and
//         reads the file.
// warm  = btfscope in one process: median time to produce the text from a freshly parsed
//         Btf after warm-up (parse excluded, per-Btf tables included), against the C tool's
//         whole cold run.
// floor (C dump only) = the CLI's own start and exit (`btfscope help`, to a file) + a warm
//         parse + the warm dump: what a fresh CLI process would take if V8 ran every
//         function optimized from its first call. A fresh process starts in V8's
//         interpreter instead, so its cold time cannot go below this; the floor ratio shows
//         how far a one-shot Node process can get against the C tool at all.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const NODE_SIDE = join(HERE, 'layout-node.mjs');
const ROOT = join(HERE, '..', '..');
const CLI = join(ROOT, 'bin', 'btfscope.mjs');

const TOOLS = {
  cdump: {
    tool: 'bpftool',
    args: (f) => ['btf', 'dump', 'file', f, 'format', 'c'],
    title: 'C dump (vmlinux.h)',
    goal: 'goal (issue #4) ≤ 1.0×',
  },
  pahole: { tool: 'pahole', args: (f) => ['-F', 'btf', '-a', '-A', f], title: 'layouts of all structs/unions', goal: 'no speed goal' },
};

const sha = (s) => createHash('sha256').update(s).digest('hex').slice(0, 12);
/** The text a layout-node.mjs run wrote (its last line is the JSON summary). */
const textOf = (stdout) => stdout.slice(0, stdout.lastIndexOf('\n', stdout.length - 2) + 1);

export async function run(ctx) {
  if (!ctx.coreBundle) {
    ctx.note('layout: no core bundle: nothing to run');
    return;
  }
  const built = spawnSync(ctx.node, [join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli: ${(built.stderr || 'failed').trim()}`);
  const tmp = mkdtempSync(join(tmpdir(), 'btfscope-bench-layout-'));
  const outFile = join(tmp, 'out.txt');
  /** A command with its stdout redirected to a file by sh (both sides alike); stdout read back after. */
  const toFile = (cmd, args) => {
    const r = ctx.spawnTimed('sh', ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', outFile, cmd, ...args]);
    let stdout = '';
    try {
      stdout = readFileSync(outFile, 'utf8');
    } catch {
      /* the command failed before writing */
    }
    let json = null;
    try {
      json = JSON.parse(stdout.slice(stdout.lastIndexOf('\n', stdout.length - 2) + 1));
    } catch {
      /* not JSON */
    }
    return { ...r, stdout, json };
  };
  /** The C dump as a user runs it: the CLI, in a fresh process. */
  const cli = (file) => {
    const r = toFile(ctx.node, [CLI, 'dump', file, '--format', 'c']);
    if (!r.ok) throw new Error(`btfscope dump: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r;
  };
  try {
    await runModes(ctx, toFile, cli);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runModes(ctx, toFile, cli) {
  const warmIters = ctx.quick ? 3 : 7;
  for (const [mode, spec] of Object.entries(TOOLS)) {
    const haveTool = ctx.hasTool(spec.tool);
    if (!haveTool) ctx.note(`layout: ${spec.tool} not installed: its columns are empty`);
    const node = (file, n) => {
      const r = (n === 1 ? toFile : ctx.spawnTimed)(ctx.node, [NODE_SIDE, mode, file, String(n), ctx.coreBundle]);
      if (!r.ok || !r.json) throw new Error(`layout-node ${mode} ${n}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
      return r;
    };
    const tool = (file) => {
      const r = toFile(spec.tool, spec.args(file));
      // pahole 1.24 exits 0 but warns on stderr about kinds it does not know: ignore that.
      if (r.status !== 0 || r.error) throw new Error(`${spec.tool}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
      return r;
    };
    const rows = [];
    // The CLI's start and exit alone (launcher, bundle with its code cache, no file).
    const cliStart =
      mode === 'cdump'
        ? ctx.median(
            (await ctx.alternate('cdump CLI start (btfscope help)', () => toFile(ctx.node, [CLI, 'help']).wallMs, null, Math.min(ctx.rounds, 7))).a,
          )
        : NaN;
    for (const file of ctx.kernels) {
      const label = ctx.kernelLabel(file);
      let identical = null;
      const check = (ours, theirs) => {
        const same = sha(ours) === sha(theirs);
        identical = identical === null ? same : identical && same;
      };
      let lastTool = null;
      const cold = await ctx.alternate(
        `${mode} cold ${label}`,
        () => {
          if (mode === 'cdump') {
            const r = cli(file);
            if (lastTool !== null) check(r.stdout, lastTool);
            return { wallMs: r.wallMs, bytes: Buffer.byteLength(r.stdout) };
          }
          const r = node(file, 1);
          if (lastTool !== null) check(textOf(r.stdout), lastTool);
          return { wallMs: r.wallMs, ...r.json };
        },
        haveTool
          ? () => {
              const r = tool(file);
              lastTool = r.stdout;
              return { wallMs: r.wallMs };
            }
          : null,
      );
      const base = await ctx.alternate(`${mode} node startup ${label}`, () => node(file, 0).wallMs, null, Math.min(ctx.rounds, 5));
      const warm = await ctx.alternate(`${mode} warm ${label} (${warmIters} runs)`, () => node(file, warmIters).json, null, ctx.quick ? 1 : 3);
      const m = ctx.median;
      const aCold = m(cold.a.map((x) => x.wallMs));
      const bCold = cold.b.length ? m(cold.b.map((x) => x.wallMs)) : NaN;
      const aWarm = m(warm.a.map((x) => x.median_ms));
      const floor = cliStart + m(warm.a.map((x) => x.parse_warm_ms)) + aWarm;
      rows.push({
        kernel: label,
        [`${spec.tool} cold`]: ctx.fmt.ms(bCold),
        [mode === 'cdump' ? 'btfscope CLI cold' : 'btfscope cold']: ctx.fmt.ms(aCold),
        'cold ratio': ctx.fmt.ratio(aCold / bCold),
        'node startup': ctx.fmt.ms(m(base.a)),
        'btfscope warm': ctx.fmt.ms(aWarm),
        'warm ratio': ctx.fmt.ratio(aWarm / bCold),
        ...(mode === 'cdump'
          ? { 'CLI start': ctx.fmt.ms(cliStart), floor: ctx.fmt.ms(floor), 'floor ratio': ctx.fmt.ratio(floor / bCold) }
          : { 'btfscope parse (cold)': ctx.fmt.ms(m(cold.a.map((x) => x.parse_ms))) }),
        output: ctx.fmt.bytes(cold.a.at(-1)?.bytes ?? NaN),
        identical: identical === null ? '—' : identical ? 'yes' : 'NO',
      });
      if (identical === false) ctx.note(`layout: ${mode} output of ${label} differs from ${spec.tool}'s`);
    }
    ctx.table(rows, {
      title: `${spec.title}: btfscope vs ${spec.tool}; cold = whole process, median of rounds; warm = in-process time to produce the text from a parsed Btf (vs the tool's whole run); ${mode === 'cdump' ? 'floor = CLI start + warm parse + warm dump (a fresh process with no JIT warm-up); ' : ''}ratio = btfscope / ${spec.tool}; ${spec.goal}`,
    });
  }
}
