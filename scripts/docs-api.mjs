#!/usr/bin/env node
// `npm run docs:api [-- --out DIR]`: the npm package's API reference (TypeDoc over
// src/core/api.ts, options in typedoc.json) as static HTML. Default DIR: dist/app/api, inside
// the built site (run it after `npm run build`, which empties dist/app), so a hosted copy serves
// it at <site>/api/. An undocumented export fails the run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--out');
if (at >= 0 && !args[at + 1]) {
  console.error('usage: npm run docs:api [-- --out DIR]');
  process.exit(2);
}
const out = path.resolve(at >= 0 ? args[at + 1] : path.join(root, 'dist/app/api'));
const typedoc = path.join(root, 'node_modules/typedoc/bin/typedoc');
const r = spawnSync(process.execPath, [typedoc, '--options', path.join(root, 'typedoc.json'), '--out', out, '--logLevel', 'Warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`docs:api: wrote ${path.relative(process.cwd(), out) || '.'}`);
