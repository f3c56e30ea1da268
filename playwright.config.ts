import { defineConfig, devices } from '@playwright/test';

// e2e runs against a production build served by `vite preview`, in Debian's Chromium: Playwright
// never downloads a browser here (scripts/ensure-chromium.mjs installs the distro package).
const PORT = Number(process.env.E2E_PORT ?? 4873);
const BASE_URL = `http://127.0.0.1:${PORT}/`;
/** The hosted-site project (e2e/site.spec.ts): the same build under a sub-path, served by a plain node:http server. */
const SITE_PORT = PORT + 1;
const SITE_PREFIX = '/tools/btfscope/';
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: 2,
  // Budgets for a busy machine (issue #12, defect 8): on 2 cores shared with other CPU-heavy work
  // a step that loads kernels (xz decompress, parse, validate) took over 15 s of wall time. Tests
  // wait on the app's own state, never on time, so a generous budget costs nothing when things
  // are fast; e2e/helpers.ts gives waits that span file loads their own, larger budget.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // Tagged specs stay out of `npm test`: `npm run bench:e2e` (@bench) and `npm run screenshots`
  // (@screenshots) set BTFSCOPE_E2E to add their project and select it with --project.
  // The service worker (offline support) is blocked except in the 'site' project, which tests it:
  // elsewhere each test would precache the whole app for nothing.
  projects: [
    { name: 'chromium', grepInvert: /@bench|@screenshots/, testIgnore: 'site.spec.ts', use: { serviceWorkers: 'block' } },
    { name: 'site', testMatch: 'site.spec.ts', use: { baseURL: `http://127.0.0.1:${SITE_PORT}${SITE_PREFIX}`, serviceWorkers: 'allow' } },
    ...(process.env.BTFSCOPE_E2E ? [{ name: process.env.BTFSCOPE_E2E, grep: new RegExp(`@${process.env.BTFSCOPE_E2E}`), workers: 1, use: { serviceWorkers: 'block' as const } }] : []),
  ],
  webServer: {
    // Own output directory, so a concurrent `npm start` (dist/app) is not disturbed.
    command: `npx --no vite build --logLevel warn --outDir dist/e2e && npx --no vite preview --outDir dist/e2e --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
