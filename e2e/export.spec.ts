import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { runCli } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

const k = (v: string) => `fixtures/kernels/vmlinux-${v}.btf.xz`;

/** Clicks a download button and returns the file's text. */
async function downloaded(page: Page, button: Locator): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test('Copy C and the layout JSON of a type equal the CLI output', async ({ page }) => {
  await page.goto('./#/type?v=1&f=sample:6.1&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  const c = await downloaded(page, page.getByTestId('download-C'));
  expect(c).toBe(runCli(['dump', k('6.1'), '--format', 'c', '--type', 'struct:task_struct']));
  const json = await downloaded(page, page.getByTestId('download-JSON'));
  expect(json).toBe(runCli(['layout', k('6.1'), 'task_struct', '--json']));
  const csv = await downloaded(page, page.getByTestId('download-CSV'));
  expect(csv.split('\r\n')[0]).toBe('member,type,offset,size,bit offset,bits,hole after');
  expect(csv).toContain('\r\n__state,unsigned int,24,4,,,');
});

test('the relocation JSON equals `btfscope relocs --json`; the member diff JSON holds the CLI diff types', async ({ page }) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  const app = await downloaded(page, page.getByTestId('download-JSON'));
  const cli = runCli(['relocs', 'fixtures/objects/task_state-el.bpf.o', '--target', k('5.10'), '--target', k('6.18'), '--json']);
  // The page labels kernels '5.10' where the CLI names their files 'vmlinux-5.10' (also inside
  // explanations and snippets: `task_struct___vmlinux_5_10`); nothing else may differ.
  expect(JSON.parse(app)).toEqual(JSON.parse(cli.replace(/vmlinux[-_](?=\d)/g, '')));

  await page.goto('./#/diff?v=1&a=sample:6.1&b=sample:6.12&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  const detail = page.getByRole('group', { name: 'Diff', exact: true });
  const diff = JSON.parse(await downloaded(page, detail.getByTestId('download-JSON')));
  const cliDiff = JSON.parse(runCli(['diff', k('6.1'), k('6.12'), '--type', 'task_struct', '--json']));
  expect(diff.types).toEqual(cliDiff.types);
  const md = await downloaded(page, detail.getByTestId('download-Markdown'));
  expect(md.split('\n')).toHaveLength(cliDiff.types[0].members.length + 3);
});

test('the changed-types table: its JSON is `btfscope diff A B --json` byte for byte; CSV and Markdown list the rows shown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./#/diff?v=1&a=sample:6.1&b=sample:6.12');
  await waitForAppState(page, 'idle');
  const table = page.getByRole('group', { name: 'Changed types' });
  const app = await downloaded(page, table.getByTestId('download-JSON'));
  // The CLI names the sides by the paths it was given, the page by the kernels' labels.
  const cli = runCli(['diff', k('6.1'), k('6.12'), '--json']);
  const named = cli.replace(`"before": "${k('6.1')}",\n  "after": "${k('6.12')}",`, '"before": "6.1",\n  "after": "6.12",');
  expect(named).not.toBe(cli);
  expect(app.length).toBe(named.length);
  expect(app === named).toBe(true);

  // Copy gives the same text as download.
  await table.getByTestId('copy-JSON').click();
  await expect(table.getByRole('status')).toHaveText('JSON copied');
  expect((await page.evaluate(() => navigator.clipboard.readText())) === named).toBe(true);

  const shown = Number(await page.getByTestId('diff-table').getAttribute('data-rows'));
  expect(shown).toBeGreaterThan(100);
  const csv = (await downloaded(page, table.getByTestId('download-CSV'))).split('\r\n');
  expect(csv[0]).toBe('change,kind,name,size before,size after,size change,moved,changes,renamed');
  expect(csv).toHaveLength(shown + 2);
  // Rows say what the CLI's document says: sk_buff's sizes and its size change.
  const sk = JSON.parse(cli).types.find((t: { kind: string; name: string }) => t.kind === 'struct' && t.name === 'sk_buff');
  const d = sk.byteSizeAfter - sk.byteSizeBefore;
  const row = csv.find((l) => l.startsWith('changed,struct,sk_buff,'))!.split(',');
  expect(row.slice(3, 6)).toEqual([String(sk.byteSizeBefore), String(sk.byteSizeAfter), d > 0 ? `+${d}` : d ? String(d) : '']);
  // In the table's order (by size change, the default).
  await expect(page.getByTestId('diff-row').first()).toHaveAttribute('data-key', `${csv[1]!.split(',')[1]}:${csv[1]!.split(',')[2]}`);

  await table.getByTestId('copy-Markdown').click();
  await expect(table.getByRole('status')).toHaveText('Markdown copied');
  const md = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  expect(md[0]).toBe('| change | kind | name | size before | size after | size change | moved | changes | renamed |');
  expect(md).toHaveLength(shown + 3);
});
