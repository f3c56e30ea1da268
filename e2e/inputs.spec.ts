import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseElf } from '../src/core/elf/elf-file';
import { readFixture } from '../src/test-utils/fixtures';
import { buildElf } from '../src/test-utils/elf-patch';
import { kernelBytes, pickFiles } from './app-helpers';
import { LOAD_TIMEOUT_MS, expect, test, waitForAppState } from './helpers';

test('a corrupt file shows the error panel while the app keeps working', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  const bad = Buffer.from(kernelBytes('5.10').subarray(0, 4096));
  bad.writeUInt32LE(0x7fffffff, 16); // str_off far past the end
  await pickFiles(page, [
    { name: 'broken.btf', mimeType: 'application/octet-stream', buffer: bad },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
  ]);
  await waitForAppState(page, 'error');
  const panel = page.getByRole('alert', { name: 'Errors' });
  await expect(panel.getByTestId('error-file')).toHaveCount(2);
  await expect(panel).toContainText('broken.btf');
  await expect(panel).toContainText('unsupported-format');
  // Named by its magic, not "unknown format" (issue #16).
  await expect(panel).toContainText('this is a PNG image, not BTF');
  // One summary line per file; expanded, the diagnostics and the facts for a report.
  await expect(panel.getByRole('table')).toHaveCount(0);
  await panel.getByTestId('error-toggle').first().click();
  await expect(panel.getByRole('table')).toHaveCount(1);
  await expect(panel).toContainText('sha256');

  // Another file still loads and shows.
  await page.goto('./#/types?v=1&f=sample:6.1');
  await waitForAppState(page, 'error');
  await expect(page.getByTestId('type-table')).toBeVisible();
  const dismiss = panel.getByRole('button', { name: 'Dismiss' });
  await dismiss.first().click();
  await expect(dismiss).toHaveCount(1);
  await dismiss.first().click();
  await waitForAppState(page, 'idle');
});

test('a BTFHub-style .btf.tar.xz and a gzipped BTF load', async ({ page }, testInfo) => {
  const dir = testInfo.outputPath('btfhub');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/5.10.0-32-amd64.btf`, kernelBytes('5.10'));
  execFileSync('tar', ['-cJf', `${dir}/5.10.0-32-amd64.btf.tar.xz`, '-C', dir, '5.10.0-32-amd64.btf']);
  const tarXz = readFileSync(`${dir}/5.10.0-32-amd64.btf.tar.xz`);
  const gz = gzipSync(kernelBytes('6.1'), { level: 1 });

  await page.goto('./');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [
    { name: '5.10.0-32-amd64.btf.tar.xz', mimeType: 'application/x-xz', buffer: tarXz },
    { name: 'vmlinux.gz', mimeType: 'application/gzip', buffer: gz },
  ]);
  await waitForAppState(page, 'idle');
  const tarBadge = page.locator('.file-badge[data-file-label="5.10.0-32-amd64"]');
  await expect(tarBadge).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await expect(tarBadge).toHaveAttribute('title', /unpacked: xz → tar:5\.10\.0-32-amd64\.btf/);
  const gzBadge = page.locator('.file-badge[title^="vmlinux.gz"]');
  await expect(gzBadge).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await expect(gzBadge).toHaveAttribute('title', /unpacked: gzip/);
});

test('a kernel module waits for its vmlinux, then loads as split BTF on it', async ({ page }) => {
  await page.goto('./#/types?v=1&f=sample:ext4-6.1');
  await waitForAppState(page, 'idle');
  const mod = page.locator('.file-badge[data-file-label="ext4-6.1"]');
  await expect(mod).toHaveAttribute('data-status', 'needs-base', { timeout: LOAD_TIMEOUT_MS });
  await expect(mod).toContainText('drop its vmlinux');
  await expect(mod).not.toContainText('built for');
  // A kernel it does not fit, then the right one: the module is matched by itself.
  await page.goto('./#/types?v=1&f=sample:5.10');
  await waitForAppState(page, 'idle');
  await expect(mod).toHaveAttribute('data-status', 'needs-base', { timeout: LOAD_TIMEOUT_MS });
  await page.goto('./#/types?v=1&f=sample:6.1');
  await waitForAppState(page, 'idle');
  await expect(mod).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await expect(mod.getByTestId('type-count')).toContainText('on 6.1');
  await page.goto('./#/types?v=1&f=sample:ext4-6.1&q=ext4_inode_info');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.tt-row').first()).toContainText('ext4_inode_info');
});

test('cancelling a running load restarts the worker; the other files keep working', async ({ page }, testInfo) => {
  // 300 MB of zeros, xz-compressed to 45 KB: seconds of unpacking to cancel in the middle of.
  const slow = testInfo.outputPath('slow.xz');
  execFileSync('sh', ['-c', `head -c 300M /dev/zero | xz -1 -T1 > '${slow}'`]);
  await page.goto('./#/types?v=1&f=sample:5.10');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [slow]);
  const loading = page.locator('.file-badge[data-status=loading]');
  await expect(loading).toHaveCount(1);
  await loading.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.locator('.file-badge')).toHaveCount(1);
  await expect(page.locator('.file-badge[data-file-label="5.10"]')).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await waitForAppState(page, 'idle');
  // The restarted worker got 5.10 again: a new query on it is answered.
  await page.getByTestId('type-filter').fill('sk_buff');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.tt-row').filter({ has: page.getByRole('button', { name: 'sk_buff', exact: true }) })).toBeVisible();
});

test('kernel images load: an x86 vmlinuz (xz with the x86 BCJ filter) and an arm64 Image', async ({ page }) => {
  // As Linux packs a bzImage (scripts/xz_wrap.sh): xz with the x86 BCJ filter, then the
  // 4-byte decompressed size; the setup header says where the payload lies.
  const btf = kernelBytes('6.1');
  const xz = execFileSync('xz', ['--format=xz', '--check=crc32', '--x86', '--lzma2=preset=1', '-T1', '-c'], { input: btf, maxBuffer: 1 << 28 });
  const size = Buffer.alloc(4);
  size.writeUInt32LE(btf.length);
  const setup = Buffer.alloc(5 * 512);
  setup[0x1f1] = 4;
  setup.set([0x48, 0x64, 0x72, 0x53, 0x0f, 0x02], 0x202); // "HdrS", boot protocol 2.15
  setup.writeUInt32LE(256, 0x248); // payload_offset, after 256 bytes of decompressor code
  setup.writeUInt32LE(xz.length + 4, 0x24c); // payload_length
  const vmlinuz = Buffer.concat([setup, Buffer.alloc(256, 0x90), xz, size, Buffer.alloc(4096, 0xcc)]);
  // An arm64 vmlinuz is a raw Image: no sections, the BTF blob somewhere inside.
  const image = Buffer.concat([Buffer.alloc(64 << 10, 0x1f), kernelBytes('5.10'), Buffer.alloc(8192, 0xd5)]);

  await page.goto('./');
  await waitForAppState(page, 'idle');
  await pickFiles(page, [
    { name: 'vmlinuz-6.1.0-50-amd64', mimeType: 'application/octet-stream', buffer: vmlinuz },
    { name: 'vmlinuz-5.10.0-32-arm64', mimeType: 'application/octet-stream', buffer: image },
  ]);
  await waitForAppState(page, 'idle');
  const x86 = page.locator('.file-badge[title^="vmlinuz-6.1.0-50-amd64"]');
  await expect(x86).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await expect(x86).toHaveAttribute('title', /unpacked: vmlinuz@2816 → xz/);
  const arm = page.locator('.file-badge[title^="vmlinuz-5.10.0-32-arm64"]');
  await expect(arm).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
  await expect(arm).toHaveAttribute('title', /unpacked: btf@65536/);
  await page.goto('./#/types?v=1&q=task_struct');
  await waitForAppState(page, 'idle');
  await expect(page.locator('.tt-row').first()).toContainText('task_struct');
});

test('three bad files collapse into one summary line each, expandable', async ({ page }) => {
  await page.goto('./#/types?v=1&f=sample:6.1');
  await waitForAppState(page, 'idle');
  const top = await page.getByTestId('type-table').evaluate((t) => t.getBoundingClientRect().top);
  const bad = Buffer.from(kernelBytes('5.10').subarray(0, 4096));
  bad.writeUInt32LE(0x7fffffff, 16);
  await pickFiles(page, [
    { name: 'broken.btf', mimeType: 'application/octet-stream', buffer: bad },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    { name: 'empty.o', mimeType: 'application/octet-stream', buffer: Buffer.alloc(20) },
  ]);
  await waitForAppState(page, 'error');
  const panel = page.getByRole('alert', { name: 'Errors' });
  const files = panel.getByTestId('error-file');
  await expect(files).toHaveCount(3);
  for (const f of await files.all()) {
    // One line each: the file, its first error code, Dismiss.
    expect((await f.boundingBox())!.height).toBeLessThan(48);
    await expect(f.getByTestId('error-toggle')).toHaveAttribute('aria-expanded', 'false');
  }
  const pushed = (await page.getByTestId('type-table').evaluate((t) => t.getBoundingClientRect().top)) - top;
  expect(pushed).toBeLessThan(160);
  await files.nth(1).getByTestId('error-toggle').click();
  await expect(files.nth(1).getByTestId('error-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(files.nth(1).getByRole('table')).toBeVisible();
  await expect(files.nth(1)).toContainText('sha256');
});

test('a lone module names the kernel release in its .modinfo vermagic', async ({ page }) => {
  await page.goto('./');
  await waitForAppState(page, 'idle');
  const elf = parseElf(readFixture('modules/tcp_bbr-6.1.ko')).value!;
  const modinfo = new TextEncoder().encode('license=GPL\0vermagic=6.1.0-13-amd64 SMP preempt mod_unload modversions \0');
  const ko = buildElf([{ name: '.modinfo', data: modinfo }, { name: '.BTF', data: elf.contents(elf.sectionByName('.BTF')!) }]);
  await pickFiles(page, [{ name: 'tcp_bbr.ko', mimeType: 'application/octet-stream', buffer: Buffer.from(ko) }]);
  const mod = page.locator('.file-badge[data-file-label="tcp_bbr.ko"]');
  await expect(mod).toHaveAttribute('data-status', 'needs-base', { timeout: LOAD_TIMEOUT_MS });
  await expect(mod.getByTestId('needs-base')).toHaveText('split BTF: drop its vmlinux (built for 6.1.0-13-amd64)');
});
