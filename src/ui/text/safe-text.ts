/**
 * Strings from files and links (BTF names, file labels, source paths, URLs) are data, never
 * markup or layout directives. Two helpers, used wherever such a string is shown:
 *
 * - `visibleText` makes invisible or reordering characters visible: C0/C1 controls (NUL, ESC,
 *   newlines, …), bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the
 *   directional marks and zero-width characters, line/paragraph separators. Each becomes an
 *   escape such as `\x1b`, `\n` or `\u202e`, so U+202E cannot reverse the rest of a row and a
 *   newline cannot start a new line. Text for attributes (title, aria-label) and for Monaco.
 * - `escapeMarkdown` / `markdownCode` put such a string into Monaco's hover markdown as
 *   literal text: every ASCII punctuation character is backslash-escaped (CommonMark allows
 *   that for all of them), so `![x](…)`, `[a](…)`, `<img …>`, backticks, `_`, `*`, `#`,
 *   autolinks (`https\://…`, `www\.…`) and `$(icon)` syntax all render as the characters typed.
 *
 * React escapes HTML in text children and attributes by itself; these helpers add what React
 * does not: markdown, and characters that are invisible or reorder text.
 */

/** Characters that are invisible or change direction/lines: shown as escapes. */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

const HIDDEN_ONE = new RegExp(HIDDEN.source, 'u');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** The escape shown for one hidden character. */
export function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** True when `s` holds a character `visibleText` would escape. */
export function hasHiddenChars(s: string): boolean {
  return HIDDEN_ONE.test(s);
}

/** `s` with every control, bidi and zero-width character replaced by a visible escape. */
export function visibleText(s: string): string {
  return s.replace(HIDDEN, escapeChar);
}

/** `s` split into plain runs and escapes, for components that style the escapes. */
export function visibleParts(s: string): { text: string; escaped: boolean }[] {
  const parts: { text: string; escaped: boolean }[] = [];
  let last = 0;
  for (const m of s.matchAll(HIDDEN)) {
    if (m.index > last) parts.push({ text: s.slice(last, m.index), escaped: false });
    parts.push({ text: escapeChar(m[0]), escaped: true });
    last = m.index + m[0].length;
  }
  if (last < s.length || !parts.length) parts.push({ text: s.slice(last), escaped: false });
  return parts;
}

const MD_PUNCT = /[!-/:-@[-`{-~]/g;

/** `s` as literal markdown text (hidden characters made visible first). */
export function escapeMarkdown(s: string): string {
  return visibleText(s).replace(MD_PUNCT, '\\$&');
}

/**
 * `s` as a markdown code span: nothing inside a code span is markup, and the fence is one
 * backtick longer than the longest run of backticks in `s`, so `s` cannot close it.
 */
export function markdownCode(s: string): string {
  const text = visibleText(s);
  if (!text) return '';
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick (stripped by CommonMark).
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
