#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts) into dist/cli.mjs with esbuild. Runs as npm `prepare`, so
// `npx btfscope …` works right after `npm install`. Dependencies are bundled too: several are
// CommonJS (xz-decompress), whose named exports Node's ESM loader cannot see, while esbuild's
// bundler interops them. Vitest never needs this bundle; it runs the TypeScript sources.
//
//   node scripts/build-cli.mjs [--quiet]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'src/cli/main.ts');
const outfile = path.join(root, 'dist/cli.mjs');
const quiet = process.argv.includes('--quiet');

if (!existsSync(entry)) {
  console.log('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle.');
  process.exit(0);
}

const esbuild = await import('esbuild');
try {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    // Bundled CommonJS code may call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __btfscopeCreateRequire } from 'node:module';\nconst require = __btfscopeCreateRequire(import.meta.url);",
    },
  });
} catch {
  // esbuild has already printed the errors.
  console.error('build-cli: failed to bundle src/cli/main.ts');
  process.exit(1);
}
if (!quiet) console.log(`build-cli: wrote ${path.relative(root, outfile)}`);
