#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled into dist/cli.mjs by scripts/build-cli.mjs (npm `prepare`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('btfscope: the CLI is not built; run `npm run prepare` (or `npm install`) first.');
  process.exitCode = 1;
} else {
  const { main } = await import(bundle.href);
  process.exitCode = await main(process.argv.slice(2));
}
