#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts) into dist/cli.cjs with esbuild. Runs as npm `prepare`, so
// `npx btfscope …` works right after `npm install`. Dependencies are bundled too: several are
// CommonJS (xz-decompress), whose named exports Node's ESM loader cannot see, while esbuild's
// bundler interops them. Vitest never needs this bundle; it runs the TypeScript sources.
//
// CommonJS, one file: bin/btfscope.mjs compiles it as a classic script so that V8's code cache
// can skip compiling it again on later runs (Node 20 has no code cache for ES modules).
// Modules that main.ts imports dynamically (the commands, the decompressors) stay behind
// esbuild's lazy initializers, so a run evaluates only its command's modules.
//
//   node scripts/build-cli.mjs [--quiet] [--outfile PATH]   (tests build a private copy)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'src/cli/main.ts');
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist/cli.cjs');
const quiet = process.argv.includes('--quiet');

if (!existsSync(entry)) {
  console.log('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle.');
  process.exit(0);
}

const esbuild = await import('esbuild');
try {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  // The launcher runs the bundle as a vm.Script, which has no import(): every module must be
  // bundled (node: built-ins are require()d).
  const dynamic = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import' && i.external));
  if (dynamic.length) {
    console.error(`build-cli: dynamic import() of unbundled modules cannot run in the launcher: ${dynamic.map((i) => i.path).join(', ')}`);
    process.exit(1);
  }
} catch {
  // esbuild has already printed the errors.
  console.error('build-cli: failed to bundle src/cli/main.ts');
  process.exit(1);
}
if (!quiet) console.log(`build-cli: wrote ${path.relative(root, outfile)}`);
