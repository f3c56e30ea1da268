import { runCli } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';
import { DiffPage } from './pages/diff-page';

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

interface CliMember {
  name: string;
  change: string;
  aspects: string[];
}

/** `btfscope diff <a> <b> --type <name> --json`: the members core reports for one type. */
function cliMembers(a: string, b: string, type: string): CliMember[] {
  const k = (v: string) => `fixtures/kernels/vmlinux-${v}.btf.xz`;
  const out = JSON.parse(runCli(['diff', k(a), k(b), '--type', type, '--json'])) as { types: { members: CliMember[] }[] };
  return out.types[0]!.members;
}

test('a member diff that reads like a review: changed members only, moved-and-retyped, type links', async ({ page }) => {
  await page.goto('./#/diff?v=1&a=sample:6.1&b=sample:6.12&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  const diff = new DiffPage(page);
  await expect(diff.rows.first()).toBeVisible();
  const all = await diff.rows.count();
  await diff.setChangedOnly(true);
  await expect(page).toHaveURL(/mc=1/);
  // What remains is exactly what the CLI reports as changed beyond a shifted offset.
  const truly = cliMembers('6.1', '6.12', 'task_struct').filter((m) => !(m.change === 'changed' && m.aspects.join() === 'moved'));
  await expect(diff.rows).toHaveCount(truly.length);
  expect((await diff.memberNames()).sort()).toEqual(truly.map((m) => m.name).sort());
  expect(truly.length).toBeLessThan(all / 5);

  // A member type opens its own diff between the same kernels (the toggle stays on).
  await diff.openMemberType('dl');
  await expect(page).toHaveURL(/a=sample:6\.1&b=sample:6\.12&t=struct:sched_dl_entity/);
  await expect(diff.detail.locator('h3').first()).toContainText('struct sched_dl_entity');

  // inode 6.1 → 6.12: i_generation moved past ~40 members and changed type: one row, not removed + added.
  await page.goto('./#/diff?v=1&a=sample:6.1&b=sample:6.12&t=struct:inode');
  await waitForAppState(page, 'idle');
  const gen = diff.rowsOf('i_generation');
  await expect(gen).toHaveCount(1);
  await expect(gen).toHaveAttribute('data-change', 'changed');
  await expect(gen).toHaveAttribute('data-reordered', 'true');
  await expect(gen).toHaveAttribute('data-aspects', /moved.*retyped/);
  await expect(gen).toContainText('moved, retyped');
});

test('"diff across kernels" from a type page keeps the kernel being viewed as one side', async ({ page }) => {
  // The Diff view last compared 5.10 with 6.1; the type is then opened on 6.12.
  await page.goto('./#/diff?v=1&a=sample:5.10&b=sample:6.1&k=sample:6.12&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  await page.goto('./#/type?v=1&f=sample:6.12&a=sample:5.10&b=sample:6.1&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  await page.getByRole('button', { name: 'Diff across kernels' }).click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/#\/diff\?.*a=sample:5\.10&b=sample:6\.12.*t=struct:task_struct/);
  await expect(page.getByTestId('diff-detail')).toContainText('struct task_struct');
});
