/**
 * A view's code chunk that fails to load (the site was rebuilt under an open tab, so the old
 * chunk name is a 404) shows a message with Reload in place of the view; the loaded files
 * and the other views stay.
 */
import { expect, test, waitForAppState } from './helpers';

test('a view chunk that 404s gives a reload message and keeps the loaded files', async ({ page }) => {
  await page.route(/\/assets\/DiffView-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.getByRole('button', { name: 'Open the demo' }).click();
  await expect(page.getByTestId('view-error')).toContainText('could not be loaded');
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  await waitForAppState(page, 'idle');
  const badges = page.locator('.file-badge[data-status="ready"]');
  await expect(badges).toHaveCount(3);

  // Another view (its chunk is there) opens with the same files.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Relocations', exact: true }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.getByTestId('relo-row').first()).toBeVisible();
  await expect(badges).toHaveCount(3);

  // The chunk is back (the new deployment): Reload opens the diff.
  await page.unroute(/\/assets\/DiffView-[^/]*\.js$/);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Diff', exact: true }).click();
  await page.getByTestId('view-error-reload').click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();
});
