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
  sizeAlign,
} from './c-types';
import { parseConstExpr } from './c-const-expr';

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

interface Attrs {
  packed?: boolean;
  aligned?: number;
}

const QUALS = new Set(['const', 'volatile', 'restrict', '__restrict', '__volatile__', '__const']);
const IGNORED_SPECS = new Set(['static', 'extern', 'inline', '__inline', '__inline__', '__extension__', 'register', 'auto', '_Thread_local']);
const INT_WORDS = new Set(['signed', '__signed__', 'unsigned', 'char', 'short', 'int', 'long', '_Bool', 'float', 'double', 'void', '__int128']);

export class CParser {
  private toks: Token[];
  private p = 0;
  readonly diags: Diagnostic[];
  readonly prog: CProgram = { records: [], enums: [], typedefs: [] };
  private readonly tags = new Map<string, CRecord | CEnum>();
  private readonly typedefs = new Map<string, CTypedef>();
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
  private is(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind !== 'eof' && t.kind !== 'number' && t.text === text;
  }
  private eat(text: string): boolean {
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

  private staticAssert(): void {
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

  private typedefType(name: string): CType | undefined {
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

  /** `struct|union [attrs] [name] [{ members }] [attrs]`. */
  private recordSpecifier(): CType {
    const kw = this.next();
    const kind = kw.text as 'struct' | 'union';
    const pre = this.attributes();
    let name = '';
    if (this.peek().kind === 'ident' && !this.is('__attribute__')) name = this.next().text;
    if (!this.is('{')) {
      if (!name) this.fail(`expected a name or '{' after '${kind}'`);
      const have = this.tags.get(`${kind} ${name}`) as CRecord | undefined;
      if (have) return { k: 'record', rec: have };
      const rec: CRecord = { kind, name, members: null, packed: false, line: kw.line, col: kw.col };
      this.tags.set(`${kind} ${name}`, rec);
      this.prog.records.push(rec);
      return { k: 'record', rec };
    }
    let rec = name ? (this.tags.get(`${kind} ${name}`) as CRecord | undefined) : undefined;
    if (rec && rec.members !== null) this.fail(`redefinition of '${kind} ${name}'`, kw);
    if (!rec) {
      rec = { kind, name, members: null, packed: false, line: kw.line, col: kw.col };
      if (name) this.tags.set(`${kind} ${name}`, rec);
      this.prog.records.push(rec);
    }
    this.expect('{');
    const members: CRecord['members'] = [];
    while (!this.eat('}')) {
      if (this.peek().kind === 'eof') this.fail(`missing '}' to close ${kind} ${name || '<anonymous>'}`);
      this.member(members);
    }
    const post = this.attributes();
    rec.members = members;
    rec.packed = !!(pre.packed || post.packed);
    rec.alignAttr = maxDefined(pre.aligned, post.aligned);
    return { k: 'record', rec };
  }

  private member(out: NonNullable<CRecord['members']>): void {
    const at = this.peek();
    if (this.is('_Static_assert') || this.is('static_assert')) return this.staticAssert();
    const spec = this.specifiers();
    if (spec.typedef) this.fail('typedef inside a struct', at);
    if (this.eat(';')) {
      // `struct { … };` inside a record: an anonymous member (C11); a named one declares a tag only.
      if (spec.type.k === 'record' && spec.type.rec.name === '') out.push({ name: '', type: spec.type, line: at.line, col: at.col });
      else this.diags.push(cDiag('warning', at.line, at.col, 'declaration does not declare a member'));
      return;
    }
    for (;;) {
      const dAt = this.peek();
      const d = this.is(':') ? { name: '', apply: (t: CType) => t } : this.declarator();
      let bitWidth: number | undefined;
      if (this.eat(':')) {
        const wAt = this.peek();
        const w = parseConstExpr(this);
        const { size } = sizeAlign(d.apply(spec.type), wAt);
        if (w < 0n || w > BigInt(size * 8)) this.fail(`bitfield width ${w} does not fit its ${size}-byte type`, wAt);
        if (w === 0n && d.name) this.fail('a zero-width bitfield cannot have a name', wAt);
        bitWidth = Number(w);
      }
      const attrs = this.attributes();
      const type = d.apply(spec.type);
      if (type.k === 'func') this.fail('a struct member cannot be a function (use a pointer)', dAt);
      if (bitWidth === undefined && !d.name) this.fail('a member needs a name', dAt);
      out.push({
        name: d.name,
        type,
        bitWidth,
        alignAttr: maxDefined(spec.attrs.aligned, attrs.aligned),
        packed: !!(spec.attrs.packed || attrs.packed) || undefined,
        line: dAt.line,
        col: dAt.col,
      });
      if (this.eat(',')) continue;
      this.expect(';');
      return;
    }
  }

  private enumSpecifier(): CType {
    const kw = this.next();
    const pre = this.attributes();
    let name = '';
    if (this.peek().kind === 'ident' && !this.is('__attribute__')) name = this.next().text;
    if (this.eat(':')) this.fail('enums with a fixed underlying type are not supported');
    if (!this.is('{')) {
      if (!name) this.fail("expected a name or '{' after 'enum'");
      const have = this.tags.get(`enum ${name}`) as CEnum | undefined;
      if (have) return { k: 'enum', en: have };
      const en: CEnum = { name, values: null, packed: false, line: kw.line, col: kw.col };
      this.tags.set(`enum ${name}`, en);
      this.prog.enums.push(en);
      return { k: 'enum', en };
    }
    this.expect('{');
    const values: { name: string; value: bigint }[] = [];
    let next = 0n;
    while (!this.eat('}')) {
      const id = this.next();
      if (id.kind !== 'ident') this.fail('expected an enumerator name', id);
      if (this.eat('=')) next = parseConstExpr(this);
      values.push({ name: id.text, value: next });
      this.enumConsts.set(id.text, next);
      next++;
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    const post = this.attributes();
    let en = name ? (this.tags.get(`enum ${name}`) as CEnum | undefined) : undefined;
    if (en && en.values !== null) this.fail(`redefinition of 'enum ${name}'`, kw);
    if (!en) {
      en = { name, values: null, packed: false, line: kw.line, col: kw.col };
      if (name) this.tags.set(`enum ${name}`, en);
      this.prog.enums.push(en);
    }
    en.values = values;
    en.packed = !!(pre.packed || post.packed);
    return { k: 'enum', en };
  }

  /** A (possibly abstract) declarator: returns the name and how it wraps the base type. */
  declarator(): { name: string; apply: (t: CType) => CType } {
    const ptrQuals: ('const' | 'volatile' | 'restrict')[][] = [];
    while (this.eat('*')) {
      const qs: ('const' | 'volatile' | 'restrict')[] = [];
      while (this.peek().kind === 'ident' && (QUALS.has(this.peek().text) || this.is('__attribute__'))) {
        if (this.is('__attribute__')) this.attributes();
        else qs.push(qualOf(this.next().text));
      }
      ptrQuals.push(qs);
    }
    let inner: { name: string; apply: (t: CType) => CType } = { name: '', apply: (t) => t };
    if (this.is('(') && (this.is('*', 1) || this.is('(', 1))) {
      this.next();
      inner = this.declarator();
      this.expect(')');
    } else if (this.peek().kind === 'ident' && !this.is('__attribute__') && !this.typedefs.has(this.peek().text)) {
      inner = { name: this.next().text, apply: (t) => t };
    }
    const suffixes: ((t: CType) => CType)[] = [];
    for (;;) {
      if (this.eat('[')) {
        if (this.eat(']')) {
          suffixes.push((t) => ({ k: 'array', of: t, n: null }));
          continue;
        }
        const at = this.peek();
        const n = parseConstExpr(this);
        if (n < 0n || n > 0xffffffffn) this.fail(`array size ${n} is out of range`, at);
        this.expect(']');
        suffixes.push((t) => ({ k: 'array', of: t, n: Number(n) }));
      } else if (this.eat('(')) {
        const fn = this.params();
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

  private params(): { params: { name: string; type: CType }[]; variadic: boolean } {
    const params: { name: string; type: CType }[] = [];
    let variadic = false;
    if (this.eat(')')) return { params, variadic };
    if (this.is('void') && this.is(')', 1)) {
      this.p += 2;
      return { params, variadic };
    }
    for (;;) {
      if (this.eat('...')) {
        variadic = true;
        this.expect(')');
        return { params, variadic };
      }
      const spec = this.specifiers();
      const d = this.declarator();
      this.attributes();
      let type = d.apply(spec.type);
      if (type.k === 'array') type = { k: 'ptr', to: type.of }; // parameter arrays decay
      params.push({ name: d.name, type });
      if (this.eat(')')) return { params, variadic };
      this.expect(',', "',' or ')'");
    }
  }

  /** Any run of `__attribute__((…))`, `__packed`, `__aligned(N)`. Unknown attributes: warning. */
  attributes(): Attrs {
    const a: Attrs = {};
    for (;;) {
      if (this.eat('__packed')) a.packed = true;
      else if (this.is('__aligned')) {
        this.next();
        this.expect('(');
        a.aligned = maxDefined(a.aligned, this.alignValue());
        this.expect(')');
      } else if (this.is('__attribute__')) {
        this.next();
        this.expect('(');
        this.expect('(');
        while (!this.is(')')) {
          const t = this.next();
          const name = t.text.replace(/^__(.*)__$/, '$1');
          if (name === 'packed') a.packed = true;
          else if (name === 'aligned') {
            if (!this.eat('(')) this.fail('aligned needs a value here: aligned(N)', t);
            a.aligned = maxDefined(a.aligned, this.alignValue());
            this.expect(')');
          } else {
            if (!/^(preserve_access_index|unused|used|always_inline|noinline|section)$/.test(name)) {
              this.diags.push(cDiag('warning', t.line, t.col, `attribute '${t.text}' ignored`));
            }
            if (this.eat('(')) this.skipBalanced();
          }
          if (!this.eat(',')) break;
        }
        this.expect(')');
        this.expect(')');
      } else return a;
    }
  }

  private alignValue(): number {
    const at = this.peek();
    const v = parseConstExpr(this);
    if (v <= 0n || v > 4096n || (v & (v - 1n)) !== 0n) this.fail(`alignment ${v} is not a power of two`, at);
    return Number(v);
  }

  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0 && this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
    }
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

function qualOf(text: string): 'const' | 'volatile' | 'restrict' {
  return text.includes('const') ? 'const' : text.includes('volatile') ? 'volatile' : 'restrict';
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** Parses C declarations; see the module comment for what is supported. */
export function parseC(src: string, diags: Diagnostic[] = []): { prog: CProgram; parser: CParser } {
  const parser = new CParser(src, diags);
  return { prog: parser.parse(), parser };
}
