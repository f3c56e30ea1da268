#!/usr/bin/env node
// `npm test`: typecheck → lint → unit tests (Vitest) → the npm package (packed, installed and
// used: scripts/package.test.ts) → fuzz smoke (20 s per target, two at a
// time: scripts/fuzz.mjs --smoke) → e2e (Playwright), stopping at the first failure and ending
// with one summary line. `npm test -- --no-e2e` skips the browser step, `--no-fuzz` the fuzzing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const skipE2e = process.argv.includes('--no-e2e');
const skipFuzz = process.argv.includes('--no-fuzz');
const steps = [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['unit', 'test:unit'],
  ['package', 'test:package'],
  ...(skipFuzz ? [] : [['fuzz', 'test:fuzz']]),
  ...(skipE2e ? [] : [['e2e', 'test:e2e']]),
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const passed = [];

for (const [name, script] of steps) {
  console.log(`\n▶ ${name} (npm run ${script})`);
  const stepStarted = performance.now();
  const { status, signal } = spawnSync(npm, ['run', '--silent', script], {
    cwd: root,
    stdio: 'inherit',
  });
  if (status !== 0) {
    const why = signal ? `killed by ${signal}` : `exit ${status}`;
    console.error(
      `\nnpm test: FAILED at ${name} (${why}) after ${seconds(started)}; passed: ${passed.join(', ') || 'none'}`,
    );
    process.exit(status || 1);
  }
  passed.push(`${name} ${seconds(stepStarted)}`);
}
const skipped = [skipFuzz && 'fuzz', skipE2e && 'e2e'].filter(Boolean).map((s) => ` (${s} skipped)`).join('');
console.log(
  `\nnpm test: all ${steps.length} steps passed in ${seconds(started)}${skipped}: ${passed.join(', ')}`,
);
