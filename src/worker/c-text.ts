/**
 * The dumpC request: one type's C text exactly as bpftool writes it (core's formatCType),
 * plus where type names occur in it so the page can make them clickable: `struct foo`,
 * `union foo`, `enum foo`, and identifiers that name a typedef in this BTF.
 */
import { type Btf, BtfKind, formatCType, writeCHeader } from '../core/index';
import type { TypeCView, TypeRef } from './layout-view-model';
import { findTypeKey, resolveTypeKey, typeKeyOf } from './type-key';
import { WorkerErrorCode } from './protocol';
import { WorkerError } from './worker-error';

const TOKEN = /\b(struct|union|enum)\s+([A-Za-z_]\w*)|[A-Za-z_]\w*/g;
const C_WORDS = new Set(['struct', 'union', 'enum', 'typedef', 'const', 'volatile', 'restrict', 'static', 'extern', 'void', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'float', 'double', '_Bool', 'inline', '__attribute__', 'packed', 'aligned']);

export function typeCView(btf: Btf, key: string): TypeCView {
  const id = resolveTypeKey(btf, key);
  const text = formatCType(btf, id);
  return {
    key,
    id,
    kind: btf.kind(id),
    name: btf.name(id),
    text,
    refs: findTypeRefs(btf, text, typeKeyOf(btf, id)),
    duplicates: findTypeKey(btf, key).length,
  };
}

export function findTypeRefs(btf: Btf, text: string, self: string): TypeRef[] {
  const refs: TypeRef[] = [];
  const typedefs = new Map<string, boolean>();
  const lines = text.split('\n');
  lines.forEach((lineText, i) => {
    for (const m of lineText.matchAll(TOKEN)) {
      let key: string | undefined;
      let column = m.index + 1;
      let length = m[0].length;
      if (m[1]) {
        key = `${m[1]}:${m[2]}`;
        column = m.index + m[0].length - m[2]!.length + 1;
        length = m[2]!.length;
      } else if (!C_WORDS.has(m[0])) {
        const name = m[0];
        let isTypedef = typedefs.get(name);
        if (isTypedef === undefined) {
          isTypedef = btf.findByName(name).some((t) => btf.kind(t) === BtfKind.Typedef);
          typedefs.set(name, isTypedef);
        }
        if (isTypedef) key = `typedef:${name}`;
      }
      if (key && key !== self && findTypeKey(btf, key).length) refs.push({ key, line: i + 1, column, length });
    }
  });
  return refs;
}

/**
 * "Copy C": the type and everything it needs to compile, exactly as `btfscope dump --format c
 * --type <key>` writes it (every type the key names; a function or variable stands for its
 * type, as there).
 */
export function typeCWithDeps(btf: Btf, key: string): { key: string; text: string } {
  const ids = findTypeKey(btf, key);
  if (!ids.length) throw new WorkerError(WorkerErrorCode.UnknownType, `no type ${key.replace(':', ' ')} in this file`);
  const rootIds = ids.map((id) => (btf.kind(id) === BtfKind.Func || btf.kind(id) === BtfKind.Var ? btf.sizeOrType(id) : id));
  const parts: string[] = [];
  const diags = writeCHeader(btf, (chunk) => parts.push(chunk), { rootIds });
  const error = diags.find((d) => d.severity === 'error');
  if (error) throw new WorkerError(error.code, error.message, diags);
  return { key, text: parts.join('') };
}
