/**
 * Hostile inputs for e2e (issue #12), built in code so each one is explicit: names that carry
 * bidi overrides, terminal escapes, newlines and markdown; a struct whose member lies far past
 * its size; share links that carry them or that name a remote file.
 */
import { encodeSharePayload } from '../src/core/share/share-payload';
import type { SharePayload } from '../src/core/share/share-schema';
import { BtfBuilder } from '../src/test-utils/btf-builder';

/** Markdown that, rendered, would show an image (a request) and a live link. */
export const MD_PAYLOAD = '![x](https://127.0.0.1:9/x.png) [log in again](https://127.0.0.1:9/phish)';

export const HOSTILE_STRUCT = 'evil\u202Egnp.exe';
export const HOSTILE_MEMBERS = ['esc\x1b[31mred\x1b[0m', 'two\nlines', '`tick`_u_*b*', '<img src=x onerror=alert(1)>', 'bell\x07del\x7f'];
export const HOSTILE_TYPEDEF = '![x](https://127.0.0.1:9/t.png)';

/**
 * A raw BTF: `struct evil\u202Egnp.exe` with one int member per hostile name plus a member
 * whose type is a typedef named in markdown (a type link in the C view, with a hover).
 */
export function hostileNamesBtf(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const td = b.typedef(HOSTILE_TYPEDEF, int);
  b.struct(HOSTILE_STRUCT, 4 * (HOSTILE_MEMBERS.length + 1), [...HOSTILE_MEMBERS.map((m, i): [string, number, number] => [m, int, 32 * i]), ['via_typedef', td, 32 * HOSTILE_MEMBERS.length]]);
  return b.build();
}

export const PAST_END_STRUCT = 'far';

/**
 * Issue #12 defect 1: a struct of 8 bytes whose one member sits at bit offset 0x7fff_fff8,
 * 256 MiB past its end (a kernel rejects it: the member ends past the struct's size).
 */
export function memberPastStructBtf(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  b.struct(PAST_END_STRUCT, 8, [['x', int, 0x7ffffff8]]);
  return b.build();
}

/** A share link fragment (route, state, payload) opening `view` on these blobs. */
export function shareFragment(route: 'type' | 'diff' | 'relocs', state: Record<string, string>, payload: SharePayload): string {
  const p = new URLSearchParams({ v: '1', ...state, share: encodeSharePayload(payload) });
  return `#/${route}?${p.toString()}`;
}
