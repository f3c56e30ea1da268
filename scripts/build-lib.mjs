#!/usr/bin/env node
// Builds the npm package's library (`npm run build:lib`, run by `prepack`) into dist-lib/:
//   index.js      src/core/api.ts and the core modules it reaches, one ES module (esbuild);
//                 the runtime dependencies stay imports (package.json `dependencies`)
//   types/*.d.ts  declarations (tsc -p tsconfig.lib.json), entry types/api.d.ts
// One platform-neutral file: Node, browsers and Web Workers load the same code (core uses no
// Node built-ins; scripts/package.test.ts checks a browser bundle of it). Declarations keep the
// sources' extensionless imports, which Node16/NodeNext resolution does not follow in an ES
// package: they are rewritten to name the .js file (`./btf/btf.js`, `./share/index.js`).
//
//   node scripts/build-lib.mjs [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist-lib');
const quiet = process.argv.includes('--quiet');

rmSync(out, { recursive: true, force: true });

const esbuild = await import('esbuild');
try {
  await esbuild.build({
    entryPoints: [path.join(root, 'src/core/api.ts')],
    outfile: path.join(out, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    packages: 'external',
    logLevel: quiet ? 'error' : 'warning',
  });
} catch {
  console.error('build-lib: esbuild failed on src/core/api.ts');
  process.exit(1);
}

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('build-lib: tsc failed to emit the declarations');
  process.exit(1);
}

const typesDir = path.join(out, 'types');
let files = 0;
for (const file of walk(typesDir)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (m, pre, q, spec) => {
    const target = withJs(path.dirname(file), spec);
    if (!target) throw new Error(`build-lib: ${path.relative(root, file)}: cannot resolve '${spec}'`);
    return `${pre}${q}${target}${q}`;
  });
  if (fixed !== text) writeFileSync(file, fixed);
  files++;
}
if (!quiet) console.log(`build-lib: wrote dist-lib/index.js and ${files} declaration files`);

/** `./x` → `./x.js` or `./x/index.js`, whichever declaration exists; undefined if neither. */
function withJs(dir, spec) {
  if (/\.js$/.test(spec)) return spec;
  if (existsSync(path.join(dir, `${spec}.d.ts`))) return `${spec}.js`;
  if (existsSync(path.join(dir, spec, 'index.d.ts'))) return `${spec}/index.js`;
  return undefined;
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
