import { expect, test, waitForAppState } from './helpers';

test('diff of two kernels: summary, changed types, task_struct state → __state', async ({ page }) => {
  await page.goto('./#/diff?v=1&a=sample:5.10&b=sample:6.1');
  await waitForAppState(page, 'idle');
  const summary = page.getByTestId('diff-summary');
  await expect(summary.locator('tr[data-kind=struct]')).toContainText('1,188');
  await expect(page.getByTestId('diff-table')).toBeVisible();

  await page.getByLabel('Filter changed types').fill('task_struct');
  await page.locator('[data-testid=diff-row][data-key="struct:task_struct"]').click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/t=struct:task_struct/);
  const renamed = page.locator('[data-testid=aligned-row][data-change=renamed][data-before=state][data-after=__state]');
  await expect(renamed).toBeVisible();
  await expect(renamed).toContainText('renamed from state');
  await expect(page.getByTestId('diff-detail')).toContainText('size 9408 → 9792 (+384)');
  await expect(page.getByTestId('monaco-diff')).toHaveAttribute('data-ready', 'true');
});

test('5.10 vs 6.18: task_struct state → __state, saved_state added', async ({ page }) => {
  await page.goto('./#/diff?v=1&a=sample:5.10&b=sample:6.18&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  const renamed = page.locator('[data-testid=aligned-row][data-change=renamed][data-before=state][data-after=__state]');
  await expect(renamed).toBeVisible();
  await expect(page.getByTestId('diff-detail')).toContainText('size 9408 → 3264');
});
