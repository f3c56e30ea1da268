/**
 * Share links (#6): a link made with the Share button of the type, diff and relocation views,
 * opened in a fresh browser context (no files, no samples loaded, nothing cached), shows the
 * same rows. The links' sizes are printed and attached to the report.
 */
import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, test, waitForAppState, watchForeignRequests, watchPageHazards } from './helpers';

async function makeLink(page: Page): Promise<string> {
  await page.getByTestId('share-button').click();
  const field = page.getByTestId('share-url');
  await expect(field).toBeVisible();
  await expect(page.getByTestId('share-size')).toContainText('characters');
  return field.inputValue();
}

/** Opens `url` in a new context (a different "machine"): only the link is shared. */
async function openFresh(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void>; foreign: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { foreign } = watchForeignRequests(page, new URL(url).origin);
  const hazards = await watchPageHazards(page);
  await page.goto(url);
  const close = async () => {
    await context.close();
    expect(hazards.csp, 'Content-Security-Policy violations').toEqual([]);
    expect(hazards.dialogs, 'dialogs opened by the page').toEqual([]);
  };
  return { page, foreign, close };
}

function report(testInfo: TestInfo, what: string, url: string): void {
  const payload = /[?&]share=([^&]*)/.exec(url)?.[1] ?? '';
  const line = `share link size: ${what}: ${url.length} characters (payload ${payload.length})`;
  console.log(line);
  testInfo.annotations.push({ type: 'share-size', description: line });
}

const alignedRows = (page: Page) =>
  page.getByTestId('aligned-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-change')}|${r.textContent?.replace(/\s+/g, ' ').trim()}`));

const layoutRows = (page: Page) =>
  page
    .getByTestId('layout-row')
    .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}|${r.getAttribute('data-depth')}|${r.textContent?.replace(/\s+/g, ' ').trim()}`));

const reloRows = (page: Page) =>
  page.getByTestId('relo-row').evaluateAll((rows) =>
    rows.map((r) =>
      [
        r.getAttribute('data-ordinal'),
        r.getAttribute('data-kind'),
        r.getAttribute('data-access'),
        r.getAttribute('data-before'),
        ...[...r.querySelectorAll('[data-testid="relo-after"]')].map((c) => `${c.getAttribute('data-target-label')}=${c.getAttribute('data-after')}`),
      ].join('|'),
    ),
  );

test('a diff link opens the same struct diff in a fresh browser', async ({ page, browser }, testInfo) => {
  await page.goto('./#/diff?v=1&a=sample:5.10&b=sample:6.18&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();
  const before = await alignedRows(page);
  expect(before.length).toBeGreaterThan(100);

  const url = await makeLink(page);
  report(testInfo, 'diff of struct task_struct, 5.10 -> 6.18', url);
  expect(url).toMatch(/#\/diff\?v=1&a=sha256:[0-9a-f]{16}~vmlinux-5\.10\.btf&b=sha256:[0-9a-f]{16}~vmlinux-6\.18\.btf&t=struct:task_struct&share=/);
  expect(url.length).toBeLessThan(16 * 1024);

  const fresh = await openFresh(browser, url);
  await waitForAppState(fresh.page, 'idle');
  await expect(fresh.page.getByTestId('aligned-row').first()).toBeVisible();
  expect(await alignedRows(fresh.page)).toEqual(before);
  await expect(fresh.page.getByTestId('missing-files')).toHaveCount(0);
  expect(fresh.foreign).toEqual([]);
  await fresh.close();
});

test('a type link opens the same layout in a fresh browser', async ({ page, browser }, testInfo) => {
  await page.goto('./#/type?v=1&f=sample:6.1&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('layout-row').first()).toBeVisible();
  const before = await layoutRows(page);
  expect(before.length).toBeGreaterThan(200);
  const summary = await page.getByTestId('layout-summary').textContent();

  const url = await makeLink(page);
  report(testInfo, 'type struct task_struct on 6.1', url);
  expect(url).toMatch(/#\/type\?v=1&f=sha256:[0-9a-f]{16}~vmlinux-6\.1\.btf&t=struct:task_struct&share=/);
  expect(url.length).toBeLessThan(8 * 1024);

  const fresh = await openFresh(browser, url);
  await waitForAppState(fresh.page, 'idle');
  await expect(fresh.page.getByTestId('layout-row').first()).toBeVisible();
  expect(await layoutRows(fresh.page)).toEqual(before);
  await expect(fresh.page.getByTestId('layout-summary')).toHaveText(summary ?? '');
  await expect(fresh.page.getByTestId('missing-files')).toHaveCount(0);
  expect(fresh.foreign).toEqual([]);
  await fresh.close();
});

test('a relocation link opens the same relocations in a fresh browser', async ({ page, browser }, testInfo) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('relo-row').first()).toBeVisible();
  const before = await reloRows(page);
  expect(before.length).toBe(35);

  const url = await makeLink(page);
  report(testInfo, 'relocations of task_state.bpf.o on 5.10 and 6.18', url);
  expect(url.length).toBeLessThan(8 * 1024);

  const fresh = await openFresh(browser, url);
  await waitForAppState(fresh.page, 'idle');
  await expect(fresh.page.getByTestId('relo-row').first()).toBeVisible();
  expect(await reloRows(fresh.page)).toEqual(before);
  expect(fresh.foreign).toEqual([]);
  await fresh.close();
});

test("a link shows the files under the labels the sender saw, renames included", async ({ page, browser }) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  await page.locator('.file-badge[data-file-label="6.18"] button.file-label').click();
  await page.getByLabel('File label').fill('6.18 · my laptop');
  await page.getByLabel('File label').press('Enter');
  await expect(page.locator('.file-badge[data-file-label="6.18 · my laptop"]')).toBeVisible();
  await waitForAppState(page, 'idle');
  const before = await reloRows(page);
  expect(before[0]).toContain('6.18 · my laptop=');

  const fresh = await openFresh(browser, await makeLink(page));
  await waitForAppState(fresh.page, 'idle');
  await expect(fresh.page.getByTestId('relo-row').first()).toBeVisible();
  // Not the carried files' names (task_state-el.bpf.o, vmlinux-6.18.min.btf): the sender's labels.
  const labels = await fresh.page.locator('.file-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-file-label')));
  expect(labels).toEqual(['task_state', '5.10', '6.18 · my laptop']);
  expect(await reloRows(fresh.page)).toEqual(before);
  await fresh.close();
});

test('a damaged link says so and opens nothing', async ({ page }) => {
  await page.goto('./#/diff?v=1&t=struct:task_struct&share=AZZZZ_not_a_payload');
  await expect(page.getByTestId('share-problems')).toContainText('damaged');
  await expect(page.getByTestId('share-problems')).not.toContainText('<');
});
