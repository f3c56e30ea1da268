// Parse benchmark: btfscope's parseBtf against libbpf's btf__parse, per kernel.
//
// cold  = median wall time of a fresh process that reads the file and parses it
//         once, minus the median of a fresh process that only loads the library
//         (node: imports the core bundle; C: links libbpf) and reads the file.
// warm  = median over rounds of the in-process median of N parses after warm-up.
// ΔRSS  = peak RSS of the parse-once process minus peak RSS of the baseline
//         process (both hold the file's bytes, so this is what parsing adds).
//
// Rounds alternate btfscope and libbpf (A B, B A, A B, …) so that machine noise
// hits both sides alike.
import { join, dirname } from 'node:path';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PARSE_NODE = join(HERE, 'parse-node.mjs');

export async function run(ctx) {
  const haveCore = !!ctx.coreBundle;
  const haveLibbpf = ctx.hasTool('libbpf');
  if (!haveCore && !haveLibbpf) {
    ctx.note('parse: neither the core bundle nor the libbpf harness is available: nothing to run');
    return;
  }
  if (!haveCore) ctx.note('parse: no core bundle (src/core/index.ts): btfscope columns are empty');
  if (!haveLibbpf) ctx.note('parse: libbpf harness not built (gcc + libbpf-dev missing): libbpf columns are empty');

  const warmRounds = ctx.quick ? 2 : 3;
  const warmIters = ctx.quick ? 5 : 15;

  const node = (file, n) => {
    const r = ctx.spawnTimed(ctx.node, [PARSE_NODE, file, String(n), ctx.coreBundle]);
    if (!r.ok || !r.json) throw new Error(`parse-node ${n}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r;
  };
  const libbpf = (file, n) => {
    const r = ctx.spawnTimed(ctx.libbpfHarness, [file, String(n)]);
    if (!r.ok || !r.json) throw new Error(`btf_parse_bench ${n}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
    return r;
  };
  // One cold sample: the parse-once process and its baseline, order flipped by round.
  const coldSample = (runOne, file) => (i) => {
    const [first, second] = i % 2 ? [0, 1] : [1, 0];
    const r1 = runOne(file, first);
    const r2 = runOne(file, second);
    const [once, base] = first === 1 ? [r1, r2] : [r2, r1];
    return {
      wallMs: once.wallMs,
      baseMs: base.wallMs,
      inProcUs: once.json.median_us,
      rssKb: once.json.maxrss_kb,
      baseRssKb: base.json.maxrss_kb,
      types: once.json.types,
    };
  };
  const warmSample = (runOne, file) => () => runOne(file, warmIters).json;

  const rows = [];
  const inProcRows = [];
  for (const file of ctx.kernels) {
    const label = ctx.kernelLabel(file);
    const size = statSync(file).size;
    const cold = await ctx.alternate(
      `cold ${label}`,
      haveCore ? coldSample(node, file) : null,
      haveLibbpf ? coldSample(libbpf, file) : null,
      ctx.rounds,
    );
    const warm = await ctx.alternate(
      `warm ${label} (${warmIters} parses/round)`,
      haveCore ? warmSample(node, file) : null,
      haveLibbpf ? warmSample(libbpf, file) : null,
      warmRounds,
    );

    const m = ctx.median;
    const coldOf = (xs) => (xs.length ? m(xs.map((x) => x.wallMs)) - m(xs.map((x) => x.baseMs)) : NaN);
    const rssOf = (xs) => (xs.length ? (m(xs.map((x) => x.rssKb)) - m(xs.map((x) => x.baseRssKb))) * 1024 : NaN);
    const warmOf = (xs) => (xs.length ? m(xs.map((x) => x.median_us)) / 1000 : NaN);

    const aCold = coldOf(cold.a), bCold = coldOf(cold.b);
    const aWarm = warmOf(warm.a), bWarm = warmOf(warm.b);
    const aRss = rssOf(cold.a), bRss = rssOf(cold.b);
    const aTypes = cold.a.at(-1)?.types, bTypes = cold.b.at(-1)?.types;
    if (aTypes != null && bTypes != null && aTypes !== bTypes && aTypes !== bTypes - 1) {
      ctx.note(`parse ${label}: btfscope reports ${aTypes} types, libbpf ${bTypes} (incl. void)`);
    }

    rows.push({
      kernel: label,
      size: ctx.fmt.bytes(size),
      'btfscope cold': ctx.fmt.ms(aCold),
      'libbpf cold': ctx.fmt.ms(bCold),
      'cold ratio': ctx.fmt.ratio(aCold / bCold),
      'btfscope warm': ctx.fmt.ms(aWarm),
      'libbpf warm': ctx.fmt.ms(bWarm),
      'warm ratio': ctx.fmt.ratio(aWarm / bWarm),
      'btfscope ΔRSS': ctx.fmt.bytes(aRss),
      'ΔRSS/size': Number.isFinite(aRss) ? `${(aRss / size).toFixed(2)}×` : '—',
      'libbpf ΔRSS': ctx.fmt.bytes(bRss),
    });
    const firstCall = (xs) => (xs.length ? m(xs.map((x) => x.inProcUs)) / 1000 : NaN);
    inProcRows.push({
      kernel: label,
      'btfscope 1st parse': ctx.fmt.ms(firstCall(cold.a)),
      'libbpf 1st parse': ctx.fmt.ms(firstCall(cold.b)),
      ratio: ctx.fmt.ratio(firstCall(cold.a) / firstCall(cold.b)),
      'btfscope startup': ctx.fmt.ms(cold.a.length ? m(cold.a.map((x) => x.baseMs)) : NaN),
      'libbpf startup': ctx.fmt.ms(cold.b.length ? m(cold.b.map((x) => x.baseMs)) : NaN),
      types: aTypes ?? bTypes ?? '—',
    });
  }
  ctx.table(rows, {
    title:
      'parse: cold = fresh process minus startup baseline (median of rounds); warm = in-process median after warm-up; ratio = btfscope / libbpf; ΔRSS = peak RSS over a process that only holds the file',
  });
  ctx.table(inProcRows, {
    title:
      'parse, cold as seen from inside the process: the one parse of a fresh process timed around the call (libbpf: btf__parse(path) includes reading the file; btfscope: bytes already read), and the baseline process wall time subtracted above',
  });
}
