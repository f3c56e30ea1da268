#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts) into dist/cli.mjs with esbuild. Runs as npm `prepare`, so
// `npx btfscope …` works right after `npm install`. Dependencies are bundled too: several are
// CommonJS (xz-decompress), whose named exports Node's ESM loader cannot see, while esbuild's
// bundler interops them. Vitest never needs this bundle; it runs the TypeScript sources.
//
// The bundle is split at main.ts's dynamic imports (one per command, one for the
// decompressors) into dist/cli-chunks/, so a process compiles only what its command runs.
// Chunks of earlier builds are removed an hour later (names carry a content hash; a CLI
// started just before a rebuild may still be importing them).
//
//   node scripts/build-cli.mjs [--quiet]
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'src/cli/main.ts');
const outdir = path.join(root, 'dist');
const outfile = path.join(outdir, 'cli.mjs');
const chunkDir = path.join(outdir, 'cli-chunks');
const quiet = process.argv.includes('--quiet');

if (!existsSync(entry)) {
  console.log('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle.');
  process.exit(0);
}

const esbuild = await import('esbuild');
try {
  const result = await esbuild.build({
    entryPoints: { cli: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    metafile: true,
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
  const keep = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  const stale = Date.now() - 3600_000;
  for (const f of existsSync(chunkDir) ? readdirSync(chunkDir) : []) {
    const p = path.join(chunkDir, f);
    if (!keep.has(p) && statSync(p, { throwIfNoEntry: false })?.mtimeMs < stale) rmSync(p, { force: true });
  }
} catch {
  // esbuild has already printed the errors.
  console.error('build-cli: failed to bundle src/cli/main.ts');
  process.exit(1);
}
if (!quiet) console.log(`build-cli: wrote ${path.relative(root, outfile)}`);
