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
  const diff = JSON.parse(await downloaded(page, page.getByTestId('download-JSON')));
  const cliDiff = JSON.parse(runCli(['diff', k('6.1'), k('6.12'), '--type', 'task_struct', '--json']));
  expect(diff.types).toEqual(cliDiff.types);
  const md = await downloaded(page, page.getByTestId('download-Markdown'));
  expect(md.split('\n')).toHaveLength(cliDiff.types[0].members.length + 3);
});
