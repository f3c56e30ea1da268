import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOutcomeCell, shortVerdict } from '../src/core/core-relo/format-report';
import type { RelocationView, TargetSummary } from '../src/core/core-relo/report';
import { FIXTURES, dropFiles, objectFile, runCli } from './app-helpers';
import { expect, test, waitForAppState } from './helpers';
import { RelocsPage } from './pages/relocs-page';

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

  // The matrix gives each kernel's load verdict, as the CLI does; a failing relocation explains itself.
  await expect(page.getByTestId('verdict')).toHaveCount(2);
  const kinds = await page.getByTestId('verdict').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.verdict));
  expect(kinds).toEqual(cli.targets.map((t) => t.verdict.kind));
  expect(kinds).toContain('fails'); // tp_btf_sched_switch reaches its poisoned insn 16 on 6.18
  const poisoned = cli.relocations.find((v) => v.results[0]?.result === 'poisoned')!;
  await page.locator(`[data-testid=relo-row][data-ordinal="${poisoned.ordinal}"]`).click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(new RegExp(`r=${poisoned.ordinal}`));
  const detail = page.getByTestId('relo-detail');
  await expect(detail).toContainText('poisoned');
  await expect(detail.getByTestId('explanation')).toBeVisible();
  // The explanation leads with what changed, word for word as the CLI's --json says (the page
  // labels kernels '5.10' where the CLI says 'vmlinux-5.10').
  const change = poisoned.results[0]!.explanation!.change!;
  expect(change.kind).toBe('renamed-field');
  await expect(detail.getByTestId('explanation-change')).toHaveText(`What changed: ${change.text.replace(/vmlinux-(?=\d)/g, '')}`);
  await expect(detail.getByTestId('insns').last()).toContainText('call 0xbad2310');

  // The Source view marks the relocated lines.
  await page.getByRole('button', { name: 'Source', exact: true }).click();
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('monaco')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.code-mark').first()).toBeVisible();
});

test('an object libbpf would not open says so, for every kernel', async ({ page }) => {
  // execsnoop with its LICENSE symbol made an undefined extern, as a compiler that does not know a
  // CO-RE builtin leaves it: libbpf 1.1.2 stops at "failed to find BTF for extern".
  const obj = objectFile('execsnoop');
  const bytes = Buffer.from(obj.buffer);
  const shoff = Number(bytes.readBigUInt64LE(0x28));
  const shnum = bytes.readUInt16LE(0x3c);
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * 64;
    if (bytes.readUInt32LE(sh + 4) !== 2) continue; // SHT_SYMTAB
    const off = Number(bytes.readBigUInt64LE(sh + 0x18));
    const size = Number(bytes.readBigUInt64LE(sh + 0x20));
    const strtab = Number(bytes.readBigUInt64LE(shoff + bytes.readUInt32LE(sh + 0x28) * 64 + 0x18));
    for (let o = off; o < off + size; o += 24) {
      const name = bytes.subarray(strtab + bytes.readUInt32LE(o), strtab + bytes.readUInt32LE(o) + 8).toString('latin1');
      if (name === 'LICENSE\0') {
        bytes[o + 4] = 1 << 4; // STB_GLOBAL, STT_NOTYPE
        bytes.writeUInt16LE(0, o + 6); // SHN_UNDEF
      }
    }
  }
  await page.goto('./#/relocs?v=1&k=sample:5.10&k=sample:6.18');
  await waitForAppState(page, 'idle');
  await dropFiles(page, [{ ...obj, buffer: bytes }]);
  await waitForAppState(page, 'idle');
  await expect(page.getByText("libbpf 1.1.2 would refuse to open this object: failed to find BTF for extern 'LICENSE': -22")).toBeVisible();
  const verdicts = page.getByTestId('verdict');
  await expect(verdicts).toHaveCount(2);
  for (const v of await verdicts.all()) await expect(v).toContainText('not opened by libbpf');
});

test("netdev on an arm64 kernel: the matrix says the program fails, at the poisoned instruction the verifier reaches", async ({ page }) => {
  // arm64's pt_regs has no `di`: kprobe_tcp_v4_connect's insn 1 is poisoned, and every path reaches it.
  const arm64 = { name: 'vmlinux-6.1-arm64.min.btf.xz', mimeType: 'application/x-xz', buffer: readFileSync(join(FIXTURES, 'kernels-min/vmlinux-6.1-arm64.min.btf.xz')) };
  await page.goto('./#/relocs?v=1&k=sample:5.10');
  await waitForAppState(page, 'idle');
  await dropFiles(page, [objectFile('netdev'), arm64]);
  await waitForAppState(page, 'idle');
  const chip = page.getByRole('group', { name: 'Target kernels' }).getByRole('button', { name: /arm64/ });
  if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
  await waitForAppState(page, 'idle');
  const verdicts = page.getByTestId('verdict');
  await expect(verdicts).toHaveCount(2);
  const armVerdict = verdicts.filter({ hasText: 'arm64' });
  await expect(armVerdict).toHaveAttribute('data-verdict', 'fails');
  await expect(armVerdict).toHaveClass(/tone-bad/);
  await expect(armVerdict).toContainText('fails: insn 1 reached (kprobe_tcp_v4_connect)');
  // The poisoned relocation at insn 1 is red there: the verifier reaches it.
  const row = page.locator('[data-testid=relo-row][data-program=kprobe_tcp_v4_connect][data-insn="1"]');
  const armCell = row.locator('[data-testid=relo-after]').filter({ hasText: 'poisoned' });
  await expect(armCell).toHaveAttribute('data-reached', 'yes');
  await expect(armCell).toHaveClass(/tone-bad/);
  const old = verdicts.filter({ hasText: '5.10' });
  await expect(old).toHaveAttribute('data-verdict', 'guarded');
  await expect(old).toContainText('loads (guarded)');

  // Per program: the same verdicts as `btfscope relocs --json`.
  const cli = JSON.parse(runCli(['relocs', 'fixtures/objects/netdev-el.bpf.o', '--target', 'fixtures/kernels/vmlinux-5.10.btf.xz', '--target', 'fixtures/kernels-min/vmlinux-6.1-arm64.min.btf.xz', '--json'])) as { targets: TargetSummary[] };
  const cells = await page.getByTestId('program-verdict').evaluateAll((tds) => tds.map((td) => `${(td as HTMLElement).dataset.program} ${(td as HTMLElement).dataset.verdict} ${td.textContent}`));
  const expected = cli.targets[0]!.verdict.programs.flatMap((p, i) => cli.targets.map((t) => `${p.program} ${t.verdict.programs[i]!.kind} ${shortVerdict(t.verdict.programs[i])}`));
  expect(cells).toEqual(expected);
  expect(cells).toContain('kprobe_tcp_v4_connect fails FAILS: insn 1 reached');
});

test('a matrix cell opens that relocation on that kernel, in view and focused, kept in the URL', async ({ page }) => {
  // Listed out of order on purpose: the view shows kernels in release order.
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:6.18&k=sample:5.10&k=sample:6.1');
  await waitForAppState(page, 'idle');
  const relocs = new RelocsPage(page);
  expect(await relocs.verdictKernels()).toEqual(['5.10', '6.1', '6.18']);
  // The last relocation poisoned on 6.18 (far down the table); open it on that kernel.
  const cli = cliRelocs('task_state-el.bpf.o');
  const last = [...cli.relocations].reverse().find((v) => v.results[1]?.result === 'poisoned')!;
  expect(last.ordinal).toBeGreaterThan(20);
  const ms = await relocs.openCellTimed(last.ordinal, '6.18');
  expect(ms).toBeLessThan(300);
  await expect(relocs.detail).toBeInViewport();
  await expect(relocs.detail).toBeFocused();
  await expect(relocs.detail).toHaveAttribute('data-target-label', '6.18');
  await expect(relocs.detail.getByRole('tab', { selected: true })).toHaveText('6.18');
  await expect(page).toHaveURL(new RegExp(`r=${last.ordinal}&rk=sample:6\\.18`));
  await waitForAppState(page, 'idle');

  // The same link, opened afresh, lands on that relocation and kernel, scrolled to it.
  await page.reload();
  await waitForAppState(page, 'idle');
  await expect(relocs.detail).toBeInViewport();
  await expect(relocs.detail).toHaveAttribute('data-target-label', '6.18');
  await expect(relocs.detail).toHaveAttribute('data-ordinal', String(last.ordinal));
});

test('the detail links to the diff between a working and the failing kernel, and to both type pages', async ({ page }) => {
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.12');
  await waitForAppState(page, 'idle');
  const relocs = new RelocsPage(page);
  // task_struct___old->state: 16 on 5.10, poisoned on 6.12 (state became __state).
  const old = cliRelocs('task_state-el.bpf.o').relocations.find((v) => v.access === 'task_struct___old->state')!;
  await relocs.cell(old.ordinal, '6.12').click();
  await waitForAppState(page, 'idle');
  await expect(relocs.detail.getByTestId('cause-type')).toHaveText(['struct task_struct in 5.10', 'struct task_struct in 6.12']);
  await relocs.detail.getByTestId('cause-diff').click();
  await waitForAppState(page, 'idle');
  await expect(page).toHaveURL(/#\/diff\?v=1&a=sample:5\.10&b=sample:6\.12.*t=struct:task_struct/);
  await expect(page.locator('[data-testid=aligned-row][data-change=renamed][data-before=state][data-after=__state]')).toBeVisible();
});

test('"all kernels" selects every loaded kernel, and a newly added object is the one shown', async ({ page }) => {
  await page.goto('./#/diff?v=1&a=sample:6.12&b=sample:6.1');
  await waitForAppState(page, 'idle');
  await page.goto('./#/relocs?v=1&obj=sample:task_state&k=sample:6.18&k=sample:5.10');
  await waitForAppState(page, 'idle');
  const relocs = new RelocsPage(page);
  expect(await relocs.verdictKernels()).toEqual(['5.10', '6.18']);
  await relocs.selectAllKernels();
  expect(await relocs.verdictKernels()).toEqual(['5.10', '6.1', '6.12', '6.18']);
  await expect(page).toHaveURL(/k=sample:5\.10&k=sample:6\.1&k=sample:6\.12&k=sample:6\.18/);

  await dropFiles(page, [objectFile('netdev')]);
  await waitForAppState(page, 'idle');
  await expect(page.getByTestId('relo-summary')).toContainText('netdev:');
  await expect(page).toHaveURL(/obj=sha256:[0-9a-f]{16}~netdev-el\.bpf\.o/);
});

test('"libbpf log" opens inside the detail without widening the table past the screen', async ({ page }) => {
  // net_device->priv_flags on 6.18: libbpf's lines for it run to ~190 characters.
  await page.goto('./#/relocs?v=1&obj=sample:netdev&k=sample:5.10&k=sample:6.18&r=34&rk=sample:6.18');
  await waitForAppState(page, 'idle');
  const relocs = new RelocsPage(page);
  await expect(relocs.detail).toHaveAttribute('data-target-label', '6.18');
  const tableRight = () => page.getByTestId('relo-table').evaluate((t) => t.getBoundingClientRect().right);
  const before = await tableRight();
  await relocs.detail.locator('summary', { hasText: 'libbpf log' }).click();
  await expect(relocs.detail.locator('pre.log')).toContainText('priv_flags');
  // (It may only narrow, when a vertical scrollbar appears.)
  expect(await tableRight()).toBeLessThanOrEqual(before);
  expect(await tableRight()).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
