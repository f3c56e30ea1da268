/**
 * `btfscope diff` of two whole kernels as a user runs it (the bundle, through
 * bin/btfscope.mjs, output to a file) prints exactly what the CLI's ordinary in-process path
 * prints: the bundle takes the fast paths (the --json byte writer, stdout as bytes), runCli
 * the plain ones (JSON.stringify, stdout as a string).
 * Damaged kernels give the same diagnostics and exit code either way.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/test-run';
import { readFixture } from '../src/test-utils/fixtures';

const ROOT = join(import.meta.dirname, '..');

describe('btfscope diff, bundle vs in-process', () => {
  let dir: string;
  let bin: string;
  const files: Record<string, Uint8Array> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'btfscope-diff-cli-'));
    // A private bundle and launcher: other tests build dist/cli.cjs at the same time.
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'btfscope.mjs'), join(dir, 'bin', 'btfscope.mjs'));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet', '--out', join(dir, 'dist', 'cli.cjs')], { cwd: ROOT });
    bin = join(dir, 'bin', 'btfscope.mjs');
    files['a.btf'] = readFixture('kernels/vmlinux-5.10.btf');
    files['b.btf'] = readFixture('kernels/vmlinux-6.18.btf');
    files['bad.btf'] = damaged(files['b.btf']);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = (args: string[]) => {
    const out = join(dir, 'out');
    const r = spawnSync('sh', ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', out, process.execPath, bin, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, BTFSCOPE_NO_CODE_CACHE: '1' },
    });
    return { code: r.status, stdout: readFileSync(out), stderr: r.stderr };
  };
  const inProcess = async (args: string[]) => {
    const r = await runCli(args, files, { disk: false });
    return { code: r.code, stdout: Buffer.from(r.stdout), stderr: r.stderr };
  };

  it.each([
    ['text', ['diff', 'a.btf', 'b.btf']],
    ['--json', ['diff', '--json', 'a.btf', 'b.btf']],
    ['invalid after', ['diff', 'a.btf', 'bad.btf']],
    ['invalid before, --json', ['diff', '--json', 'bad.btf', 'a.btf']],
  ])('%s: the same bytes, diagnostics and exit code', async (_, args) => {
    const fast = bundle(args);
    const plain = await inProcess(args);
    expect(fast.code).toBe(plain.code);
    expect(fast.stderr).toBe(plain.stderr);
    expect(fast.stdout.length).toBe(plain.stdout.length);
    expect(fast.stdout.equals(plain.stdout)).toBe(true);
    if (args.includes('bad.btf')) {
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain('[bad-type-id]');
    } else expect(plain.stdout.length).toBeGreaterThan(1 << 20);
  }, 120_000);
});

/** The kernel with one struct member's type id out of range (a validation error only). */
function damaged(bytes: Uint8Array): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  const hdr = dv.getUint32(4, true);
  let p = hdr + dv.getUint32(8, true);
  const end = p + dv.getUint32(12, true);
  const extra: Record<number, (vlen: number) => number> = { 1: () => 4, 3: () => 12, 4: (v) => v * 12, 5: (v) => v * 12, 6: (v) => v * 8, 13: (v) => v * 8, 14: () => 4, 15: (v) => v * 12, 17: () => 4, 19: (v) => v * 12 };
  let structs = 0;
  while (p < end) {
    const info = dv.getUint32(p + 4, true);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    if (kind === 4 && vlen > 2 && ++structs === 500) {
      dv.setUint32(p + 16, 0xfffff0, true);
      return b;
    }
    p += 12 + (extra[kind]?.(vlen) ?? 0);
  }
  throw new Error('no struct to damage');
}
