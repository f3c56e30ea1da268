/**
 * References to whole files that cannot travel inside a link (STYLE §6): a bundled sample
 * (`sample:6.1`), an https URL of a file the receiver downloads and drops (the app shows the
 * URL as text and never fetches it: a link must not make the page request anything), or a
 * file hash with a name that asks the receiver to drop that file
 * (`sha256:ab12cd34ef56ab78~vmlinux-6.8`).
 */

export type SourceRef =
  | { kind: 'sample'; name: string }
  | { kind: 'url'; url: string }
  | { kind: 'hash'; sha256: string; name: string };

const SAMPLE_RE = /^sample:([A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;
const HASH_RE = /^sha256:([0-9a-f]{16,64})~([^\s/\\]{1,128})$/;

/** Parses a reference string; undefined for anything else (http:, javascript:, data:, …). */
export function parseSourceRef(s: string): SourceRef | undefined {
  if (s.length > 2048) return undefined;
  const sample = SAMPLE_RE.exec(s);
  if (sample) return { kind: 'sample', name: sample[1]! };
  const hash = HASH_RE.exec(s);
  if (hash) return { kind: 'hash', sha256: hash[1]!, name: hash[2]! };
  if (s.startsWith('https://')) {
    // Only absolute https URLs with a host, no credentials, no whitespace.
    const m = /^https:\/\/([A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s]*)?$/.exec(s);
    if (m && !s.includes('@', 8)) return { kind: 'url', url: s };
  }
  return undefined;
}

export function formatSourceRef(r: SourceRef): string {
  switch (r.kind) {
    case 'sample':
      return `sample:${r.name}`;
    case 'url':
      return r.url;
    case 'hash':
      return `sha256:${r.sha256.slice(0, 16)}~${r.name}`;
  }
}
