/**
 * A small C declarator for explanation snippets: `unsigned int __state`, `struct file *f`,
 * `char comm[16]`. Anonymous structs/unions print as `struct { ... }` placeholders and
 * function pointers as `void *`: snippets only need the member's shape, not a full
 * vmlinux.h (for that, see c-dump/).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';

function baseName(btf: Btf, id: number): string {
  const k = btf.kind(id);
  const name = btf.name(id);
  switch (k) {
    case BtfKind.Unknown:
      return 'void';
    case BtfKind.Struct:
      return name ? `struct ${name}` : 'struct { /* ... */ }';
    case BtfKind.Union:
      return name ? `union ${name}` : 'union { /* ... */ }';
    case BtfKind.Enum:
    case BtfKind.Enum64:
      return name ? `enum ${name}` : 'int';
    case BtfKind.Fwd:
      return `${btf.kindFlag(id) ? 'union' : 'struct'} ${name}`;
    default:
      return name || 'int';
  }
}

/** `<type> <name>` for member type `id`, following pointers, arrays and qualifiers. */
export function declareC(btf: Btf, id: number, name: string): string {
  let decl = name;
  let quals = '';
  for (let depth = 0; depth < 32; depth++) {
    const k = btf.kind(id);
    if (k === BtfKind.Const || k === BtfKind.Volatile || k === BtfKind.Restrict || k === BtfKind.TypeTag) {
      if (k === BtfKind.Const) quals = 'const ' + quals;
      if (k === BtfKind.Volatile) quals = 'volatile ' + quals;
      id = btf.sizeOrType(id);
      continue;
    }
    if (k === BtfKind.Ptr) {
      const to = btf.skipModifiers(btf.sizeOrType(id));
      if (btf.kind(to) === BtfKind.FuncProto) return `void *${decl}`;
      decl = `*${quals.includes('const') ? 'const ' : ''}${decl}`;
      quals = '';
      id = btf.sizeOrType(id);
      continue;
    }
    if (k === BtfKind.Array) {
      const t = btf.type(id);
      if (t.kind !== BtfKind.Array) break;
      decl = decl.startsWith('*') ? `(${decl})[${t.nelems}]` : `${decl}[${t.nelems}]`;
      id = t.elemTypeId;
      continue;
    }
    return `${quals}${baseName(btf, id)} ${decl}`;
  }
  return `void *${name}`;
}
