#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled into dist/cli.mjs by scripts/build-cli.mjs (npm `prepare`).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A CLI run is one cold pass: TurboFan's inlining costs more compile time (on the same few
// cores) than it wins back. A smaller inlining budget cut a vmlinux.h dump's total CPU by
// ~15% (read at each optimization, so setting it before the bundle loads is enough).
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('btfscope: the CLI is not built; run `npm run prepare` (or `npm install`) first.');
  process.exitCode = 1;
} else {
  const { main } = await import(bundle.href);
  process.exitCode = await main(process.argv.slice(2));
}
