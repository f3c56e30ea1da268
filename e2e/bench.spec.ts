/**
 * e2e benchmark (@bench; not part of `npm test`): `npm run bench:e2e`. Measures in the browser,
 * with performance marks the app sets, and prints the figures (it asserts only that the
 * measurements happened, not how fast — machines differ):
 *   - a 6.18 kernel dropped → its types table painted (goal ≤ 150 ms), raw and .xz, twice each;
 *   - main-thread long tasks while the worker parses (goal: none over 50 ms);
 *   - a two-kernel diff asked for → its table painted (goal ≤ 300 ms), cold and warm;
 *   - scrolling the whole 6.18 list: frame times and how soon rows appear.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURES, kernelPath, pickFiles } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

test.describe.configure({ mode: 'serial' });
// No Playwright trace here (the config records one for every test, kept on failure): its
// screencast encodes every frame the page paints, and on two cores that CPU comes out of the
// worker. It made the .xz drop (whose progress bar animates for ~100 ms) read 650-925 ms with
// long tasks, against 210-320 ms and none without it.
test.use({ trace: 'off' });
test.setTimeout(180_000);

const results: Record<string, unknown> = {};
/** Fresh-page drops of the raw 6.18 kernel whose median is the first-paint figure. */
const RAW_RUNS = 7;

async function installObservers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

async function markTime(page: Page, name: string, after = 0): Promise<number> {
  const handle = await page.waitForFunction(
    ([n, t]) => performance.getEntriesByName(n as string).find((e) => e.startTime >= (t as number))?.startTime,
    [name, after] as const,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<number[]> {
  return page.evaluate(
    ([a, b]) => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks.filter((t) => t.start + t.duration >= a! && t.start <= b!).map((t) => Math.round(t.duration)),
    [from, to],
  );
}

async function dropToPaint(page: Page, file: string) {
  await installObservers(page);
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [file]);
  const drop = await markTime(page, 'btfscope:drop');
  const painted = await markTime(page, 'btfscope:types-painted', drop);
  const loaded = await markTime(page, 'btfscope:loaded', drop);
  await waitForAppState(page, 'idle');
  // While the worker reads and parses (drop → its answer), and while the page renders the table.
  const long = await longTasksBetween(page, drop, loaded - 1);
  const longRender = await longTasksBetween(page, loaded, painted);
  // The worker's own phases (read, unpack, parse, index, hash wait, window) and when the request reached it.
  const phases = await page.evaluate(
    ([t]) => {
      const e = performance.getEntriesByName('btfscope:loaded').find((m) => m.startTime >= t!) as PerformanceMark | undefined;
      const d = { ...((e?.detail as Record<string, number> | undefined) ?? {}) };
      if (d.startedAtMs) d.arrivedAfter = Math.round(d.startedAtMs - performance.timeOrigin - t!);
      delete d.startedAtMs;
      return d;
    },
    [drop] as const,
  );
  return { ms: Math.round(painted - drop), workerAnsweredMs: Math.round(loaded - drop), longTasksMs: long, longTasksRenderMs: longRender, workerPhasesMs: phases };
}

test('@bench 6.18 dropped → types table painted; long tasks while parsing', async ({ page, browser }) => {
  const raw = await dropToPaint(page, kernelPath('6.18'));
  const again = await dropToPaint(await browser.newPage(), kernelPath('6.18'));
  // One drop is one sample of a noisy machine: the goal is judged on the median of several,
  // each on a fresh page.
  const runs = [raw, again];
  for (let i = 0; i < RAW_RUNS - 2; i++) {
    const p = await browser.newPage();
    runs.push(await dropToPaint(p, kernelPath('6.18')));
    await p.close();
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  const ms = runs.map((r) => r.ms);
  const worker = runs.map((r) => r.workerAnsweredMs);
  const rawRuns = { ms, median: median(ms), workerAnsweredMs: worker, workerMedian: median(worker), longTasksMs: runs.flatMap((r) => [...r.longTasksMs, ...r.longTasksRenderMs]) };
  console.log(`6.18 raw BTF dropped, ${runs.length} fresh pages → table painted: median ${rawRuns.median} ms [${ms.join(' ')}], worker answered median ${rawRuns.workerMedian} ms; long tasks: [${rawRuns.longTasksMs}]`);
  const xz = await dropToPaint(await browser.newPage(), `${FIXTURES}/kernels/vmlinux-6.18.btf.xz`);
  const xzAgain = await dropToPaint(await browser.newPage(), `${FIXTURES}/kernels/vmlinux-6.18.btf.xz`);
  results.dropToPaint = { raw, rawSecondRun: again, xz, xzSecondRun: xzAgain, rawRuns, goalMs: 150 };
  for (const [what, r] of [
    ['6.18 raw BTF', raw],
    ['6.18 raw BTF, fresh page again', again],
    ['6.18 .btf.xz', xz],
    ['6.18 .btf.xz, fresh page again', xzAgain],
  ] as const) {
    const phases = Object.entries(r.workerPhasesMs).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(
      `${what} dropped → table painted: ${r.ms} ms (worker answered after ${r.workerAnsweredMs} ms: ${phases}); main-thread long tasks while parsing: [${r.longTasksMs}], while rendering: [${r.longTasksRenderMs}]`,
    );
  }
  expect(raw.ms).toBeGreaterThan(0);
});

test('@bench two-kernel diff ready', async ({ page }) => {
  await installObservers(page);
  const runs: { pair: string; how: string; ms: number; workerMs: string; longTasksMs: number[] }[] = [];
  const measure = async (a: string, b: string, how: string) => {
    const t0 = await page.evaluate(() => performance.now());
    await page.goto(`./#/diff?v=1&a=sample:${a}&b=sample:${b}`);
    const start = await markTime(page, 'btfscope:diff-start', t0);
    const painted = await markTime(page, 'btfscope:diff-painted', start);
    await waitForAppState(page, 'idle');
    const workerMs = (await page.locator('.diff-view .toolbar .muted').first().textContent()) ?? '';
    runs.push({ pair: `${a} → ${b}`, how, ms: Math.round(painted - start), workerMs, longTasksMs: await longTasksBetween(page, start, painted) });
  };
  // The worker diffs a second kernel against the first as soon as it arrives (prefetch)...
  await page.goto('./#/types?v=1&f=sample:5.10');
  await waitForAppState(page, 'idle');
  await page.goto('./#/types?v=1&f=sample:6.18');
  await waitForAppState(page, 'idle');
  await measure('5.10', '6.18', 'prefetched when 6.18 arrived');
  // ...any other pair is diffed when asked.
  await measure('6.18', '5.10', 'on demand');
  await page.goto('./#/types?v=1&f=sample:6.1');
  await waitForAppState(page, 'idle');
  await measure('6.1', '6.18', 'on demand');
  await measure('5.10', '6.1', 'prefetched when 6.1 arrived');
  results.diff = { runs, goalMs: 300 };
  for (const r of runs) console.log(`diff ${r.pair} (${r.how}): table painted ${r.ms} ms after the request (${r.workerMs}); long tasks: [${r.longTasksMs}]`);
  expect(runs[0]!.ms).toBeGreaterThan(0);
});

test('@bench scrolling the full 6.18 list', async ({ page }) => {
  await installObservers(page);
  await page.goto('./#/types?v=1&f=sample:6.18');
  await waitForAppState(page, 'idle');
  const r = await page.evaluate(async () => {
    const body = document.querySelector<HTMLElement>('.tt-body')!;
    const frame = () => new Promise<number>((res) => requestAnimationFrame(res));
    const steps = 120;
    const frameMs: number[] = [];
    const rowsAfterFrames: number[] = [];
    let last = await frame();
    const t0 = performance.now();
    for (let i = 1; i <= steps; i++) {
      body.scrollTop = (body.scrollHeight - body.clientHeight) * (i / steps);
      let frames = 0;
      // Wait until the visible rows have their data (placeholders gone), counting frames.
      for (;;) {
        const now = await frame();
        frameMs.push(now - last);
        last = now;
        frames++;
        const rows = body.querySelectorAll('.tt-row').length;
        if (rows > 5 || frames > 60) break;
      }
      rowsAfterFrames.push(frames);
    }
    const total = performance.now() - t0;
    frameMs.sort((a, b) => a - b);
    const q = (p: number) => Math.round(frameMs[Math.min(frameMs.length - 1, Math.floor(p * frameMs.length))]! * 10) / 10;
    rowsAfterFrames.sort((a, b) => a - b);
    return {
      steps,
      totalMs: Math.round(total),
      frameMsMedian: q(0.5),
      frameMsP95: q(0.95),
      frameMsMax: q(1 - 1e-9),
      framesUntilRowsMedian: rowsAfterFrames[Math.floor(steps / 2)],
      framesUntilRowsMax: rowsAfterFrames[steps - 1],
      rows: Number(document.querySelector('[data-testid=type-table]')?.getAttribute('data-total')),
    };
  });
  const long = await page.evaluate(() => (window as unknown as { __longtasks: { duration: number }[] }).__longtasks.map((t) => Math.round(t.duration)));
  results.scroll = { ...r, longTasksMs: long };
  console.log(
    `scroll ${r.rows} rows in ${r.steps} jumps: ${r.totalMs} ms; frame median ${r.frameMsMedian} ms, p95 ${r.frameMsP95} ms, max ${r.frameMsMax} ms; frames until rows shown: median ${r.framesUntilRowsMedian}, max ${r.framesUntilRowsMax}; long tasks over the page's life: [${long}]`,
  );
  writeFileSync(join(test.info().project.outputDir, 'bench-e2e.json'), JSON.stringify(results, null, 2));
  expect(r.rows).toBeGreaterThan(100_000);
});
