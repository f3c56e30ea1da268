/**
 * Tokenizer for the playground's C subset: identifiers and keywords, integer literals
 * (decimal, hex, octal, binary, with u/l suffixes), character literals, punctuation;
 * comments are skipped. Preprocessor lines (`#include`, `#define`, …) are skipped with a
 * warning: the playground has no preprocessor. Every token carries its 1-based line:col.
 */
import { type Diagnostic, ErrorCode } from '../diagnostics';

export type TokenKind = 'ident' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** For numbers: the value (bigint: __u64 constants exceed 2^53). */
  value?: bigint;
  line: number;
  col: number;
}

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = ['<<', '>>', '->', '&&', '||', '==', '!=', '<=', '>=', '++', '--', '+=', '-=', '*=', '/=', '|=', '&=', '^=', '%='];
const PUNCT1 = '{}[]();,:*=+-/%<>&|^~!?.#';

export function cDiag(severity: 'error' | 'warning', line: number, col: number, message: string): Diagnostic {
  return { severity, code: ErrorCode.CSyntax, message: `${line}:${col}: ${message}` };
}

export function tokenize(src: string, diags: Diagnostic[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  const col = () => i - lineStart + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      if (end < 0) diags.push(cDiag('error', line, col(), 'unterminated comment'));
      for (let j = i; j < stop; j++) {
        if (src[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = stop;
      continue;
    }
    if (c === '#' && atLineStart) {
      const startCol = col();
      let end = i;
      // A preprocessor line continues over backslash-newlines.
      while (end < src.length && !(src[end] === '\n' && src[end - 1] !== '\\')) end++;
      const text = src.slice(i, end).replace(/\\\n/g, ' ');
      if (!/^#\s*(include|pragma\s+once)\b/.test(text)) {
        diags.push(cDiag('warning', line, startCol, `preprocessor line ignored (the playground has no preprocessor): ${text.slice(0, 60)}`));
      }
      for (let j = i; j < end; j++) {
        if (src[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = end;
      continue;
    }
    atLineStart = false;
    const startCol = col();
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      out.push({ kind: 'ident', text: src.slice(i, j), line, col: startCol });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)/.exec(src.slice(i, i + 80))!;
      const digits = m[1]!;
      let value: bigint;
      if (/^0[0-7]+$/.test(digits)) value = BigInt('0o' + digits.slice(1));
      else if (/^0[0-9]+$/.test(digits)) {
        diags.push(cDiag('error', line, startCol, `invalid octal number ${digits}`));
        value = 0n;
      } else value = BigInt(digits);
      const next = src[i + m[0].length];
      if (next !== undefined && /[A-Za-z0-9_.]/.test(next)) {
        diags.push(cDiag('error', line, startCol, `unsupported number literal (only integers): ${src.slice(i, i + m[0].length + 1)}`));
      }
      out.push({ kind: 'number', text: m[0], value, line, col: startCol });
      i += m[0].length;
      continue;
    }
    if (c === "'") {
      const m = /^'(\\.|[^\\'])'/.exec(src.slice(i, i + 5));
      if (!m) {
        diags.push(cDiag('error', line, startCol, 'unsupported character literal'));
        i++;
        continue;
      }
      const body = m[1]!;
      const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39 };
      const v = body.length === 2 ? (esc[body[1]!] ?? body.charCodeAt(1)) : body.charCodeAt(0);
      out.push({ kind: 'number', text: m[0], value: BigInt(v), line, col: startCol });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      diags.push(cDiag('error', line, startCol, 'string literals are not supported'));
      let j = i + 1;
      while (j < src.length && src[j] !== '"' && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    const p = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : PUNCT1.includes(c) ? c : undefined;
    if (!p) {
      diags.push(cDiag('error', line, startCol, `unexpected character '${c}'`));
      i++;
      continue;
    }
    out.push({ kind: 'punct', text: p, line, col: startCol });
    i += p.length;
  }
  out.push({ kind: 'eof', text: '', line, col: col() });
  return out;
}
