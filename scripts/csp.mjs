// The Content-Security-Policy of the web app (issue #12): one list, served two ways.
// - As a header by `vite preview` (so by `npm start` and the e2e server; vite.config.ts
//   `preview.headers`): the full policy. Worker scripts get it from their own response headers.
// - As a <meta http-equiv> tag that vite.config.ts writes into the built index.html, for static
//   hosts that send no headers. Browsers ignore frame-ancestors (and report-uri, sandbox) in
//   a meta tag, so it is left out there: only a header can forbid framing.
// The dev server gets neither: its React-refresh preamble is an inline script and its HMR
// uses a WebSocket.
//
// Why each source beyond 'self':
// - script-src 'wasm-unsafe-eval': WebAssembly.instantiate/compile (xz-decompress and
//   xxhash-wasm compile inline wasm; the BTF index pass is a small wasm module). Not 'unsafe-eval'.
// - worker-src 'self' also admits the service worker (sw.js; the workbox-*.js it imports is
//   script-src 'self'); the web app manifest falls back to default-src 'self'.
// - worker-src blob:: a worker started from a blob: URL carries the page's origin (none today;
//   kept as the issue lists it). The module workers themselves are 'self'.
// - style-src 'unsafe-inline': Monaco creates <style> elements at run time (themes, decorations,
//   token colours) and sets style attributes; styles cannot run script.
// - img-src data: blob:: Monaco's and the app's CSS use data: URIs (icons, SVG backgrounds).
/** @type {ReadonlyArray<readonly [string, string]>} */
export const CSP_DIRECTIVES = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a browser ignores when the policy comes from a <meta> tag (CSP3 §3.3). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy as an HTTP header value. */
export function cspHeader() {
  return CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** The policy for <meta http-equiv="Content-Security-Policy">: the header minus what meta cannot carry. */
export function cspMeta() {
  return CSP_DIRECTIVES.filter(([k]) => !HEADER_ONLY.has(k))
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/** Headers `vite preview` sends with every response. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': cspHeader(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
