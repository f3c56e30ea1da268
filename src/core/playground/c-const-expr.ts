/**
 * Integer constant expressions for array sizes, bitfield widths, enum values and
 * alignments: literals, enum constants, sizeof/_Alignof(type), unary + - ~ !, the binary
 * operators of C with C precedence, and ?:. Arithmetic is on bigint, wrapped to 64 bits
 * (the widest type the playground has besides __int128).
 */
import type { Token } from './c-lexer';
import { type CType, LayoutError, sizeAlign } from './c-types';

export interface ExprHost {
  peek(o?: number): Token;
  next(): Token;
  expect(text: string): Token;
  fail(message: string, tok?: Token): never;
  enumConsts: Map<string, bigint>;
  startsTypeName(o?: number): boolean;
  typeName(): CType;
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const bool = (b: boolean): bigint => (b ? 1n : 0n);

export function parseConstExpr(h: ExprHost): bigint {
  return conditional(h);
}

function conditional(h: ExprHost): bigint {
  const c = binary(h, 1);
  if (h.peek().kind === 'punct' && h.peek().text === '?') {
    h.next();
    const a = conditional(h);
    h.expect(':');
    const b = conditional(h);
    return c !== 0n ? a : b;
  }
  return c;
}

function binary(h: ExprHost, minPrec: number): bigint {
  let left = unary(h);
  for (;;) {
    const t = h.peek();
    const prec = t.kind === 'punct' ? BINARY[t.text] : undefined;
    if (prec === undefined || prec < minPrec) return left;
    h.next();
    const right = binary(h, prec + 1);
    left = apply(h, t, left, right);
  }
}

function apply(h: ExprHost, op: Token, a: bigint, b: bigint): bigint {
  switch (op.text) {
    case '||': return bool(a !== 0n || b !== 0n);
    case '&&': return bool(a !== 0n && b !== 0n);
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return bool(a === b);
    case '!=': return bool(a !== b);
    case '<': return bool(a < b);
    case '>': return bool(a > b);
    case '<=': return bool(a <= b);
    case '>=': return bool(a >= b);
    case '<<':
      if (b < 0n || b > 127n) h.fail(`shift by ${b} is out of range`, op);
      return wrap(a << b);
    case '>>':
      if (b < 0n || b > 127n) h.fail(`shift by ${b} is out of range`, op);
      return a >> b;
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/':
    case '%':
      if (b === 0n) h.fail('division by zero', op);
      return op.text === '/' ? a / b : a % b;
  }
  return h.fail(`unsupported operator '${op.text}'`, op);
}

function unary(h: ExprHost): bigint {
  const t = h.peek();
  if (t.kind === 'punct') {
    if (t.text === '-') return (h.next(), wrap(-unary(h)));
    if (t.text === '+') return (h.next(), unary(h));
    if (t.text === '~') return (h.next(), ~unary(h));
    if (t.text === '!') return (h.next(), bool(unary(h) === 0n));
    if (t.text === '(') {
      h.next();
      if (h.startsTypeName()) h.fail('casts are not supported in constant expressions', t);
      const v = conditional(h);
      h.expect(')');
      return v;
    }
  }
  if (t.kind === 'number') return (h.next(), t.value!);
  if (t.kind === 'ident' && (t.text === 'sizeof' || t.text === '_Alignof' || t.text === '__alignof__')) {
    h.next();
    h.expect('(');
    if (!h.startsTypeName()) h.fail(`${t.text} needs a type name here`, h.peek());
    const type = h.typeName();
    h.expect(')');
    try {
      const sa = sizeAlign(type, t);
      return BigInt(t.text === 'sizeof' ? sa.size : sa.align);
    } catch (e) {
      if (e instanceof LayoutError) h.fail(e.message, t);
      throw e;
    }
  }
  if (t.kind === 'ident') {
    const v = h.enumConsts.get(t.text);
    if (v === undefined) h.fail(`'${t.text}' is not a constant`, t);
    h.next();
    return v;
  }
  return h.fail(`expected a constant expression, found '${t.text || 'end of input'}'`, t);
}
