import { kernelFile, pickFiles } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

test('reload keeps the view; back and forward move between views', async ({ page }) => {
  await page.goto('./#/types?v=1&f=sample:6.1&q=sk_buff');
  await waitForAppState(page, 'idle');
  await page.locator('.tt-row').filter({ has: page.getByRole('button', { name: 'sk_buff', exact: true }) }).first().getByRole('button').click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText('struct sk_buff');

  await page.reload();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText('struct sk_buff');
  await expect(page.getByTestId('layout-table')).toBeVisible();

  await page.goBack();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-filter')).toHaveValue('sk_buff');
  await page.goForward();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText('struct sk_buff');
});

test('a dropped file is asked for again by name and sha256 after a reload', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [kernelFile('5.10')]);
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/f=sha256:[0-9a-f]{16}~vmlinux-5\.10\.btf/);
  await page.reload();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('missing-files')).toContainText('vmlinux-5.10.btf (sha256 ');
  await pickFiles(page, [kernelFile('5.10')]);
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('missing-files')).toHaveCount(0);
  await expect(page.getByTestId('type-table')).toBeVisible();
});
