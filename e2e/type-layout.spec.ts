import type { StructLayout } from '../src/core/layout/layout-types';
import { layoutRows } from '../src/ui/views/layout-rows';
import { runCli } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';

test('task_struct: layout rows and holes equal `btfscope layout --json`', async ({ page }) => {
  await page.goto('./#/type?v=1&f=sample:5.10&t=struct:task_struct');
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText('struct task_struct');

  // What `btfscope layout vmlinux-5.10 task_struct --json` says, turned into rows the same way.
  const layout = JSON.parse(runCli(['layout', 'fixtures/kernels/vmlinux-5.10.btf.xz', 'struct:task_struct', '--json'])) as StructLayout;
  const expected = layoutRows(layout)
    .filter((r) => r.kind !== 'cacheline')
    .map((r) =>
      r.kind === 'member'
        ? `member ${r.m.name} @${r.m.absByteOffset} +${r.m.byteSize}`
        : r.kind === 'bit-hole'
          ? `bit-hole +${r.bits}`
          : `${r.kind} @${r.byteOffset} +${r.byteSize}`,
    );
  const shown = await page.getByTestId('layout-row').evaluateAll((rows) =>
    rows.map((r) => {
      const d = (r as HTMLElement).dataset;
      if (d.kind === 'member') return `member ${d.name} @${d.offset} +${d.size}`;
      if (d.kind === 'bit-hole') return `bit-hole +${d.size}`;
      return `${d.kind} @${d.offset} +${d.size}`;
    }),
  );
  expect(shown).toEqual(expected);
  const holes = layout.holes;
  expect(shown.filter((s) => s.startsWith('hole')).length).toBeGreaterThanOrEqual(holes);
  await expect(page.getByTestId('layout-summary')).toHaveAttribute('data-holes', String(layout.holes));
  await expect(page.getByTestId('layout-summary')).toHaveAttribute('data-hole-bytes', String(layout.holeBytes));
  await expect(page.getByTestId('layout-summary')).toContainText(`size ${layout.byteSize}`);

  // The byte map and the C definition (Monaco, bundled) are there; type names are links.
  await expect(page.getByTestId('byte-map')).toBeVisible();
  const monaco = page.getByTestId('monaco');
  await expect(monaco).toHaveAttribute('data-ready', 'true');
  await expect(monaco).toContainText('struct task_struct {');
  await expect(page.getByTestId('used-by')).toContainText('signal_struct');

  // A type name in the layout opens that type.
  await page.getByTestId('layout-table').getByRole('button', { name: 'struct thread_info', exact: true }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('type-title')).toContainText('struct thread_info');
});
