import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, badge, dropFiles, runCli } from './app-helpers';
import type { Page } from '@playwright/test';
import { expect, test, waitForAppState } from './helpers';

const arm64 = {
  name: 'vmlinux-6.1-arm64.min.btf.xz',
  mimeType: 'application/x-xz',
  buffer: readFileSync(join(FIXTURES, 'kernels-min/vmlinux-6.1-arm64.min.btf.xz')),
};
const bigEndian = { name: 'every-kind-eb.btf', mimeType: 'application/octet-stream', buffer: readFileSync(join(FIXTURES, 'synthetic/every-kind-eb.btf')) };

/** Chooses, as diff side `side`, the loaded file whose option text contains `text`. */
async function chooseSide(page: Page, side: 'a' | 'b', text: string): Promise<void> {
  const select = page.getByTestId(`diff-${side}`);
  const value = await select.locator('option', { hasText: text }).getAttribute('value');
  await select.selectOption(value!);
  await waitForAppState(page, 'idle');
}

test('architecture on the badges, and a notice when a diff crosses architectures', async ({ page }) => {
  await page.goto('./#/diff?v=1&a=sample:6.1');
  await waitForAppState(page, 'idle');
  await dropFiles(page, [arm64]);
  await waitForAppState(page, 'idle');

  await expect(badge(page, '6.1').getByTestId('file-arch')).toHaveText('· x86-64 LE');
  // A min_core_btf cut keeps no struct pt_regs here: the badge says so rather than guess arm64.
  const armBadge = page.locator('.file-badge', { hasText: 'arm64' });
  await expect(armBadge.getByTestId('file-arch')).toHaveText('· 64-bit LE, arch unknown');
  await expect(armBadge).toHaveAttribute('data-status', 'ready');

  await chooseSide(page, 'b', 'arm64');
  // The A/B selects name each kernel as its badge does: two 6.1s told apart.
  await expect(page.getByTestId('diff-a').locator('option:checked')).toHaveText('6.1 · x86-64 LE');
  await expect(page.getByTestId('diff-b').locator('option:checked')).toHaveText(/arm64.* · 64-bit LE, arch unknown$/);
  const notice = page.getByTestId('arch-notice');
  await expect(notice).toHaveText(
    "kernel A is x86-64 little-endian; B's BTF does not tell its architecture (no struct pt_regs): if it is not x86-64, offsets and sizes differ by architecture, not only by version",
  );
  // The CLI says the same, up front.
  const cli = runCli(['diff', 'fixtures/kernels/vmlinux-6.1.btf.xz', 'fixtures/kernels-min/vmlinux-6.1-arm64.min.btf.xz', '--type', 'task_struct']);
  expect(cli.split('\n')[2]).toBe(`note: ${await notice.textContent()}`);

  // A big-endian BTF against a little-endian kernel: the byte order alone is a difference.
  await dropFiles(page, [bigEndian]);
  await waitForAppState(page, 'idle');
  await expect(page.locator('.file-badge', { hasText: 'every-kind-eb' }).getByTestId('file-arch')).toHaveText('· BE, arch unknown');
  await chooseSide(page, 'b', 'every-kind-eb');
  await expect(notice).toHaveText(
    'kernel A is x86-64 little-endian, B is of unknown architecture (big-endian): offsets and sizes differ by architecture, not only by version',
  );

  // Same architecture: no notice.
  await page.getByTestId('diff-b').selectOption('sample:6.1');
  await waitForAppState(page, 'idle');
  await expect(notice).toHaveCount(0);
});

test('kernel chips of the relocation view carry the architecture', async ({ page }) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10');
  await waitForAppState(page, 'idle');
  const chip = page.getByRole('group', { name: 'Target kernels' }).getByRole('button', { name: /^5\.10/ });
  await expect(chip).toHaveText('5.10 · x86-64 LE');
  // The object's badge has no architecture of a kernel.
  await expect(badge(page, 'task_state').getByTestId('file-arch')).toHaveCount(0);
});
