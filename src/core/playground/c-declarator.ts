/**
 * Declarators and attributes of the playground's C parser: pointers (with qualifiers),
 * arrays (sized, `[]`), function declarators and their parameters, parenthesized
 * declarators (`int (*fn)(void)`, `int (*p)[4]`), and `__attribute__((packed, aligned(N)))`
 * with the kernel's `__packed` / `__aligned(N)` spellings.
 *
 * A declarator is returned as a function wrapping the base type, applied inside-out the
 * way C reads declarations: pointers bind to the base first, then array/function suffixes
 * from the right, then the parenthesized inner declarator.
 */
import { cDiag } from './c-lexer';
import { parseConstExpr } from './c-const-expr';
import type { CParser } from './c-parser';
import type { CType } from './c-types';

export interface Attrs {
  packed?: boolean;
  aligned?: number;
}

export interface Declarator {
  name: string;
  apply: (t: CType) => CType;
}

export const QUALS = new Set(['const', 'volatile', 'restrict', '__restrict', '__volatile__', '__const']);

export function qualOf(text: string): 'const' | 'volatile' | 'restrict' {
  return text.includes('const') ? 'const' : text.includes('volatile') ? 'volatile' : 'restrict';
}

export function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** A (possibly abstract) declarator: returns the name and how it wraps the base type. */
export function parseDeclarator(p: CParser): Declarator {
  const ptrQuals: ('const' | 'volatile' | 'restrict')[][] = [];
  while (p.eat('*')) {
    const qs: ('const' | 'volatile' | 'restrict')[] = [];
    while (p.peek().kind === 'ident' && (QUALS.has(p.peek().text) || p.is('__attribute__'))) {
      if (p.is('__attribute__')) parseAttributes(p);
      else qs.push(qualOf(p.next().text));
    }
    ptrQuals.push(qs);
  }
  let inner: { name: string; apply: (t: CType) => CType } = { name: '', apply: (t) => t };
  if (p.is('(') && (p.is('*', 1) || p.is('(', 1))) {
    p.next();
    inner = parseDeclarator(p);
    p.expect(')');
  } else if (p.peek().kind === 'ident' && !p.is('__attribute__') && !p.typedefs.has(p.peek().text)) {
    inner = { name: p.next().text, apply: (t) => t };
  }
  const suffixes: ((t: CType) => CType)[] = [];
  for (;;) {
    if (p.eat('[')) {
      if (p.eat(']')) {
        suffixes.push((t) => ({ k: 'array', of: t, n: null }));
        continue;
      }
      const at = p.peek();
      const n = parseConstExpr(p);
      if (n < 0n || n > 0xffffffffn) p.fail(`array size ${n} is out of range`, at);
      p.expect(']');
      suffixes.push((t) => ({ k: 'array', of: t, n: Number(n) }));
    } else if (p.eat('(')) {
      const fn = parseParams(p);
      suffixes.push((t) => ({ k: 'func', ret: t, ...fn }));
    } else break;
  }
  return {
    name: inner.name,
    apply: (t) => {
      for (const qs of ptrQuals) {
        t = { k: 'ptr', to: t };
        for (const q of qs) t = { k: 'qual', q, of: t };
      }
      for (let i = suffixes.length - 1; i >= 0; i--) t = suffixes[i]!(t);
      return inner.apply(t);
    },
  };
}

function parseParams(p: CParser): { params: { name: string; type: CType }[]; variadic: boolean } {
  const params: { name: string; type: CType }[] = [];
  let variadic = false;
  if (p.eat(')')) return { params, variadic };
  if (p.is('void') && p.is(')', 1)) {
    p.p += 2;
    return { params, variadic };
  }
  for (;;) {
    if (p.eat('...')) {
      variadic = true;
      p.expect(')');
      return { params, variadic };
    }
    const spec = p.specifiers();
    const d = parseDeclarator(p);
    parseAttributes(p);
    let type = d.apply(spec.type);
    if (type.k === 'array') type = { k: 'ptr', to: type.of }; // parameter arrays decay
    params.push({ name: d.name, type });
    if (p.eat(')')) return { params, variadic };
    p.expect(',', "',' or ')'");
  }
}

/** Any run of `__attribute__((…))`, `__packed`, `__aligned(N)`. Unknown attributes: warning. */
export function parseAttributes(p: CParser): Attrs {
  const a: Attrs = {};
  for (;;) {
    if (p.eat('__packed')) a.packed = true;
    else if (p.is('__aligned')) {
      p.next();
      p.expect('(');
      a.aligned = maxDefined(a.aligned, parseAlignValue(p));
      p.expect(')');
    } else if (p.is('__attribute__')) {
      p.next();
      p.expect('(');
      p.expect('(');
      while (!p.is(')')) {
        const t = p.next();
        const name = t.text.replace(/^__(.*)__$/, '$1');
        if (name === 'packed') a.packed = true;
        else if (name === 'aligned') {
          if (!p.eat('(')) p.fail('aligned needs a value here: aligned(N)', t);
          a.aligned = maxDefined(a.aligned, parseAlignValue(p));
          p.expect(')');
        } else {
          if (!/^(preserve_access_index|unused|used|always_inline|noinline|section)$/.test(name)) {
            p.diags.push(cDiag('warning', t.line, t.col, `attribute '${t.text}' ignored`));
          }
          if (p.eat('(')) skipBalanced(p);
        }
        if (!p.eat(',')) break;
      }
      p.expect(')');
      p.expect(')');
    } else return a;
  }
}

function parseAlignValue(p: CParser): number {
  const at = p.peek();
  const v = parseConstExpr(p);
  if (v <= 0n || v > 4096n || (v & (v - 1n)) !== 0n) p.fail(`alignment ${v} is not a power of two`, at);
  return Number(v);
}

function skipBalanced(p: CParser): void {
  let depth = 1;
  while (depth > 0 && p.peek().kind !== 'eof') {
    const t = p.next();
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
  }
}
