/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { buildSamples } from './scripts/build-samples.mjs';
import { SECURITY_HEADERS, cspMeta } from './scripts/csp.mjs';
import pkg from './package.json' with { type: 'json' };

/** Shown on the start page; BTFSCOPE_VERSION overrides it (a Pages build adds the commit, e2e fakes a new release). */
const VERSION = process.env.BTFSCOPE_VERSION || pkg.version;

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

/**
 * Offline and installable (issue #14): a manifest and a Workbox service worker that precaches the
 * app shell: HTML, JS (workers and Monaco included; the wasm is inline in them), CSS, the codicon
 * font and the demo's index.json. The demo files themselves are cached by the page when opened
 * (src/ui/offline/sample-cache.ts), so the worker has no runtime routes at all: nothing but this
 * build's own files is ever stored, and a user's files are never fetched in the first place.
 * registerType 'prompt': a new deployment waits until the user reloads (src/ui/offline/pwa.ts).
 */
function offline(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'btfscope',
      short_name: 'btfscope',
      description: 'Linux BTF, struct layouts, kernel diffs and CO-RE relocations. Files never leave your browser.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#0550ae',
      icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,svg,ttf,wasm,webmanifest}', 'samples/index.json'],
      // Monaco's chunk is several MB.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      // The first visit's page becomes controlled at once, so it works offline after one visit;
      // an update still waits for the user (no skipWaiting).
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      // The app is one page (its state lives in the #fragment): the precache answers its URL
      // (`./` and `./index.html`). No fallback for other paths, so on a shared origin (localhost,
      // a docs site) the worker takes over no other page's navigations.
      navigateFallback: null,
      sourcemap: false,
    },
  });
}

// One file for the app build and the Vitest projects.
// - The web app builds into dist/app (dist/cli.cjs is the CLI bundle from scripts/build-cli.mjs);
//   `vite preview` serves build.outDir, so preview and `npm start` serve dist/app too.
// - base './' keeps the build relocatable to any static host path (state lives in the #fragment).
export default defineConfig({
  base: './',
  plugins: [react(), samples(), cspMetaTag(), offline()],
  define: { __BTFSCOPE_VERSION__: JSON.stringify(VERSION) },
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
    // Rolldown's "slow plugin" report fires on every build (the worker bundles, Workbox's service
    // worker build); it is noise between `npm start`'s two lines.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: {
    format: 'es',
    rolldownOptions: { checks: { bundlerTimings: false } },
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
