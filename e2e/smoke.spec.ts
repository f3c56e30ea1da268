import { expect, test, waitForAppState } from './helpers';

test('the app shell loads, is idle and stays on its origin', async ({ page }, testInfo) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');

  await expect(page).toHaveTitle('btfscope');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('btfscope');
  await expect(page.getByText('files never leave your browser')).toBeVisible();
  await expect(page.getByText('Drop vmlinux BTF, .ko or .bpf.o files here')).toBeVisible();

  const screenshot = testInfo.outputPath('app-shell.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('app-shell', { path: screenshot, contentType: 'image/png' });
});
