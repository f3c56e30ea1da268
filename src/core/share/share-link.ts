/**
 * Share links: where the payload goes in a URL. The fragment uses search-param syntax
 * (STYLE §6): `<base>#/share?s=<payload>`. The route is view-agnostic on purpose: the
 * payload names its view, so one route opens diff, relocation and layout links alike, and
 * the fragment never reaches a server. `v` (the UI's URL version) is not needed: the payload
 * carries its own format version.
 */

export const DEFAULT_SHARE_BASE_URL = 'http://localhost:4173/';
export const SHARE_ROUTE = '/share';

/** `<base>#/share?s=<payload>`; any fragment already on `baseUrl` is replaced. */
export function formatShareLink(baseUrl: string, payload: string): string {
  const base = baseUrl.split('#')[0]!;
  return `${base}#${SHARE_ROUTE}?s=${payload}`;
}

/**
 * The payload string of a share fragment (`#/share?s=…` or `/share?s=…`), or undefined
 * when the fragment is not a share link. The payload is base64url, so no decoding of
 * percent-escapes is needed; a link mangled by a chat client into `%2D` is repaired.
 */
export function shareFragmentPayload(fragment: string): string | undefined {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const q = f.indexOf('?');
  const path = q < 0 ? f : f.slice(0, q);
  if (path !== SHARE_ROUTE) return undefined;
  for (const part of f.slice(q + 1).split('&')) {
    if (part.startsWith('s=')) {
      const v = part.slice(2);
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    }
  }
  return undefined;
}
