/**
 * Parser for the playground's C subset: declarations of structs, unions, enums and
 * typedefs, with pointer, array, function-pointer and bitfield declarators, nested and
 * anonymous records, `__attribute__((packed))`, `aligned(N)` (and the kernel's `__packed`,
 * `__aligned(N)`), integer constant expressions (including sizeof/_Alignof and enum
 * constants). Variables and function prototypes are accepted and ignored; function bodies,
 * initializers and the preprocessor are not supported and get a line:col diagnostic.
 *
 * Error recovery: a declaration that fails to parse is reported and skipped up to the next
 * `;` at brace depth 0, so one typo does not hide the rest of the file.
 */
import type { Diagnostic } from '../diagnostics';
import { type Token, cDiag, tokenize } from './c-lexer';
import {
  type CEnum,
  type CRecord,
  type CType,
  type CTypedef,
  INT_TYPES,
  LayoutError,
  PRELUDE_TYPEDEFS,
  VOID,
  intType,
} from './c-types';
import { parseConstExpr } from './c-const-expr';
import { type Attrs, type Declarator, QUALS, parseAttributes, parseDeclarator, qualOf } from './c-declarator';
import { parseEnumSpecifier, parseRecordSpecifier } from './c-records';

export interface CProgram {
  /** Records, enums and typedefs in definition order (anonymous ones included). */
  records: CRecord[];
  enums: CEnum[];
  typedefs: CTypedef[];
}

class SyntaxError_ extends Error {
  constructor(readonly tok: Token, message: string) {
    super(message);
  }
}

const IGNORED_SPECS = new Set(['static', 'extern', 'inline', '__inline', '__inline__', '__extension__', 'register', 'auto', '_Thread_local']);
const INT_WORDS = new Set(['signed', '__signed__', 'unsigned', 'char', 'short', 'int', 'long', '_Bool', 'float', 'double', 'void', '__int128']);

export class CParser {
  readonly toks: Token[];
  p = 0;
  readonly diags: Diagnostic[];
  readonly prog: CProgram = { records: [], enums: [], typedefs: [] };
  readonly tags = new Map<string, CRecord | CEnum>();
  readonly typedefs = new Map<string, CTypedef>();
  readonly enumConsts = new Map<string, bigint>();

  constructor(src: string, diags: Diagnostic[] = []) {
    this.diags = diags;
    this.toks = tokenize(src, diags);
  }

  parse(): CProgram {
    while (this.peek().kind !== 'eof') {
      const start = this.p;
      try {
        this.topLevel();
      } catch (e) {
        if (e instanceof SyntaxError_) this.diags.push(cDiag('error', e.tok.line, e.tok.col, e.message));
        else if (e instanceof LayoutError) this.diags.push(cDiag('error', e.line, e.col, e.message));
        else throw e;
        this.recover(start);
      }
    }
    return this.prog;
  }

  // ---- token helpers
  peek(o = 0): Token {
    return this.toks[Math.min(this.p + o, this.toks.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.p++;
    return t;
  }
  is(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind !== 'eof' && t.kind !== 'number' && t.text === text;
  }
  eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.p++;
    return true;
  }
  expect(text: string, what = `'${text}'`): Token {
    const t = this.peek();
    if (!this.is(text)) throw new SyntaxError_(t, `expected ${what}, found ${t.kind === 'eof' ? 'end of input' : `'${t.text}'`}`);
    return this.next();
  }
  fail(message: string, tok = this.peek()): never {
    throw new SyntaxError_(tok, message);
  }

  /**
   * Skips the rest of a failed declaration: to the `;` that ends it at brace depth 0, or
   * past the `}` of a block that began after the error (a function body).
   */
  private recover(start: number): void {
    if (this.p === start) this.p++;
    let depth = 0;
    for (let i = start; i < this.p; i++) {
      const t = this.toks[i]!.text;
      if (t === '{' || t === '(' || t === '[') depth++;
      else if (t === '}' || t === ')' || t === ']') depth = Math.max(0, depth - 1);
    }
    const startedInside = depth > 0;
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'number') continue;
      if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
      else if (t.text === '}' || t.text === ')' || t.text === ']') {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && t.text === '}') {
          if (this.eat(';') || !startedInside) return;
        }
      } else if (t.text === ';' && depth === 0) return;
    }
  }

  // ---- declarations
  private topLevel(): void {
    if (this.eat(';')) return;
    if (this.is('_Static_assert') || this.is('static_assert')) return this.staticAssert();
    const spec = this.specifiers();
    if (this.eat(';')) return;
    for (;;) {
      const d = this.declarator();
      const attrs = this.attributes();
      if (spec.typedef) {
        if (!d.name) this.fail('typedef needs a name');
        const td: CTypedef = { name: d.name, type: d.apply(spec.type), alignAttr: attrs.aligned ?? spec.attrs.aligned };
        this.typedefs.set(d.name, td);
        this.prog.typedefs.push(td);
      } else if (this.is('{')) {
        this.fail('function bodies are not supported; declare the function without a body');
      } else if (this.is('=')) {
        this.fail('initializers are not supported');
      }
      if (this.eat(',')) continue;
      this.expect(';');
      return;
    }
  }

  staticAssert(): void {
    this.next();
    this.expect('(');
    const at = this.peek();
    const v = parseConstExpr(this);
    if (this.eat(',')) this.fail('static_assert messages are not supported (string literal)');
    this.expect(')');
    this.expect(';');
    if (v === 0n) this.diags.push(cDiag('error', at.line, at.col, 'static assertion failed'));
  }

  /** Declaration specifiers: qualifiers, storage class, the base type, attributes. */
  specifiers(): { type: CType; typedef: boolean; attrs: Attrs } {
    let typedef = false;
    const words: string[] = [];
    const quals: ('const' | 'volatile' | 'restrict')[] = [];
    let base: CType | undefined;
    const attrs: Attrs = {};
    const start = this.peek();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') break;
      if (t.text === 'typedef') typedef = true;
      else if (QUALS.has(t.text)) quals.push(qualOf(t.text));
      else if (IGNORED_SPECS.has(t.text)) {
        /* storage classes do not change layout */
      } else if (t.text === '__attribute__' || t.text === '__packed' || t.text === '__aligned') {
        Object.assign(attrs, this.attributes());
        continue;
      } else if (INT_WORDS.has(t.text)) words.push(t.text === '__signed__' ? 'signed' : t.text);
      else if (t.text === 'struct' || t.text === 'union') {
        if (base || words.length) this.fail('two types in one declaration');
        base = this.recordSpecifier();
        continue;
      } else if (t.text === 'enum') {
        if (base || words.length) this.fail('two types in one declaration');
        base = this.enumSpecifier();
        continue;
      } else if (!base && !words.length && this.typedefType(t.text)) {
        base = this.typedefType(t.text)!;
      } else break;
      this.next();
    }
    if (!base) {
      if (!words.length) this.fail(`expected a type, found '${start.text || 'end of input'}'`, start);
      base = this.basicType(words, start);
    } else if (words.length) this.fail(`'${words.join(' ')}' cannot be combined with this type`, start);
    for (const q of quals) base = { k: 'qual', q, of: base };
    return { type: base, typedef, attrs };
  }

  typedefType(name: string): CType | undefined {
    let td = this.typedefs.get(name);
    if (!td && PRELUDE_TYPEDEFS[name] !== undefined) {
      const target = PRELUDE_TYPEDEFS[name]!;
      const type = INT_TYPES[target] ? intType(target) : this.typedefType(target)!;
      td = { name, type };
      this.typedefs.set(name, td);
      this.prog.typedefs.push(td);
    }
    return td ? { k: 'typedef', td } : undefined;
  }

  private basicType(words: string[], at: Token): CType {
    const count = (w: string) => words.filter((x) => x === w).length;
    const unsigned = count('unsigned') > 0;
    const signed = count('signed') > 0;
    if (unsigned && signed) this.fail('both signed and unsigned', at);
    const rest = words.filter((w) => w !== 'unsigned' && w !== 'signed' && w !== 'int');
    const longs = count('long');
    const has = (w: string) => rest.includes(w);
    if (has('void') && words.length === 1) return VOID;
    if (has('float') && words.length === 1) return { k: 'float', name: 'float', size: 4 };
    if (has('double') && rest.length === 1 && words.length === 1) return { k: 'float', name: 'double', size: 8 };
    if (has('double') && longs === 1 && words.length === 2) this.fail('long double is not supported', at);
    if (has('_Bool') && words.length === 1) return intType('_Bool');
    if (has('char') && rest.length === 1) return intType(unsigned ? 'unsigned char' : signed ? 'signed char' : 'char');
    if (has('__int128') && rest.length === 1) return intType(unsigned ? 'unsigned __int128' : '__int128');
    let name: string | undefined;
    if (rest.length === 0) name = 'int';
    else if (has('short') && rest.length === 1) name = 'short';
    else if (longs === rest.length && longs <= 2) name = longs === 1 ? 'long' : 'long long';
    if (!name || count('int') > 1) this.fail(`unsupported type '${words.join(' ')}'`, at);
    return intType(unsigned ? `unsigned ${name}` : name);
  }

  recordSpecifier(): CType {
    return parseRecordSpecifier(this);
  }
  enumSpecifier(): CType {
    return parseEnumSpecifier(this);
  }
  declarator(): Declarator {
    return parseDeclarator(this);
  }
  attributes(): Attrs {
    return parseAttributes(this);
  }

  /** Whether the next tokens start a type name (for sizeof(type) and casts). */
  startsTypeName(o = 0): boolean {
    const t = this.peek(o);
    if (t.kind !== 'ident') return false;
    return (
      INT_WORDS.has(t.text) || QUALS.has(t.text) || ['struct', 'union', 'enum'].includes(t.text) ||
      this.typedefs.has(t.text) || PRELUDE_TYPEDEFS[t.text] !== undefined
    );
  }

  /** A type name: specifiers plus an abstract declarator (for sizeof). */
  typeName(): CType {
    const spec = this.specifiers();
    return this.declarator().apply(spec.type);
  }
}



/** Parses C declarations; see the module comment for what is supported. */
export function parseC(src: string, diags: Diagnostic[] = []): { prog: CProgram; parser: CParser } {
  const parser = new CParser(src, diags);
  return { prog: parser.parse(), parser };
}
