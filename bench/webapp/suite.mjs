// Web app benchmark: runs the Playwright e2e benchmark (e2e/bench.spec.ts, the same as
// `npm run bench:e2e`) in Debian's Chromium and tabulates what it measured with the app's own
// performance marks: a 6.18 kernel dropped → types table painted, main-thread long tasks while the
// worker parses, two-kernel diffs asked for → table painted, and scrolling the whole type list.
// Goals (issue #5): ≤ 150 ms to the painted table, ≤ 300 ms to a diff, no long task over 50 ms.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export async function run(ctx) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    ctx.note(`webapp: no Chromium at ${chromium}: skipped (npm run bench:e2e installs it)`);
    return;
  }
  const out = join(ctx.root, 'test-results', 'bench-e2e.json');
  rmSync(out, { force: true });
  const r = spawnSync(join(ctx.root, 'node_modules/.bin/playwright'), ['test', '--project=bench', '--reporter=line'], {
    cwd: ctx.root,
    env: { ...process.env, BTFSCOPE_E2E: 'bench' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const line of (r.stdout ?? '').split('\n')) if (/ ms|rows in/.test(line)) ctx.log(line.trim());
  if (r.status !== 0 || !existsSync(out)) {
    ctx.note(`webapp: the Playwright benchmark failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
    return;
  }
  const res = JSON.parse(readFileSync(out, 'utf8'));
  const rows = [];
  const runs = res.dropToPaint?.rawRuns;
  if (runs) {
    rows.push({ measure: `6.18 dropped → table painted (raw, median of ${runs.ms.length} fresh pages)`, ms: `${runs.median} [${Math.min(...runs.ms)}–${Math.max(...runs.ms)}]`, goal: '≤ 150', 'worker answered': `median ${runs.workerMedian}`, 'long tasks parsing': '-', 'long tasks rendering': runs.longTasksMs.join(' ') || '-' });
  }
  for (const [what, d] of Object.entries(res.dropToPaint ?? {})) {
    if (typeof d !== 'object' || what === 'rawRuns') continue;
    // The worker's phases, e.g. "read 15 parse 6 index 3 hash 12 window 2": where its answer's time went.
    const phases = Object.entries(d.workerPhasesMs ?? {}).filter(([k]) => k !== 'arrivedAfter').map(([k, v]) => `${k} ${Math.round(v)}`).join(' ');
    rows.push({ measure: `6.18 dropped → table painted (${what})`, ms: d.ms, goal: '≤ 150', 'worker answered': `${d.workerAnsweredMs}${phases ? ` (${phases})` : ''}`, 'long tasks parsing': d.longTasksMs.join(' ') || '-', 'long tasks rendering': d.longTasksRenderMs.join(' ') || '-' });
  }
  for (const d of res.diff?.runs ?? []) {
    rows.push({ measure: `diff ${d.pair} (${d.how})`, ms: d.ms, goal: '≤ 300', 'worker answered': d.workerMs, 'long tasks parsing': '-', 'long tasks rendering': d.longTasksMs.join(' ') || '-' });
  }
  if (res.scroll) {
    const s = res.scroll;
    rows.push({ measure: `scroll ${s.rows} rows, ${s.steps} jumps: frame p95 / max`, ms: `${s.frameMsP95} / ${s.frameMsMax}`, goal: '≈ 16.7', 'worker answered': `rows after ≤ ${s.framesUntilRowsMax} frames`, 'long tasks parsing': '-', 'long tasks rendering': s.longTasksMs.join(' ') || '-' });
  }
  ctx.table(rows, { title: 'web app in Chromium (e2e/bench.spec.ts)' });
}
