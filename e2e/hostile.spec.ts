/**
 * Hostile inputs (issue #12), as an attacker would send them: a file label and BTF names
 * carrying markdown, bidi overrides, terminal escapes and newlines; a share link naming a
 * remote file; a struct whose member lies far past its end, in a link and in a dropped file.
 * Each shows literally or as a clear message, quickly and in bounded memory. Every test also
 * runs the automatic checks of helpers.ts: no request off the origin, no CSP violation, no
 * dialog.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { dropFiles } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';
import {
  HOSTILE_MEMBERS,
  HOSTILE_STRUCT,
  HOSTILE_TYPEDEF,
  MD_PAYLOAD,
  PAST_END_STRUCT,
  hostileNamesBtf,
  memberPastStructBtf,
  shareFragment,
} from './hostile-inputs';
import { SECURITY_HEADERS } from '../scripts/csp.mjs';

/** Characters that must never reach the screen raw (they reorder, hide or break text). */
// eslint-disable-next-line no-control-regex
const RAW_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;

/** The page's visible text (innerText: what a user reads, not attributes or form values). */
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

const sha16 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

test('the page is served with the Content-Security-Policy, and the policy blocks', async ({ page, pageHazards, foreignRequests }) => {
  const res = await page.goto('./');
  expect(res?.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("connect-src 'self'");
  expect(meta).not.toContain('frame-ancestors');
  await waitForAppState(page, 'idle');
  // The detector sees a blocked load (loopback only): proof that both the policy and the check work.
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'http://127.0.0.1:9/csp-probe.png';
    document.body.append(img);
  });
  await expect.poll(() => pageHazards.csp.length).toBeGreaterThan(0);
  expect(pageHazards.csp.join('\n')).toContain('img-src');
  pageHazards.csp.length = 0;
  // …and in a worker (a blob: worker inherits the page's policy).
  const started = page.waitForEvent('worker');
  await page.evaluate(() => {
    const src = "onmessage = () => fetch('http://127.0.0.1:9/csp-worker-probe').catch(() => {});";
    (window as unknown as { probe: Worker }).probe = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
  });
  // Once the worker runs (and the fixture's listener is in it), ask it to make the request.
  await (await started).evaluate(() => true);
  await page.evaluate(() => (window as unknown as { probe: Worker }).probe.postMessage('go'));
  await expect.poll(() => pageHazards.csp.join('\n')).toContain('connect-src');
  pageHazards.csp.length = 0;
  // Playwright still reports the attempts (failed with ERR_BLOCKED_BY_CSP): the probes' own.
  expect(foreignRequests.foreign.filter((r) => !/csp-(worker-)?probe/.test(r))).toEqual([]);
  foreignRequests.foreign.length = 0;
});

test('a file label with markdown shows literally in the Source view hover', async ({ page }) => {
  await page.goto('./#/source?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  const kernel = page.locator('.file-badge.role-kernel').first();
  await kernel.locator('button.file-label').click();
  await page.getByLabel('File label').fill(MD_PAYLOAD);
  await page.getByLabel('File label').press('Enter');
  await expect(page.locator(`.file-badge[data-file-label="${MD_PAYLOAD}"]`)).toBeVisible();
  await waitForAppState(page, 'idle');

  const mark = page.locator('.monaco-host .code-mark').first();
  await expect(mark).toBeVisible();
  const box = (await mark.boundingBox())!;
  await page.mouse.move(box.x + 120, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:visible').filter({ hasText: 'log in again' });
  await expect(hover).toBeVisible();
  await expect(hover).toContainText(MD_PAYLOAD);
  expect(await hover.locator('img, a[href], script').count()).toBe(0);
  // The label on the badge is text as well.
  await expect(page.locator(`.file-badge[data-file-label="${MD_PAYLOAD}"] button.file-label`)).toHaveText(MD_PAYLOAD);
});

test('names with bidi overrides, escapes, newlines and markdown show isolated and escaped', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await dropFiles(page, [{ name: 'hostile.btf', mimeType: 'application/octet-stream', buffer: Buffer.from(hostileNamesBtf()) }]);
  await page.goto(`./#/types?v=1&f=sha256:${sha16(hostileNamesBtf())}~hostile.btf`);
  await waitForAppState(page, 'idle');
  const shownStruct = HOSTILE_STRUCT.replace('\u202E', '\\u202e');
  await expect(page.getByText(shownStruct)).toBeVisible();
  expect(await visibleText(page)).not.toMatch(RAW_HIDDEN);

  await page.getByText(shownStruct).click();
  await waitForAppState(page, 'idle');
  const rows = page.getByTestId('layout-row');
  await expect(rows.first()).toBeVisible();
  // Member names: escapes visible, each name inside its own isolated run.
  const names = await page.locator('[data-testid=layout-row][data-kind=member] td:nth-child(4)').allInnerTexts();
  expect(names).toEqual([
    'esc\\x1b[31mred\\x1b[0m',
    'two\\nlines',
    '`tick`_u_*b*',
    '<img src=x onerror=alert(1)>',
    'bell\\x07del\\x7f',
    'via_typedef',
  ]);
  expect(await page.locator('[data-testid=layout-table] bdi.safe-text').count()).toBeGreaterThanOrEqual(HOSTILE_MEMBERS.length);
  expect(await page.locator('main img, main script').count()).toBe(0);
  expect(await visibleText(page)).not.toMatch(RAW_HIDDEN);
  // U+202E does not reverse the rest of the title or of a row: the text after it keeps its order.
  await expect(page.getByTestId('type-title')).toContainText(`struct ${shownStruct}`);

  // The C view (Monaco) keeps the exact text, drawing control characters as symbols.
  const code = page.locator('.monaco-host').first();
  await expect(code).toBeVisible();
  await expect(code.locator('.mtkcontrol').first()).toBeVisible();
  // The markdown typedef is plain code text (only identifiers become type links).
  await expect(code.locator('.view-line').filter({ hasText: 'via_typedef' })).toContainText(`${HOSTILE_TYPEDEF} via_typedef;`);
  expect(await code.locator('img, a[href]').count()).toBe(0);
});

test('a share link naming a remote file fetches nothing and shows the URL to download', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  const url = 'https://127.0.0.1:9/x';
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.goto(`./${shareFragment('type', { f: 'sha256:0123456789abcdef~remote.btf', t: 'struct:task_struct' }, { view: 'type', state: {}, blobs: [{ label: 'remote.btf', ref: url }] })}`);
  const notice = page.getByTestId('missing-files');
  await expect(notice).toContainText(url);
  await expect(notice).toContainText('download it, then drop it here');
  await expect(page.getByTestId('remote-file')).toHaveText(`remote.btf: ${url}`);
  expect(await page.locator(`a[href*="127.0.0.1:9"]`).count()).toBe(0);
  await expect(page.getByTestId('share-problems')).toHaveCount(0);
  await waitForAppState(page, 'idle');
  expect(requested.filter((r) => r.includes('127.0.0.1:9'))).toEqual([]);
});

/** The renderer's JS heap: the page's (CDP Performance.getMetrics) plus each worker's, where readable. */
async function heapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  let total = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  for (const w of page.workers()) {
    total += await w.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0).catch(() => 0);
  }
  return total;
}

const LIMIT_MB = 500;

/** Polls for `message` for up to 2 s, checking the heap as it goes; returns the time taken. */
async function expectMessageFast(page: Page, started: number): Promise<number> {
  const message = page.locator('[data-testid=error-file], [data-testid=query-error], [data-testid=share-problems]').filter({ hasText: /past the end/ }).first();
  await expect(message).toBeVisible({ timeout: 2000 });
  const took = Date.now() - started;
  // Clear: it names the type and says what is wrong with it.
  await expect(message).toContainText(`'${PAST_END_STRUCT}'`);
  const heap = await heapBytes(page);
  console.log(`  JS heap (page + workers): ${(heap / 2 ** 20).toFixed(1)} MB`);
  expect(heap, 'renderer JS heap').toBeLessThan(LIMIT_MB * 2 ** 20);
  return took;
}

test.describe('a member offset past its struct', () => {
  test('in a share link: a clear message within 2 s, memory bounded', async ({ page }) => {
    const bytes = memberPastStructBtf();
    await page.goto('./');
    await waitForAppState(page, 'idle');
    const fragment = shareFragment('type', { f: `sha256:${sha16(bytes)}~past.btf`, t: `struct:${PAST_END_STRUCT}` }, { view: 'type', state: {}, blobs: [{ label: 'past.btf', bytes }] });
    const started = Date.now();
    await page.evaluate((f) => (location.hash = f.slice(1)), fragment);
    const took = await expectMessageFast(page, started);
    console.log(`member past its struct, share link: message after ${took} ms`);
  });

  test('in a dropped file: a clear message within 2 s, memory bounded', async ({ page }) => {
    const bytes = memberPastStructBtf();
    await page.goto('./');
    await waitForAppState(page, 'idle');
    const started = Date.now();
    await dropFiles(page, [{ name: 'past.btf', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) }]);
    await page.evaluate((f) => (location.hash = f), `#/type?v=1&f=sha256:${sha16(bytes)}~past.btf&t=struct:${PAST_END_STRUCT}`);
    const took = await expectMessageFast(page, started);
    console.log(`member past its struct, dropped file: message after ${took} ms`);
  });
});
