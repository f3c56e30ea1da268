/**
 * Share links in the web app's URL format (src/ui/url/url-state.ts, STYLE §6): the normal
 * fragment of the view — route, `v`, file references, type — plus `share=<payload>`,
 * which carries the (cut) files themselves:
 *
 *   <base>#/diff?v=1&a=sha256:<16 hex>~vmlinux-5.10&b=sha256:…~vmlinux-6.18&t=struct:task_struct&share=<payload>
 *   <base>#/relocs?v=1&obj=sha256:…~task_state.bpf.o&k=sha256:…~vmlinux-6.18.min&share=<payload>
 *
 * Each reference names a file of the payload by the sha256 of the bytes the payload
 * carries and by its label, exactly as the app names a loaded file (`fileRefOf`), so once
 * the receiver has loaded the payload's files the view finds them like dropped files.
 * Parameter order and escaping follow `encodeUrlState`, so the app rewrites the same link.
 * The fragment never reaches a server.
 */

export const DEFAULT_SHARE_BASE_URL = 'http://localhost:4173/';
/** The app's URL_VERSION these links are written for. */
export const SHARE_URL_VERSION = 1;

export interface ShareLinkState {
  /** An app route: 'diff', 'relocs', 'type', … */
  route: string;
  file?: string | undefined;
  a?: string | undefined;
  b?: string | undefined;
  obj?: string | undefined;
  targets?: readonly string[] | undefined;
  /** 'struct:task_struct'. */
  type?: string | undefined;
  /** relocs: the expanded relocation. */
  relo?: number | undefined;
}

/** A name safe in a file reference: no whitespace, nothing that needs escaping. */
export function shareFileName(label: string): string {
  return label.replace(/[^A-Za-z0-9._+-]+/g, '_').slice(0, 120) || 'file';
}

/** `sha256:<first 16 hex>~<name>`: how the app refers to a loaded file (fileRefOf). */
export function fileRefFor(sha256Hex: string, name: string): string {
  return `sha256:${sha256Hex.slice(0, 16).toLowerCase()}~${shareFileName(name)}`;
}

function enc(v: string): string {
  return encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%7E/gi, '~');
}

/**
 * `#/<route>?v=1&…` for a view state, in encodeUrlState's parameter order; `extra`
 * parameters (`share`, `tour`) go last.
 */
export function formatAppFragment(state: ShareLinkState, extra: readonly [string, string][] = []): string {
  const parts: string[] = [`v=${SHARE_URL_VERSION}`];
  const put = (k: string, v: string | undefined) => v !== undefined && v !== '' && parts.push(`${k}=${enc(v)}`);
  put('f', state.file);
  put('a', state.a);
  put('b', state.b);
  put('obj', state.obj);
  for (const t of state.targets ?? []) put('k', t);
  put('t', state.type);
  if (state.relo !== undefined) put('r', String(state.relo));
  for (const [k, v] of extra) put(k, v);
  return `#/${state.route}?${parts.join('&')}`;
}

/** The whole link; any fragment already on `baseUrl` is replaced. */
export function formatShareLink(baseUrl: string, state: ShareLinkState, payload: string): string {
  return baseUrl.split('#')[0]! + formatAppFragment(state, [['share', payload]]);
}

/**
 * The payload of a link's fragment (`share=` on any route), or undefined. The payload is
 * base64url; a link mangled by a chat client into `%2D` is repaired.
 */
export function shareFragmentPayload(fragment: string): string | undefined {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const q = f.indexOf('?');
  if (q < 0) return undefined;
  for (const part of f.slice(q + 1).split('&')) {
    if (!part.startsWith('share=')) continue;
    const v = part.slice(6);
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  }
  return undefined;
}
