/**
 * Phones (issue #16): at 390×844 every view over the demo fits the screen (no page-wide
 * horizontal scroll), the views sit behind a menu button, and the relocation table scrolls
 * inside its own box with the access column pinned.
 */
import { expect, test } from './helpers';
import { DEMO_VIEWS, openDemo, showView } from './views';

test.use({ viewport: { width: 390, height: 844 } });

test('every view fits a 390 px phone; the views are in a menu', async ({ page }) => {
  await openDemo(page);
  for (const v of DEMO_VIEWS) {
    await showView(page, v);
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth, `${v.name}: page width`).toBeLessThanOrEqual(innerWidth);
    if (process.env.BTFSCOPE_SHOTS) await page.screenshot({ path: `${process.env.BTFSCOPE_SHOTS}/390-${v.name}.png` });
  }
  // The tabs are hidden behind the menu button, which opens them and closes on choosing one.
  const toggle = page.getByTestId('menu-toggle');
  await expect(toggle).toBeVisible();
  await expect(page.getByTestId('tab-types')).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('tab-diff').click();
  await expect(page).toHaveURL(/#\/diff\?/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('tab-types')).toBeHidden();
});

test('the relocation table scrolls in its own box, the access column stays in view', async ({ page }) => {
  await openDemo(page);
  await showView(page, DEMO_VIEWS.find((v) => v.name === 'relocs')!);
  const box = page.getByTestId('relo-scroll');
  const [scrollWidth, clientWidth] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await box.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  const boxLeft = (await box.boundingBox())!.x;
  const access = page.getByTestId('relo-row').first().locator('td.pin');
  await expect(access).toBeVisible();
  // Pinned: after scrolling to the far right it sits at the box's left edge, not scrolled away.
  await expect.poll(async () => Math.round((await access.boundingBox())!.x - boxLeft)).toBe(0);
  const page_ = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(page_[0]).toBeLessThanOrEqual(page_[1]!);
});
