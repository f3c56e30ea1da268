/**
 * Accessibility (issue #16): axe-core on every main view over the demo, in the light and the
 * dark theme, finds no serious or critical violation (color contrast included). Monaco's own
 * editor DOM is left out: it is a third-party widget with its own accessibility mode.
 * Also: the skip link, table captions, disabled tabs that say why, distinct names for a file
 * badge and its kernel chip.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, waitForAppState } from './helpers';
import { DEMO_VIEWS, openDemo, showView } from './views';

test.use({ viewport: { width: 1280, height: 800 } });

async function seriousViolations(page: Page): Promise<string[]> {
  // Violations only: the passes' details cost most of axe's time on big tables.
  const r = await new AxeBuilder({ page }).exclude('.monaco-editor').options({ resultTypes: ['violations'] }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join(' | ')}`);
}

// struct file (232 bytes) has added, removed, changed and renamed members between 5.10 and 6.1,
// as task_struct does, at a tenth of the rows: axe's contrast check costs time per text node.
const AXE_VIEWS = DEMO_VIEWS.map((v) => ({ ...v, hash: v.hash.replace('struct:task_struct', 'struct:file') }));

test('axe: no serious or critical violation on any view, light and dark theme', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('btfscope-theme', 'light'));
  await openDemo(page);
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const v of AXE_VIEWS) {
      await showView(page, v);
      for (const m of await page.locator('[data-testid^=monaco]').all()) await expect(m).toHaveAttribute('data-ready', 'true');
      found.push(...(await seriousViolations(page)).map((s) => `${theme} ${v.name}: ${s}`));
    }
  }
  expect(found).toEqual([]);
});

test('skip link, captions, disabled tabs that say why, distinct names for badges and chips', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  // Nothing loaded: the tabs are off and say what to load.
  const diffTab = page.getByTestId('tab-diff');
  await expect(diffTab).toBeDisabled();
  await expect(diffTab).toHaveAccessibleDescription('load two kernels first');
  await expect(page.getByTestId('tab-relocs')).toHaveAccessibleDescription('load a BPF object (.bpf.o) and a kernel first');
  // The start page says what BTF and CO-RE are and links to the workshop.
  await expect(page.getByTestId('intro')).toContainText('CO-RE');
  await expect(page.getByTestId('intro').getByRole('link', { name: 'the workshop' })).toHaveAttribute('href', /tour=/);
  // The first Tab stop is the skip link; it moves focus to the main content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main-content')).toBeFocused();

  await page.getByRole('button', { name: 'Open the demo' }).click();
  await waitForAppState(page, 'idle');
  await expect(diffTab).toBeEnabled();
  await expect(diffTab).not.toHaveAttribute('aria-describedby');
  await showView(page, DEMO_VIEWS.find((v) => v.name === 'relocs')!);
  await expect(page.getByRole('table', { name: /CO-RE relocations/ })).toBeVisible();
  // The badge's button and the kernel chip are told apart by name.
  await expect(page.getByRole('button', { name: 'Rename kernel 6.1' })).toHaveCount(1);
  await expect(page.getByRole('group', { name: 'Target kernels' }).getByRole('button', { name: /^6\.1/ })).toHaveCount(1);
  await expect(page.getByRole('button', { name: '6.1', exact: true })).toHaveCount(0);
});
