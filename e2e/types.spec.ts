import { parseBtf } from '../src/core/btf/parse-btf';
import { join } from 'node:path';
import { FIXTURES, badge, kernelBytes, kernelFile, kernelPath, pickFiles } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';
import { TypesPage } from './pages/types-page';

test('drop two kernels: the types table shows their counts, filter and open a type', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [kernelFile('5.10'), kernelFile('6.18')]);
  await waitForAppState(page, 'idle');

  const fmt = new Intl.NumberFormat('en-US');
  for (const v of ['5.10', '6.18'] as const) {
    const btf = parseBtf(kernelBytes(v)).value!;
    await expect(badge(page, v).getByTestId('type-count')).toHaveText(`${fmt.format(btf.ownTypeCount)} types`);
  }
  // The view opened on the first kernel that was ready; show 6.18's table.
  await expect(page).toHaveURL(/#\/types\?/);
  await page.getByTestId('types-file').selectOption({ label: '6.18' });
  await waitForAppState(page, 'idle');
  const count618 = parseBtf(kernelBytes('6.18')).value!.ownTypeCount;
  await expect(page.getByTestId('types-count')).toHaveText(`${fmt.format(count618)} types`);
  await expect(page.getByTestId('type-table')).toHaveAttribute('data-total', String(count618));

  await page.getByTestId('type-filter').fill('task_struct');
  await waitForAppState(page, 'idle');
  await page.locator('.chips').getByRole('button', { name: /^struct/ }).click();
  await waitForAppState(page, 'idle');
  const row = page.locator('.tt-row').filter({ has: page.getByRole('button', { name: 'task_struct', exact: true }) });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'task_struct', exact: true }).click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/#\/type\?.*t=struct:task_struct/);
  await expect(page.getByTestId('type-title')).toContainText('struct task_struct');

  // Back returns to the filtered table (the filter lives in the URL).
  await page.goBack();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-filter')).toHaveValue('task_struct');
});

test('fuzzy filter, kind filter, sort and keyboard navigation', async ({ page }) => {
  await page.goto('./#/types?v=1&f=sample:6.1&q=tskstrct&fz=1');
  await waitForAppState(page, 'idle');
  const first = page.locator('.tt-row').first();
  await expect(first).toContainText('task_struct');
  await page.getByTestId('type-filter').fill('');
  await page.locator('.chips').getByRole('button', { name: /^union/ }).click();
  await waitForAppState(page, 'idle');
  await page.getByRole('columnheader', { name: /size/ }).click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/s=size\.desc/);
  const sizes = await page.locator('.tt-row .tt-size').allTextContents();
  const nums = sizes.slice(0, 10).map((s) => Number(s.replace(/,/g, '')));
  expect(nums).toEqual([...nums].sort((a, b) => b - a));
  // Jump to an id: the row is selected and scrolled into view.
  const idOfLast = (await page.locator('.tt-row .tt-id').nth(5).textContent())!;
  await page.getByLabel('Jump to type id').fill(idOfLast);
  await page.getByLabel('Jump to type id').press('Enter');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.tt-row[aria-selected=true] .tt-id')).toHaveText(idOfLast);
  // Keyboard: focus the table, move down twice, Enter opens the third row.
  await page.locator('.tt-body').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = await page.locator('.tt-row[aria-selected=true] .tt-name').textContent();
  await page.keyboard.press('Enter');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText(`union ${third}`);
});

test('search ranks exact, then prefix, then substring, then fuzzy matches', async ({ page }) => {
  await page.goto('./#/types?v=1&f=sample:6.1');
  await waitForAppState(page, 'idle');
  const types = new TypesPage(page);
  await types.filter('sk_buff');
  const names = await types.firstNames(8);
  expect(names[0]).toBe('sk_buff');
  expect(names.indexOf('__sk_buff')).toBeGreaterThan(names.indexOf('sk_buff_head'));
  await types.filter('tskst', { fuzzy: true });
  await expect(types.rows.first().locator('.tt-name')).toHaveText('task_struct');
  await expect(page).toHaveURL(/q=tskst&fz=1/);
});

test('the Types view opens on a kernel, not on an object, when both are loaded', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  // From the start page: the small object is ready first (Types opens on it), then the kernel
  // (Relocations opens). The Types tab then shows the kernel.
  await pickFiles(page, [join(FIXTURES, 'objects/task_state-el.bpf.o'), kernelPath('6.1')]);
  await expect(page).toHaveURL(/#\/relocs\?/);
  await waitForAppState(page, 'idle');
  await page.getByRole('button', { name: 'Types', exact: true }).click();
  await waitForAppState(page, 'idle');
  const types = new TypesPage(page);
  await expect(types.fileSelect.locator('option:checked')).toHaveText('6.1');
});
