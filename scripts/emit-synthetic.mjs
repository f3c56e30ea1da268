#!/usr/bin/env node
// Writes the synthetic every-kind BTF blobs (fixtures/synthetic/every-kind-{el,eb}.btf) from
// src/test-utils/synthetic.ts, so record-golden.sh can have bpftool dump them.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules/.cache/btfscope-synthetic.mjs');
await build({ entryPoints: [join(root, 'src/test-utils/synthetic.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'warning' });
const { everyKind } = await import(out);
const dir = join(root, 'fixtures/synthetic');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'every-kind-el.btf'), everyKind().build({ littleEndian: true }));
writeFileSync(join(dir, 'every-kind-eb.btf'), everyKind().build({ littleEndian: false }));
console.log('wrote fixtures/synthetic/every-kind-{el,eb}.btf');
