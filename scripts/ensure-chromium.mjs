#!/usr/bin/env node
// Makes sure the Chromium that playwright.config.ts launches exists. We use Debian's package
// (apt-get install chromium) instead of letting Playwright download browsers.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt || process.env.CHROMIUM_PATH) {
  console.error(
    `ensure-chromium: no Chromium at ${chromium}; install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}

console.log('ensure-chromium: /usr/bin/chromium is missing; installing Debian package "chromium"…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update'],
  ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'],
]) {
  const { status } = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (status !== 0) {
    console.error(`ensure-chromium: apt-get ${args.join(' ')} failed (exit ${status})`);
    process.exit(1);
  }
}
if (!existsSync(chromium)) {
  console.error(`ensure-chromium: installed "chromium" but ${chromium} still does not exist`);
  process.exit(1);
}
