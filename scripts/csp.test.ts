// The policy issue #12 asks for, and what a meta tag can carry of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, cspHeader, cspMeta } from './csp.mjs';

describe('Content-Security-Policy', () => {
  it('is strict: only what Monaco, the workers and WebAssembly need', () => {
    expect(Object.fromEntries(CSP_DIRECTIVES)).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'worker-src': "'self' blob:",
      'connect-src': "'self'",
      'img-src': "'self' data: blob:",
      'style-src': "'self' 'unsafe-inline'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(cspHeader()).not.toMatch(/'unsafe-eval'|\*|https?:/);
  });

  it('is the one docs/hosting.md tells hosts to send', () => {
    const doc = readFileSync(new URL('../docs/hosting.md', import.meta.url), 'utf8');
    expect(doc).toContain(`Content-Security-Policy: ${cspHeader()}\n`);
    // nginx and Caddy snippets quote the same value.
    expect(doc.split(`"${cspHeader()}"`).length - 1).toBe(2);
  });

  it('leaves frame-ancestors to the header (browsers ignore it in meta)', () => {
    expect(cspHeader()).toContain("frame-ancestors 'none'");
    expect(cspMeta()).not.toContain('frame-ancestors');
    expect(cspMeta()).toBe(cspHeader().replace("; frame-ancestors 'none'", ''));
  });
});
