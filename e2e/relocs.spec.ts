import { formatOutcomeCell } from '../src/core/core-relo/format-report';
import type { RelocationView, TargetSummary } from '../src/core/core-relo/report';
import { dropFiles, objectFile, runCli } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

/** `btfscope relocs <obj> --target 5.10 --target 6.18 --json`: the real CLI on the fixtures. */
function cliRelocs(object: string): { targets: TargetSummary[]; relocations: RelocationView[] } {
  const k = (v: string) => `fixtures/kernels/vmlinux-${v}.btf.xz`;
  return JSON.parse(runCli(['relocs', `fixtures/objects/${object}`, '--target', k('5.10'), '--target', k('6.18'), '--json']));
}

test('drop an object next to two kernels: every relocation shows the CLI values', async ({ page }) => {
  await page.goto('./#/relocs?v=1&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  await dropFiles(page, [objectFile('task_state')]);
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('relo-table')).toBeVisible();

  const cli = cliRelocs('task_state-el.bpf.o');
  const rows = page.getByTestId('relo-row');
  await expect(rows).toHaveCount(cli.relocations.length);
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const d = (tr as HTMLElement).dataset;
      const after = [...tr.querySelectorAll<HTMLElement>('[data-testid=relo-after]')].map((td) => td.dataset.after);
      return { ordinal: Number(d.ordinal), program: d.program, insn: d.insn, kind: d.kind, access: d.access, before: d.before, after };
    }),
  );
  const expected = cli.relocations.map((v) => ({
    ordinal: v.ordinal,
    program: v.program ?? '',
    insn: v.insnIndex === null ? '' : String(v.insnIndex),
    kind: v.kindName,
    access: v.access,
    before: v.results[0]?.before ?? '-',
    after: v.results.map(formatOutcomeCell),
  }));
  expect(shown).toEqual(expected);

  // The matrix gives each kernel's verdict; a failing relocation explains itself.
  await expect(page.getByTestId('verdict')).toHaveCount(2);
  const poisoned = cli.relocations.find((v) => v.results[0]?.result === 'poisoned')!;
  await page.locator(`[data-testid=relo-row][data-ordinal="${poisoned.ordinal}"]`).click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(new RegExp(`r=${poisoned.ordinal}`));
  const detail = page.getByTestId('relo-detail');
  await expect(detail).toContainText('poisoned');
  await expect(detail.getByTestId('explanation')).toBeVisible();
  await expect(detail.getByTestId('insns').last()).toContainText('call 0xbad2310');

  // The Source view marks the relocated lines.
  await page.getByRole('button', { name: 'Source', exact: true }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('monaco')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.code-mark').first()).toBeVisible();
});
