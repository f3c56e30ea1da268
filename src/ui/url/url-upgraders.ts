/**
 * URL upgraders: `UPGRADERS[v]` rewrites the search params of a version v-1 link into
 * version v, in place (Firefox profiler's url-handling scheme). decodeUrlState runs them in
 * order from the link's version up to URL_VERSION. Version 1 is the first, so there is
 * nothing to upgrade yet; when a field changes meaning, bump URL_VERSION, add its upgrader
 * here, and pin a literal link of the old version in url-state.test.ts.
 */
export const UPGRADERS: Record<number, (params: URLSearchParams) => void> = {};
