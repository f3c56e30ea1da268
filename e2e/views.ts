/** Every main view over the bundled demo (kernels 5.10 and 6.1, object task_state), for tests that visit them all. */
import type { Page } from '@playwright/test';
import { expect, waitForAppState } from './helpers';

export const DEMO_VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'home', hash: '#/home', ready: '[data-testid=intro]' },
  { name: 'types', hash: '#/types?v=1&f=sample:6.1', ready: '.tt-row' },
  { name: 'type', hash: '#/type?v=1&f=sample:6.1&t=struct:task_struct', ready: '[data-testid=layout-table]' },
  { name: 'diff', hash: '#/diff?v=1&a=sample:5.10&b=sample:6.1&t=struct:task_struct', ready: '[data-testid=aligned-members]' },
  { name: 'relocs', hash: '#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.1&r=1', ready: '[data-testid=relo-table]' },
  { name: 'source', hash: '#/source?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.1', ready: '[data-testid=monaco]' },
  { name: 'playground', hash: '#/playground', ready: '[data-testid=relo-row]' },
];

/** Opens the start page and loads the demo through its button. */
export async function openDemo(page: Page): Promise<void> {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.getByRole('button', { name: 'Open the demo' }).click();
  await waitForAppState(page, 'idle');
  await expect(page.locator('.file-badge[data-status=ready]')).toHaveCount(3);
}

/** Switches view in the same page (the loaded files stay) and waits for its content. */
export async function showView(page: Page, v: (typeof DEMO_VIEWS)[number]): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, v.hash);
  await expect(page.locator(v.ready).first()).toBeVisible();
  await waitForAppState(page, 'idle');
}
