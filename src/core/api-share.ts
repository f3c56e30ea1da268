/**
 * Share links for the public API (api.ts): a link to the web app that carries the cut BTF a
 * view needs in its fragment (docs/share-links.md), made and read the way `btfscope share`
 * and the app do. File references name files by SHA-256, taken from WebCrypto
 * (`crypto.subtle`: Node 20, Web Workers, and browser pages served over https or localhost).
 */
import type { OpenedFile } from './api';
import { type Diagnostic, ErrorCode, type ParseResult } from './diagnostics';
import { relocateObject } from './core-relo/relocate-object';
import type { CoreTarget } from './core-relo/candidates';
import { type BuiltShare, buildDiffShare, buildRelocationShare, withFileRefs } from './share/share-builders';
import { DEFAULT_SHARE_BASE_URL, formatShareLink, shareFragmentPayload } from './share/share-link';
import { decodeSharePayload, encodeSharePayload } from './share/share-payload';
import type { ShareLimits, SharePayload, ShareView } from './share/share-schema';

/** A file to share and the name the link gives it (e.g. `vmlinux-6.1`). */
export interface ShareFile {
  label: string;
  file: OpenedFile;
}

/** Options of the share-link builders. */
export interface ShareLinkOptions {
  /** Where the web app is hosted (default {@link DEFAULT_SHARE_BASE_URL}, a local `npm start`). */
  baseUrl?: string;
  /** Diff links: how many levels of member structs keep their members (1–8, default 1). */
  shapeDepth?: number;
  /** SHA-256 as lower-case hex; default: WebCrypto's. */
  sha256?: (bytes: Uint8Array) => Promise<string> | string;
}

/** A share link and what it carries. */
export interface ShareLink {
  /** The whole link: `<baseUrl>#/<view>?v=1&…&share=<payload>`. */
  url: string;
  /** The base64url payload alone (what {@link decodeShareLink} reads back). */
  payload: string;
  view: ShareView;
  /** The files inside, as the receiver will load them. */
  files: { label: string; byteSize: number }[];
}

interface SubtleDigest {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}

async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleDigest } }).crypto?.subtle;
  if (!subtle) throw new Error('no WebCrypto here (a browser page served over plain http has none): pass options.sha256');
  const d = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of d) hex += b.toString(16).padStart(2, '0');
  return hex;
}

async function finish(built: ParseResult<BuiltShare>, opts: ShareLinkOptions): Promise<ParseResult<ShareLink>> {
  if (!built.value) return { diagnostics: built.diagnostics };
  const { payload: p } = built.value;
  const hash = opts.sha256 ?? webCryptoSha256;
  const payload = encodeSharePayload(p);
  // References name the bytes in the payload: what the app hashes when it loads them.
  const hashes = await Promise.all(p.blobs.map(async (b) => (b.bytes ? hash(b.bytes) : '')));
  const url = formatShareLink(opts.baseUrl ?? DEFAULT_SHARE_BASE_URL, withFileRefs(built.value, hashes), payload);
  const files = p.blobs.map((b) => ({ label: b.label, byteSize: b.bytes?.length ?? 0 }));
  return { value: { url, payload, view: p.view, files }, diagnostics: built.diagnostics };
}

function badBaseUrl(opts: ShareLinkOptions): ParseResult<never> | undefined {
  if (opts.baseUrl === undefined || /^https?:\/\/\S+$/.test(opts.baseUrl)) return undefined;
  return { diagnostics: [{ severity: 'error', code: ErrorCode.ShareInvalid, message: `baseUrl must be an http(s) URL, got '${opts.baseUrl}'` }] };
}

/**
 * A link that opens the diff of one type (`task_struct`, `struct:task_struct`) between two
 * kernels, with no files: each side travels cut around that type (a few KB).
 */
export async function createDiffShareLink(a: ShareFile, b: ShareFile, type: string, opts: ShareLinkOptions = {}): Promise<ParseResult<ShareLink>> {
  const bad = badBaseUrl(opts);
  if (bad) return bad;
  const side = async (s: ShareFile) => ({ label: s.label, sha256: (await (opts.sha256 ?? webCryptoSha256)(s.file.bytes)).slice(0, 16), btf: s.file.btf });
  return finish(buildDiffShare(await side(a), await side(b), type, { shapeDepth: opts.shapeDepth ?? 1 }), opts);
}

/**
 * A link that opens the CO-RE relocation view of a BPF object on its target kernels: the
 * object travels without debug info, each kernel as the minimal BTF its relocations need.
 * Target labels must be unique.
 */
export async function createRelocationShareLink(object: ShareFile, targets: readonly ShareFile[], opts: ShareLinkOptions = {}): Promise<ParseResult<ShareLink>> {
  const bad = badBaseUrl(opts);
  if (bad) return bad;
  const obj = object.file.object;
  if (!obj) return { diagnostics: [{ severity: 'error', code: ErrorCode.UnsupportedFormat, message: `${object.label} is not a BPF object (.bpf.o)` }] };
  const hash = opts.sha256 ?? webCryptoSha256;
  const sources: (CoreTarget & { sha256: string })[] = [];
  for (const t of targets) {
    if (sources.some((s) => s.label === t.label)) throw new TypeError(`createRelocationShareLink: two targets are labelled '${t.label}'`);
    const btf = t.file.btf;
    sources.push({ label: t.label, btf, sha256: (await hash(t.file.bytes)).slice(0, 16), ...(btf.base ? { moduleName: t.label } : {}) });
  }
  const report = relocateObject(obj, sources);
  const sha = (await hash(object.file.bytes)).slice(0, 16);
  return finish(buildRelocationShare({ label: object.label, sha256: sha, elf: obj.elf }, sources, report), opts);
}

/**
 * Reads a share link back: a whole URL, its `#…` fragment, or the payload alone. The files
 * it carries are in `value.blobs[i].bytes` (open them with `openFile`). Never throws; a
 * link from a newer btfscope gives `share-too-new`.
 */
export function decodeShareLink(link: string, limits: Partial<ShareLimits> = {}): ParseResult<SharePayload> {
  const hash = link.indexOf('#');
  const payload = hash >= 0 || link.includes('share=') ? shareFragmentPayload(link.slice(hash + 1)) : link.trim();
  if (payload === undefined) {
    const d: Diagnostic = { severity: 'error', code: ErrorCode.ShareBadEncoding, message: 'the link carries no share= payload' };
    return { diagnostics: [d] };
  }
  return decodeSharePayload(payload, limits);
}
