import { test as base, expect, type Page } from '@playwright/test';

export type AppState = 'idle' | 'loading' | 'error';

/**
 * Records every request the page (or its workers) makes to another origin. btfscope promises
 * that files never leave the browser, so by default any such request fails the test.
 * `data:` URLs never leave the page; `blob:` URLs carry the page's own origin.
 */
export function watchForeignRequests(page: Page, origin: string): { foreign: string[] } {
  const foreign: string[] = [];
  page.context().on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') return;
    if (new URL(url).origin !== origin) foreign.push(`${request.method()} ${url}`);
  });
  return { foreign };
}

/**
 * `test` with an automatic same-origin check: import `test` and `expect` from here instead of
 * from '@playwright/test' and every spec asserts, after it runs, that no request left the page's
 * origin. A spec that must fetch a foreign URL (e.g. a share link to an https file) can read and
 * clear `foreignRequests.foreign`.
 */
export const test = base.extend<{ foreignRequests: { foreign: string[] } }>({
  foreignRequests: [
    async ({ page, baseURL }, use) => {
      const watcher = watchForeignRequests(page, new URL(baseURL ?? 'http://127.0.0.1/').origin);
      await use(watcher);
      expect(watcher.foreign, 'requests that left the page origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the app root reports `state` (see `data-state` in src/ui/App.tsx). */
export async function waitForAppState(page: Page, state: AppState = 'idle'): Promise<void> {
  await expect(page.locator('#app')).toHaveAttribute('data-state', state);
}
