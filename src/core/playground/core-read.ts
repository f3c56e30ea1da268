/**
 * CO-RE access chains as a BPF program writes them, turned into the relocations clang
 * would record: `BPF_CORE_READ(task, real_parent, tgid)` is two reads, `task->real_parent`
 * then `(that)->tgid`, each a `byte_off` relocation with an access string like "0:27"
 * against the pointee's struct (clang's __builtin_preserve_access_index). Also:
 * `task->a.b[2]` (one relocation, "0:i:j:2"), `BPF_CORE_READ_BITFIELD_PROBED(t, f)`
 * (byte_off, byte_sz, lshift_u64, rshift_u64, signed), `bpf_core_field_exists(t->f)`,
 * `bpf_core_field_size(t->f)`, `bpf_core_type_exists(struct x)`, `bpf_core_type_size(…)`.
 *
 * The root variable's type comes from a declaration in the same text
 * (`struct task_struct *task;`), a cast (`(struct task_struct *)t`), or `opts.rootType`.
 * A field found inside an anonymous struct/union member gets that member's index first,
 * as clang does (`0:5:1`).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfComposite } from '../btf/btf-types';
import { type Diagnostic, ErrorCode, type ParseResult } from '../diagnostics';

export interface CoreReadStep {
  /** enum bpf_core_relo_kind. */
  kind: number;
  /** Local type id the access string starts from (a struct/union, or the type itself). */
  typeId: number;
  accessString: string;
  /** The C expression this step reads, e.g. `task->real_parent`. */
  cExpr: string;
  /** Bytes the read loads (the field's size; 0 for type-based and existence checks). */
  byteSize: number;
}

const KIND = { byteOff: 0, byteSz: 1, exists: 2, signed: 3, lshift: 4, rshift: 5, typeExists: 8, typeSize: 9 } as const;

function err(message: string): Diagnostic {
  return { severity: 'error', code: ErrorCode.CSyntax, message };
}

/** Parses one chain expression (the last non-declaration statement of `src`). */
export function parseCoreRead(src: string, btf: Btf, opts: { rootType?: string } = {}): ParseResult<CoreReadStep[]> {
  const diagnostics: Diagnostic[] = [];
  const vars = new Map<string, string>();
  const declRe = /(?:^|[;\n])\s*((?:struct|union)\s+\w+)\s*\*\s*(\w+)\s*(?:=[^;]*)?;/g;
  for (let m; (m = declRe.exec(src)); ) vars.set(m[2]!, m[1]!);
  const stmts = src.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').split(';').map((s) => s.trim()).filter(Boolean);
  const expr = stmts.filter((s) => !/^(struct|union)\s+\w+\s*\*\s*\w+\s*(=.*)?$/s.test(s)).pop();
  if (!expr) return { value: [], diagnostics };
  const typeOf = (name: string): string | undefined => vars.get(name) ?? opts.rootType;
  try {
    return { value: parseExpr(expr.replace(/\s+/g, ' '), btf, typeOf), diagnostics };
  } catch (e) {
    diagnostics.push(err(e instanceof Error ? e.message : String(e)));
    return { diagnostics };
  }
}

function parseExpr(e: string, btf: Btf, typeOf: (v: string) => string | undefined): CoreReadStep[] {
  const call = /^(\w+)\s*\((.*)\)$/s.exec(e);
  if (!call) return [fieldStep(KIND.byteOff, e, btf, typeOf)];
  const [, fn, argText] = call as unknown as [string, string, string];
  const args = splitArgs(argText);
  switch (fn) {
    case 'BPF_CORE_READ': {
      if (args.length < 2) throw new Error('BPF_CORE_READ needs a source and at least one field');
      const steps: (CoreReadStep & { fieldTypeId: number })[] = [];
      let cur = args[0]!;
      let curType = rootOf(cur, btf, typeOf);
      for (const f of args.slice(1)) {
        const step = accessStep(KIND.byteOff, curType, `${cur}->${f}`, f, btf);
        steps.push(step);
        cur = `${cur}->${f}`;
        const fieldType = btf.skipModsAndTypedefs(step.fieldTypeId);
        if (f !== args[args.length - 1]) {
          if (btf.kind(fieldType) !== BtfKind.Ptr) throw new Error(`${cur} is not a pointer; BPF_CORE_READ cannot follow it`);
          curType = btf.skipModsAndTypedefs(btf.sizeOrType(fieldType));
        }
      }
      return steps.map(strip);
    }
    case 'BPF_CORE_READ_BITFIELD_PROBED':
    case 'BPF_CORE_READ_BITFIELD': {
      if (args.length !== 2) throw new Error(`${fn} takes a source and one field`);
      const kinds = fn === 'BPF_CORE_READ_BITFIELD' ? [KIND.byteOff, KIND.lshift, KIND.signed, KIND.rshift] : [KIND.byteOff, KIND.byteSz, KIND.lshift, KIND.signed, KIND.rshift];
      const root = rootOf(args[0]!, btf, typeOf);
      return kinds.map((k) => strip(accessStep(k, root, `${args[0]}->${args[1]}`, args[1]!, btf)));
    }
    case 'bpf_core_field_exists':
    case 'bpf_core_field_size':
    case 'bpf_core_field_offset': {
      if (args.length !== 1) throw new Error(`${fn} takes one field expression`);
      const k = fn === 'bpf_core_field_exists' ? KIND.exists : fn === 'bpf_core_field_size' ? KIND.byteSz : KIND.byteOff;
      return [fieldStep(k, args[0]!, btf, typeOf)];
    }
    case 'bpf_core_type_exists':
    case 'bpf_core_type_size': {
      const name = args[0]?.trim() ?? '';
      const id = lookupType(btf, name);
      return [{ kind: fn === 'bpf_core_type_exists' ? KIND.typeExists : KIND.typeSize, typeId: id, accessString: '0', cExpr: `${fn}(${name})`, byteSize: 0 }];
    }
    default:
      throw new Error(`unsupported call '${fn}' (BPF_CORE_READ, BPF_CORE_READ_BITFIELD[_PROBED], bpf_core_field_exists/size/offset, bpf_core_type_exists/size)`);
  }
}

/** `a->b.c[2]->d`: only the last `->` hop is one relocation; earlier hops need BPF_CORE_READ. */
function fieldStep(kind: number, e: string, btf: Btf, typeOf: (v: string) => string | undefined): CoreReadStep {
  const arrow = e.indexOf('->');
  if (arrow < 0) throw new Error(`'${e}' is not a field access (expected ptr->field)`);
  const base = e.slice(0, arrow).trim();
  const path = e.slice(arrow + 2).trim();
  if (path.includes('->')) throw new Error(`'${e}' dereferences twice; use BPF_CORE_READ(${base}, …) for pointer chains`);
  return strip(accessStep(kind, rootOf(base, btf, typeOf), e, path, btf));
}

function strip(s: CoreReadStep & { fieldTypeId: number }): CoreReadStep {
  const { fieldTypeId: _unused, ...rest } = s;
  void _unused;
  return rest;
}

/** The struct/union a pointer expression points to. */
function rootOf(expr: string, btf: Btf, typeOf: (v: string) => string | undefined): number {
  const cast = /^\(\s*((?:struct|union)\s+\w+)\s*\*\s*\)\s*(\w+)$/.exec(expr.trim());
  const typeName = cast ? cast[1]! : typeOf(expr.trim());
  if (!typeName) throw new Error(`the type of '${expr}' is unknown: declare it (struct task_struct *${expr};) or cast it`);
  return lookupType(btf, typeName);
}

function lookupType(btf: Btf, spelled: string): number {
  const m = /^(struct|union|enum|typedef)?\s*(\w+)$/.exec(spelled.trim());
  if (!m) throw new Error(`'${spelled}' is not a type name`);
  const kinds: readonly number[] | undefined = m[1] === 'union' ? [BtfKind.Union] : m[1] === 'struct' ? [BtfKind.Struct] : m[1] === 'enum' ? [BtfKind.Enum, BtfKind.Enum64] : m[1] === 'typedef' ? [BtfKind.Typedef] : undefined;
  const ids = btf.findByName(m[2]!).filter((id) => !kinds || kinds.includes(btf.kind(id)));
  if (!ids.length) throw new Error(`no type '${spelled.trim()}' in the program's BTF`);
  return ids[0]!;
}

/** One relocation: `path` (a.b[2].c) against the struct `rootId`, reached through a pointer. */
function accessStep(kind: number, rootId: number, cExpr: string, path: string, btf: Btf): CoreReadStep & { fieldTypeId: number } {
  const parts = path.match(/[A-Za-z_]\w*|\[\s*\d+\s*\]|\./g) ?? [];
  if (parts.join('').replace(/\s/g, '') !== path.replace(/\s/g, '')) throw new Error(`cannot parse the field path '${path}'`);
  const acc = [0];
  let cur = rootId;
  for (const p of parts) {
    if (p === '.') continue;
    const t = btf.skipModsAndTypedefs(cur);
    if (p.startsWith('[')) {
      if (btf.kind(t) !== BtfKind.Array) throw new Error(`${cExpr}: '${btf.name(t) || 'this member'}' is not an array`);
      const a = btf.type(t);
      if (a.kind !== BtfKind.Array) throw new Error('unreachable');
      acc.push(Number(p.slice(1, -1)));
      cur = a.elemTypeId;
      continue;
    }
    const found = findMember(btf, t, p);
    if (!found) throw new Error(`${cExpr}: ${describe(btf, t)} has no member '${p}'`);
    acc.push(...found.path);
    cur = found.typeId;
  }
  const byteSize = kind === KIND.byteOff ? safeSize(btf, cur) : 0;
  return { kind, typeId: rootId, accessString: acc.join(':'), cExpr, byteSize, fieldTypeId: cur };
}

function findMember(btf: Btf, id: number, name: string, depth = 0): { path: number[]; typeId: number } | undefined {
  const k = btf.kind(id);
  if ((k !== BtfKind.Struct && k !== BtfKind.Union) || depth > 16) return undefined;
  const t = btf.type(id) as BtfComposite;
  for (let i = 0; i < t.members.length; i++) {
    const m = t.members[i]!;
    if (m.name === name) return { path: [i], typeId: m.typeId };
    if (m.name === '') {
      const inner = findMember(btf, btf.skipModsAndTypedefs(m.typeId), name, depth + 1);
      if (inner) return { path: [i, ...inner.path], typeId: inner.typeId };
    }
  }
  return undefined;
}

function describe(btf: Btf, id: number): string {
  const k = btf.kind(id);
  const word = k === BtfKind.Struct ? 'struct' : k === BtfKind.Union ? 'union' : 'type';
  return `${word} ${btf.name(id) || '<anonymous>'}`;
}

function safeSize(btf: Btf, id: number): number {
  try {
    return btf.resolveSize(id);
  } catch {
    return 0;
  }
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
