/**
 * The hosted site (#14): the production build served under a sub-path by a plain static server
 * (e2e/static-server.ts, not Vite) with the documented headers. The demo, the workshop and a
 * share link work there and every request stays under the sub-path; after one visit the app,
 * the demo, the diff view and the workshop tour work offline; a new deployment is announced
 * and applied only when the user reloads. Runs in the 'site' project (playwright.config.ts),
 * where service workers are allowed.
 */
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test, waitForAppState } from './helpers';
import { serveStatic } from './static-server';

// The webServer of playwright.config.ts built dist/e2e; the "next deployment" is built here.
const BUILD = 'dist/e2e';
const NEXT = 'dist/e2e-next';
const NEXT_VERSION = '0.0.0-e2e-next';

test.describe.configure({ mode: 'serial' });

let server: Server | undefined;
let root = BUILD;
let nextBuild: Promise<void> | undefined;

test.beforeAll(async () => {
  const base = new URL(test.info().project.use.baseURL!);
  root = BUILD;
  server = await serveStatic({ root: () => root, prefix: base.pathname, port: Number(base.port) });
  // Started now, awaited by the last test: it overlaps the others.
  nextBuild ??= new Promise((resolve, reject) => {
    const p = spawn('npx', ['--no', 'vite', 'build', '--logLevel', 'error', '--outDir', NEXT], {
      env: { ...process.env, BTFSCOPE_VERSION: NEXT_VERSION },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code}): ${err}`))));
  });
  nextBuild.catch(() => undefined);
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** Every http request of the page (and its workers) goes to a path under the sub-path. */
function watchPaths(page: Page, prefix: string): string[] {
  const outside: string[] = [];
  page.context().on('request', (r) => {
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.pathname.startsWith(prefix)) outside.push(r.url());
  });
  return outside;
}

const waitForServiceWorker = (page: Page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

async function walkTour(page: Page): Promise<void> {
  await page.getByTestId('start-workshop').click();
  const progress = page.getByTestId('tour-progress');
  await expect(progress).toHaveText(/^1 \/ \d+$/);
  const steps = Number((await progress.textContent())!.split('/')[1]);
  for (let i = 1; i <= steps; i++) {
    await expect(progress).toHaveText(`${i} / ${steps}`);
    await waitForAppState(page, 'idle');
    await expect(page.locator('.app-main .tour-highlight').first()).toBeVisible();
    if (i < steps) await page.getByTestId('tour-next').click();
  }
  await page.getByTestId('tour-finish').click();
}

test('under a sub-path: the demo and a share link made there (the workshop: next test)', async ({ page, baseURL }) => {
  const prefix = new URL(baseURL!).pathname;
  const outside = watchPaths(page, prefix);
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.getByRole('button', { name: 'Open the demo' }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();

  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-url').inputValue();
  expect(link.startsWith(`${baseURL}#/diff?v=1&`), link).toBe(true);
  const rows = await page.getByTestId('aligned-row').count();
  await page.goto('about:blank');
  await page.goto(link);
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row')).toHaveCount(rows);
  await expect(page.getByTestId('missing-files')).toHaveCount(0);

  expect(outside, 'requests outside the sub-path').toEqual([]);
});

test('after one visit the demo, the diff view and the workshop work offline', async ({ page, context, baseURL }) => {
  const outside = watchPaths(page, new URL(baseURL!).pathname);
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await waitForServiceWorker(page);
  await page.getByRole('button', { name: 'Open the demo' }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();
  const demoUrl = page.url();

  // The demo's three files were kept when opened; the button keeps the rest (the tour uses more).
  await page.getByRole('link', { name: 'btfscope' }).click();
  const offline = page.getByTestId('offline-samples');
  await expect(offline).toHaveAttribute('data-cached', '3');
  await page.getByTestId('offline-samples-button').click();
  await expect(offline).toHaveAttribute('data-cached', (await offline.getAttribute('data-total'))!);

  await context.setOffline(true);
  await page.goto(demoUrl);
  await page.reload();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();
  await expect(page.locator('.file-badge[data-status="error"]')).toHaveCount(0);
  // Monaco's C diff (its chunk and worker come from the precache).
  await expect(page.locator('.monaco-diff-editor').first()).toBeVisible();

  await page.goto(page.url().split('#')[0] + '#/home');
  await waitForAppState(page, 'idle');
  await walkTour(page);
  await expect(page.locator('.file-badge[data-status="error"]')).toHaveCount(0);
  await context.setOffline(false);
  expect(outside, 'requests outside the sub-path').toEqual([]);
});

test('a new deployment is announced and applied only on reload', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await waitForServiceWorker(page);
  const version = page.getByTestId('app-version');
  const before = (await version.textContent())!;
  expect(before).not.toContain(NEXT_VERSION);

  await nextBuild;
  root = NEXT;
  try {
    // The reload is served by the installed worker (the old version); it finds the new one.
    await page.reload();
    await waitForAppState(page, 'idle');
    await expect(page.getByTestId('update-prompt')).toBeVisible({ timeout: 60_000 });
    await expect(version).toHaveText(before);
    await page.getByTestId('update-reload').click();
    await expect(version).toContainText(NEXT_VERSION);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  } finally {
    root = BUILD;
  }
});
