/**
 * e2e helpers for the app: fixture bytes (via the shared test loader, which decompresses the
 * committed .xz fixtures once), adding files through the file input or a synthetic drop, and
 * waiting for the app to settle (data-state, never time).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURES, type KernelVersion, kernelBytes } from '../src/test-utils/fixtures';
import { LOAD_TIMEOUT_MS, expect, waitForAppState } from './helpers';

export { FIXTURES, kernelBytes };

const ROOT = join(FIXTURES, '..');
let cliBuilt = false;

/** Runs the real `btfscope` CLI (rebuilt from source once per worker) and returns its stdout. */
export function runCli(args: string[]): string {
  if (!cliBuilt) {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--quiet'], { cwd: ROOT });
    cliBuilt = true;
  }
  return execFileSync(process.execPath, [join(ROOT, 'bin/btfscope.mjs'), ...args], { cwd: ROOT, maxBuffer: 64 << 20, encoding: 'utf8' });
}

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function kernelFile(v: KernelVersion): FilePayload {
  return { name: `vmlinux-${v}.btf`, mimeType: 'application/octet-stream', buffer: Buffer.from(kernelBytes(v)) };
}

export function objectFile(name: string): FilePayload {
  const file = `${name}-el.bpf.o`;
  return { name: file, mimeType: 'application/octet-stream', buffer: readFileSync(join(FIXTURES, 'objects', file)) };
}

/**
 * A path to the uncompressed kernel fixture. Handing Playwright a path (not a buffer) lets it
 * attach the file directly; a buffer is rebuilt by script inside the page, a long task that is
 * not the app's.
 */
export function kernelPath(v: KernelVersion): string {
  const plain = join(FIXTURES, `kernels/vmlinux-${v}.btf`);
  if (existsSync(plain)) return plain;
  const dir = join(ROOT, 'node_modules/.cache/btfscope-e2e');
  const out = join(dir, `vmlinux-${v}.btf`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(out, kernelBytes(v));
  }
  return out;
}

/** Adds files through the (hidden) file input, as the "Open files…" button does. */
export async function pickFiles(page: Page, files: FilePayload[] | string[]): Promise<void> {
  await page.locator('[data-testid=file-input]').first().setInputFiles(files);
}

/** Drops files on the page with a synthetic drag-and-drop (for small files). */
export async function dropFiles(page: Page, files: FilePayload[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: f.buffer.toString('base64') }));
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, payload);
}

/** Opens a fragment and waits until the app is idle (files loaded, queries answered). */
export async function openView(page: Page, fragment: string): Promise<void> {
  await page.goto(`./${fragment}`);
  await waitForAppState(page, 'idle');
}

/** The badge of a loaded file, by its label. */
export function badge(page: Page, label: string) {
  return page.locator(`.file-badge[data-file-label="${label}"]`);
}

export async function expectReady(page: Page, label: string): Promise<void> {
  await expect(badge(page, label)).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
}
