/**
 * Screenshots of each view for README.md and docs/ (@screenshots; `npm run screenshots`).
 * 1280×800, the light theme unless the name says dark; written to docs/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { kernelBytes, objectFile, pickFiles } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

const OUT = join(import.meta.dirname, '../docs/screenshots');

test.use({ viewport: { width: 1280, height: 800 } });
test.describe.configure({ mode: 'serial' });

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await waitForAppState(page, 'idle');
  // Monaco paints after its content is set; wait for its lines.
  for (const m of await page.locator('[data-testid^=monaco]').all()) await expect(m).toHaveAttribute('data-ready', 'true');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

async function theme(page: Page, t: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((v) => localStorage.setItem('btfscope-theme', v), t);
}

test('@screenshots landing', async ({ page }) => {
  await theme(page, 'light');
  await page.goto('./');
  await shot(page, 'landing');
});

test('@screenshots types', async ({ page }) => {
  await theme(page, 'light');
  await page.goto('./#/types?v=1&f=sample:6.18&q=task&kinds=struct&s=size.desc');
  await page.goto('./#/types?v=1&f=sample:6.18&q=task&kinds=struct&s=size.desc');
  await expect(page.locator('.tt-row').first()).toBeVisible();
  await shot(page, 'types');
});

test('@screenshots type layout', async ({ page }) => {
  await theme(page, 'light');
  await page.goto('./#/type?v=1&f=sample:6.1&t=struct:sk_buff');
  await expect(page.getByTestId('layout-table')).toBeVisible();
  await shot(page, 'type-layout');
  await page.getByTestId('monaco').scrollIntoViewIfNeeded();
  await shot(page, 'type-c');
});

test('@screenshots diff', async ({ page }) => {
  await theme(page, 'light');
  await page.goto('./#/diff?v=1&a=sample:5.10&b=sample:6.1&t=struct:task_struct');
  await expect(page.getByTestId('aligned-members')).toBeVisible();
  await shot(page, 'diff');
  await page.getByTestId('monaco-diff').scrollIntoViewIfNeeded();
  await shot(page, 'diff-c');
});

test('@screenshots relocations (dark)', async ({ page }) => {
  await theme(page, 'dark');
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=1');
  await expect(page.getByTestId('relo-detail')).toBeVisible();
  await shot(page, 'relocations');
  await page.goto('./#/source?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=1');
  await expect(page.locator('.code-mark').first()).toBeVisible();
  // Decorations sit under the text layer: hover the text of the first marked poisoned line.
  const box = (await page.locator('.code-mark-warn').first().boundingBox())!;
  await page.mouse.move(box.x + 260, box.y + box.height / 2);
  await expect(page.locator('.monaco-hover-content').first()).toBeVisible();
  await shot(page, 'source');
});

test('@screenshots error panel', async ({ page }) => {
  await theme(page, 'light');
  await page.goto('./#/types?v=1&f=sample:5.10');
  await waitForAppState(page, 'idle');
  const bad = Buffer.from(kernelBytes('5.10').subarray(0, 4096));
  await pickFiles(page, [{ name: 'vmlinux-truncated.btf', mimeType: 'application/octet-stream', buffer: bad }, objectFile('execsnoop')]);
  await waitForAppState(page, 'error');
  await page.screenshot({ path: join(OUT, 'error-panel.png') });
});
