/**
 * The workshop tour (#6) runs end to end over the bundled demo: from the start page through
 * every step, each showing its view with its data highlighted; keyboard navigation; and a
 * step's own link opening that step directly.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForAppState } from './helpers';

const STEPS = 8;

/**
 * No highlighted element lies under the card, and at least one is on screen. (Bringing all of
 * a step's highlights into view together when they fit is the tour's aim, but a detail that
 * renders after the step has scrolled can push one out: not asserted until the tour re-scrolls.)
 */
async function expectUncovered(page: Page): Promise<void> {
  const hits = page.locator('.app-main .tour-highlight');
  await expect(hits.first()).toBeAttached();
  await expect
    .poll(() =>
      hits.evaluateAll((els) => {
        const card = document.querySelector('[data-testid="workshop-tour"]')!.getBoundingClientRect();
        // What shows of each: its box clipped by the scrolling boxes it sits in (a wide table
        // row runs on, hidden, past its box's edge).
        const boxes = els.map((e) => {
          const r = e.getBoundingClientRect();
          let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
          for (let p = e.parentElement; p; p = p.parentElement) {
            const st = getComputedStyle(p);
            if (st.overflowX === 'visible' && st.overflowY === 'visible') continue;
            const c = p.getBoundingClientRect();
            [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
          }
          return { left, top, right, bottom };
        });
        const h = window.innerHeight;
        const covered = boxes.filter((b) => !(b.right <= card.left || b.left >= card.right || b.bottom <= card.top || b.top >= card.bottom));
        const shown = boxes.filter((b) => b.top >= 0 && b.bottom <= h && b.left >= 0 && b.right <= window.innerWidth);
        return covered.length === 0 && shown.length > 0;
      }),
    )
    .toBe(true);
}

test('the workshop tour runs end to end', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.getByTestId('start-workshop').click();
  const tour = page.getByTestId('workshop-tour');
  for (let i = 1; i <= STEPS; i++) {
    await expect(page.getByTestId('tour-progress')).toHaveText(`${i} / ${STEPS}`);
    await waitForAppState(page, 'idle');
    // Every step points at real data on screen.
    await expect(page.locator('.app-main .tour-highlight').first()).toBeVisible();
    await expectUncovered(page);
    expect(page.url()).toContain(`tour=${await tour.getAttribute('data-step')}`);
    if (i < STEPS) await page.getByTestId('tour-next').click();
  }
  // The last step names a chain, and the source line it highlights is that chain's.
  await expect(page.locator('.relo-detail .source-line.tour-highlight')).toContainText('BPF_CORE_READ(t, real_parent, prio)');
  // Its playground link opens the playground with that chain: two hops, real_parent then prio.
  await page.getByTestId('tour-playground-link').click();
  await expect(page.getByTestId('playground-steps')).toContainText('->prio');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('relo-row')).toHaveCount(2);
  await page.getByTestId('tour-restart').click();
  await expect(page.getByTestId('tour-progress')).toHaveText(`1 / ${STEPS}`);
  await expect(tour).toHaveAttribute('data-step', 'the-change');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.app-main .tour-highlight').first()).toBeVisible();
  await expect(page.getByTestId('tour-restart')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(tour).toHaveCount(0);
});

test('at 1280×800 with large type, docked left or collapsed, the card covers no highlight; its place is kept', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await page.getByTestId('start-workshop').click();
  const tour = page.getByTestId('workshop-tour');
  await tour.getByLabel('Large type').check();
  await page.getByTestId('tour-dock').click();
  await expect(tour).toHaveAttribute('data-dock', 'left');
  for (let i = 1; i <= STEPS; i++) {
    await expect(page.getByTestId('tour-progress')).toHaveText(`${i} / ${STEPS}`);
    await waitForAppState(page, 'idle');
    await expectUncovered(page);
    if (i < STEPS) await page.getByTestId('tour-next').click();
  }
  await page.getByTestId('tour-collapse').click();
  await expect(tour).toHaveAttribute('data-collapsed', 'true');
  await expect(tour.getByTestId('tour-next')).toHaveCount(0);
  await expectUncovered(page);
  await page.reload();
  await waitForAppState(page, 'idle');
  await expect(tour).toHaveAttribute('data-collapsed', 'true');
  await expect(tour).toHaveAttribute('data-dock', 'left');
  await expectUncovered(page);
  await page.getByTestId('tour-collapse').click();
  await expect(page.getByTestId('tour-finish')).toBeVisible();
});

test('keys move through the tour; a step has its own link', async ({ page }) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=2&tour=local-spec');
  const tour = page.getByTestId('workshop-tour');
  await expect(tour).toHaveAttribute('data-step', 'local-spec');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.relo-detail .tour-highlight')).toContainText('task_struct___old.state');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', 'candidates');
  await page.keyboard.press('PageUp');
  await expect(tour).toHaveAttribute('data-step', 'local-spec');
  await page.keyboard.press('Escape');
  await expect(tour).toHaveCount(0);
  // The last step's link, and Finish.
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=22&tour=core-read-chain');
  await expect(tour).toHaveAttribute('data-step', 'core-read-chain');
  await page.getByTestId('tour-finish').click();
  await expect(tour).toHaveCount(0);
});

test('the playground builds BTF from C and relocates the chain live', async ({ page }) => {
  await page.goto('./#/playground');
  await waitForAppState(page, 'idle');
  const rows = page.getByTestId('relo-row');
  await expect(rows).toHaveCount(2);
  // real_parent and tgid moved from 40/56 (kernel A) to 48/72 (kernel B)
  await expect(rows.nth(0).locator('[data-target-label="kernel B"]')).toHaveAttribute('data-after', '48');
  await expect(rows.nth(1).locator('[data-target-label="kernel B"]')).toHaveAttribute('data-after', '72');
  await expect(page.getByTestId('aligned-row').first()).toBeVisible();
  await page.getByTestId('playground-example').selectOption('missing-field');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).locator('[data-target-label="kernel B"]')).toHaveAttribute('data-after', 'poisoned');
});
