/**
 * bin/btfscope.mjs as a user runs it: the CLI bundle with V8's code cache. The cache must
 * never change what the CLI prints, and a missing, damaged or unwritable cache only means
 * running without one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'btfscope.mjs');
const KERNEL = join(ROOT, 'fixtures', 'kernels', 'vmlinux-5.10.btf.xz');

describe('bin/btfscope.mjs code cache', () => {
  let home: string;
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: ROOT });
    home = mkdtempSync(join(tmpdir(), 'btfscope-cache-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const run = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [BIN, 'dump', KERNEL, '--format', 'c', '--type', 'task_struct'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

  it('prints the same with no cache, a fresh cache, a used cache and a damaged one', () => {
    const plain = run({ BTFSCOPE_NO_CODE_CACHE: '1', XDG_CACHE_HOME: join(home, 'unused') });
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('struct task_struct {');
    expect(cacheFiles(join(home, 'unused', 'btfscope'))).toEqual([]);

    const xdg = join(home, 'xdg');
    const first = run({ XDG_CACHE_HOME: xdg });
    const [file] = cacheFiles(join(xdg, 'btfscope'));
    expect(file).toBeDefined();
    const second = run({ XDG_CACHE_HOME: xdg });
    for (const r of [first, second]) expect(r).toEqual(plain);

    // Flip bytes in the cached code: the seal catches it and the run rebuilds the cache.
    const path = join(xdg, 'btfscope', file!);
    const bytes = readFileSync(path);
    for (let i = 40; i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(path, bytes);
    expect(run({ XDG_CACHE_HOME: xdg })).toEqual(plain);
    writeFileSync(path, bytes.subarray(0, 10));
    expect(run({ XDG_CACHE_HOME: xdg })).toEqual(plain);
  });

  it('runs without a cache where it cannot write one', () => {
    // A read-only directory (root writes there anyway, so the next case is the one that bites).
    const ro = join(home, 'ro');
    execFileSync('mkdir', ['-p', ro]);
    chmodSync(ro, 0o555);
    try {
      const r = run({ XDG_CACHE_HOME: ro });
      expect(r.code).toBe(0);
      expect(r.out).toContain('struct task_struct {');
    } finally {
      chmodSync(ro, 0o755);
    }
    // A cache "directory" that is a file.
    const notDir = join(home, 'file');
    writeFileSync(notDir, 'x');
    expect(run({ XDG_CACHE_HOME: notDir }).code).toBe(0);
  });
});

describe('bin/btfscope.mjs exit codes', () => {
  // A copy of the launcher beside a stand-in bundle: what it does when the bundle itself fails.
  const withBundle = (bundle: string | undefined, env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'btfscope-launcher-'));
    try {
      execFileSync('mkdir', ['-p', join(dir, 'bin'), join(dir, 'dist')]);
      writeFileSync(join(dir, 'bin', 'btfscope.mjs'), readFileSync(BIN));
      if (bundle !== undefined) writeFileSync(join(dir, 'dist', 'cli.cjs'), bundle);
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'btfscope.mjs'), 'info', 'x'], {
        env: { ...process.env, BTFSCOPE_NO_CODE_CACHE: '1', ...env },
        encoding: 'utf8',
      });
      return { code: r.status, err: r.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('a bundle that throws: one line, exit 3; the stack only with BTFSCOPE_DEBUG=1', () => {
    const bundle = "exports.main = async () => { throw new Error('boom'); };";
    const r = withBundle(bundle);
    expect(r.code).toBe(3);
    expect(r.err).toBe('btfscope: internal error: boom (set BTFSCOPE_DEBUG=1 for the stack)\n');
    const d = withBundle(bundle, { BTFSCOPE_DEBUG: '1' });
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/^btfscope: internal error: boom\nError: boom\n\s+at /);
  });

  it('no bundle: says how to build it, exit 3', () => {
    const r = withBundle(undefined);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/the CLI is not built/);
  });
});
