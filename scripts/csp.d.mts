// Types for scripts/csp.mjs (imported by vite.config.ts and e2e specs).
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]>;
export function cspHeader(): string;
export function cspMeta(): string;
export const SECURITY_HEADERS: Record<string, string>;
