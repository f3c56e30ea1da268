import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';

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
 * Records every Content-Security-Policy violation in the page and its workers: the
 * `securitypolicyviolation` event (on the document, from an init script; in each worker, from
 * a listener added when it starts) and Chromium's console report ("Refused to … because it
 * violates the following Content Security Policy directive"), which also covers a violation
 * in a worker before its listener is in place. Dialogs (alert/confirm/prompt) are recorded
 * too: the app never opens one, so one means injected script.
 */
export async function watchPageHazards(page: Page): Promise<{ csp: string[]; dialogs: string[] }> {
  const csp: string[] = [];
  const dialogs: string[] = [];
  const MARK = 'btfscope-csp-violation:';
  const listen = (mark: string) => {
    const target = (globalThis as { document?: EventTarget }).document ?? globalThis;
    target.addEventListener('securitypolicyviolation', (e) => {
      const v = e as SecurityPolicyViolationEvent;
      console.error(`${mark} ${v.effectiveDirective} blocked ${v.blockedURI || '(inline)'} at ${v.sourceFile}:${v.lineNumber}`);
    });
  };
  const onConsole = (m: ConsoleMessage) => {
    const text = m.text();
    if (text.startsWith(MARK) || /Content Security Policy/i.test(text)) csp.push(text);
  };
  await page.addInitScript(listen, MARK);
  page.on('console', onConsole);
  page.on('worker', (w) => {
    w.on('console', onConsole);
    void w.evaluate(listen, MARK).catch(() => undefined);
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  return { csp, dialogs };
}

/**
 * `test` with automatic checks: import `test` and `expect` from here instead of from
 * '@playwright/test' and every spec asserts, after it runs, that no request left the page's
 * origin, that the Content-Security-Policy blocked nothing (page or workers) and that no
 * dialog opened.
 */
export const test = base.extend<{ foreignRequests: { foreign: string[] }; pageHazards: { csp: string[]; dialogs: string[] } }>({
  foreignRequests: [
    async ({ page, baseURL }, use) => {
      const watcher = watchForeignRequests(page, new URL(baseURL ?? 'http://127.0.0.1/').origin);
      await use(watcher);
      expect(watcher.foreign, 'requests that left the page origin').toEqual([]);
    },
    { auto: true },
  ],
  pageHazards: [
    async ({ page }, use) => {
      const hazards = await watchPageHazards(page);
      await use(hazards);
      expect(hazards.csp, 'Content-Security-Policy violations').toEqual([]);
      expect(hazards.dialogs, 'dialogs opened by the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * How long a wait that spans file loads may take: loading, unpacking and validating kernels is
 * CPU work that, on a busy 2-core machine, took several times longer than alone (defect 8 of
 * issue #12: `data-state` still 'loading' after 15 s). Waits on the app's state, not on time.
 */
export const LOAD_TIMEOUT_MS = 150_000;

/** Waits until the app root reports `state` (see `data-state` in src/ui/App.tsx). */
export async function waitForAppState(page: Page, state: AppState = 'idle', timeout = LOAD_TIMEOUT_MS): Promise<void> {
  await expect(page.locator('#app')).toHaveAttribute('data-state', state, { timeout });
}
