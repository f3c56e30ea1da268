/**
 * Struct, union and enum specifiers of the playground's C parser: definitions,
 * forward declarations and references by tag, members with bitfield widths and
 * attributes, anonymous struct/union members (C11), enumerators with constant values.
 */
import { cDiag } from './c-lexer';
import { parseConstExpr } from './c-const-expr';
import { maxDefined, parseAttributes, parseDeclarator } from './c-declarator';
import type { CParser } from './c-parser';
import { type CEnum, type CRecord, type CType, sizeAlign } from './c-types';

/** `struct|union [attrs] [name] [{ members }] [attrs]`. */
export function parseRecordSpecifier(p: CParser): CType {
  const kw = p.next();
  const kind = kw.text as 'struct' | 'union';
  const pre = parseAttributes(p);
  let name = '';
  if (p.peek().kind === 'ident' && !p.is('__attribute__')) name = p.next().text;
  if (!p.is('{')) {
    if (!name) p.fail(`expected a name or '{' after '${kind}'`);
    const have = p.tags.get(`${kind} ${name}`) as CRecord | undefined;
    if (have) return { k: 'record', rec: have };
    const rec: CRecord = { kind, name, members: null, packed: false, line: kw.line, col: kw.col };
    p.tags.set(`${kind} ${name}`, rec);
    p.prog.records.push(rec);
    return { k: 'record', rec };
  }
  let rec = name ? (p.tags.get(`${kind} ${name}`) as CRecord | undefined) : undefined;
  if (rec && rec.members !== null) p.fail(`redefinition of '${kind} ${name}'`, kw);
  if (!rec) {
    rec = { kind, name, members: null, packed: false, line: kw.line, col: kw.col };
    if (name) p.tags.set(`${kind} ${name}`, rec);
    p.prog.records.push(rec);
  }
  p.expect('{');
  const members: CRecord['members'] = [];
  while (!p.eat('}')) {
    if (p.peek().kind === 'eof') p.fail(`missing '}' to close ${kind} ${name || '<anonymous>'}`);
    parseMember(p, members);
  }
  const post = parseAttributes(p);
  rec.members = members;
  rec.packed = !!(pre.packed || post.packed);
  rec.alignAttr = maxDefined(pre.aligned, post.aligned);
  return { k: 'record', rec };
}

function parseMember(p: CParser, out: NonNullable<CRecord['members']>): void {
  const at = p.peek();
  if (p.is('_Static_assert') || p.is('static_assert')) return p.staticAssert();
  const spec = p.specifiers();
  if (spec.typedef) p.fail('typedef inside a struct', at);
  if (p.eat(';')) {
    // `struct { … };` inside a record: an anonymous member (C11); a named one declares a tag only.
    if (spec.type.k === 'record' && spec.type.rec.name === '') out.push({ name: '', type: spec.type, line: at.line, col: at.col });
    else p.diags.push(cDiag('warning', at.line, at.col, 'declaration does not declare a member'));
    return;
  }
  for (;;) {
    const dAt = p.peek();
    const d = p.is(':') ? { name: '', apply: (t: CType) => t } : parseDeclarator(p);
    let bitWidth: number | undefined;
    if (p.eat(':')) {
      const wAt = p.peek();
      const w = parseConstExpr(p);
      const { size } = sizeAlign(d.apply(spec.type), wAt);
      if (w < 0n || w > BigInt(size * 8)) p.fail(`bitfield width ${w} does not fit its ${size}-byte type`, wAt);
      if (w === 0n && d.name) p.fail('a zero-width bitfield cannot have a name', wAt);
      bitWidth = Number(w);
    }
    const attrs = parseAttributes(p);
    const type = d.apply(spec.type);
    if (type.k === 'func') p.fail('a struct member cannot be a function (use a pointer)', dAt);
    if (bitWidth === undefined && !d.name) p.fail('a member needs a name', dAt);
    out.push({
      name: d.name,
      type,
      bitWidth,
      alignAttr: maxDefined(spec.attrs.aligned, attrs.aligned),
      packed: !!(spec.attrs.packed || attrs.packed) || undefined,
      line: dAt.line,
      col: dAt.col,
    });
    if (p.eat(',')) continue;
    p.expect(';');
    return;
  }
}

export function parseEnumSpecifier(p: CParser): CType {
  const kw = p.next();
  const pre = parseAttributes(p);
  let name = '';
  if (p.peek().kind === 'ident' && !p.is('__attribute__')) name = p.next().text;
  if (p.eat(':')) p.fail('enums with a fixed underlying type are not supported');
  if (!p.is('{')) {
    if (!name) p.fail("expected a name or '{' after 'enum'");
    const have = p.tags.get(`enum ${name}`) as CEnum | undefined;
    if (have) return { k: 'enum', en: have };
    const en: CEnum = { name, values: null, packed: false, line: kw.line, col: kw.col };
    p.tags.set(`enum ${name}`, en);
    p.prog.enums.push(en);
    return { k: 'enum', en };
  }
  p.expect('{');
  const values: { name: string; value: bigint }[] = [];
  let next = 0n;
  while (!p.eat('}')) {
    const id = p.next();
    if (id.kind !== 'ident') p.fail('expected an enumerator name', id);
    if (p.eat('=')) next = parseConstExpr(p);
    values.push({ name: id.text, value: next });
    p.enumConsts.set(id.text, next);
    next++;
    if (!p.eat(',')) {
      p.expect('}');
      break;
    }
  }
  const post = parseAttributes(p);
  let en = name ? (p.tags.get(`enum ${name}`) as CEnum | undefined) : undefined;
  if (en && en.values !== null) p.fail(`redefinition of 'enum ${name}'`, kw);
  if (!en) {
    en = { name, values: null, packed: false, line: kw.line, col: kw.col };
    if (name) p.tags.set(`enum ${name}`, en);
    p.prog.enums.push(en);
  }
  en.values = values;
  en.packed = !!(pre.packed || post.packed);
  return { k: 'enum', en };
}
