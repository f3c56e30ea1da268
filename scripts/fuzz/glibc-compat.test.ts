/** The Jazzer.js addon loads here: as shipped, or through the glibc shim where it needs one. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzerEnv, stockAddonPath } from './glibc-compat.mjs';

const dir = mkdtempSync(join(tmpdir(), 'btfscope-glibc-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('glibc-compat', () => {
  it('gives an environment in which the fuzzer addon loads and answers', () => {
    const env = fuzzerEnv(dir);
    const r = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(stockAddonPath())}); console.log(typeof a.startFuzzing)`], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function');
  });
});
