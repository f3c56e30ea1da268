/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildSamples } from './scripts/build-samples.mjs';
import { SECURITY_HEADERS, cspMeta } from './scripts/csp.mjs';

/** Regenerates public/samples (the bundled demo) from fixtures/ before every build and dev server. */
function samples(): Plugin {
  return {
    name: 'btfscope-samples',
    apply: () => !process.env.VITEST,
    buildStart() {
      buildSamples({ quiet: true });
    },
  };
}

/**
 * Writes the Content-Security-Policy into the built index.html as a meta tag (scripts/csp.mjs), for
 * static hosts that send no headers. Build only: the dev server's React-refresh preamble is an
 * inline script.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'btfscope-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMeta() }, injectTo: 'head-prepend' }],
  };
}

// One file for the app build and the Vitest projects.
// - The web app builds into dist/app (dist/cli.cjs is the CLI bundle from scripts/build-cli.mjs);
//   `vite preview` serves build.outDir, so preview and `npm start` serve dist/app too.
// - base './' keeps the build relocatable to any static host path (state lives in the #fragment).
export default defineConfig({
  base: './',
  plugins: [react(), samples(), cspMetaTag()],
  // `vite preview` serves `npm start` and the e2e server: the full policy as headers (frame-ancestors
  // works only there).
  preview: { headers: SECURITY_HEADERS },
  resolve: {
    alias: {
      // monaco-editor's package exports map every path to a .js file; its codicon font CSS
      // (icons of the find widget, folding, hovers) needs a direct path.
      'monaco-codicons': fileURLToPath(
        new URL('./node_modules/monaco-editor/esm/vs/base/browser/ui/codicons/codicon', import.meta.url),
      ),
    },
  },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: true,
    // monaco-editor alone is several MB; don't warn about what we know.
    chunkSizeWarningLimit: 4096,
  },
  worker: {
    format: 'es',
  },
  test: {
    // Some tests parse whole kernels (~120k types).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    pool: 'forks',
    maxWorkers: 2,
    // `npx vitest --project core` runs one layer.
    projects: [
      ...(['core', 'worker', 'cli'] as const).map((layer) => ({
        extends: true as const,
        test: {
          name: layer,
          environment: 'node',
          include: [`src/${layer}/**/*.test.ts`],
        },
      })),
      {
        extends: true,
        test: { name: 'scripts', environment: 'node', include: ['scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['src/ui/**/*.test.{ts,tsx}'],
          setupFiles: ['src/ui/test-setup.ts'],
        },
      },
    ],
  },
});
