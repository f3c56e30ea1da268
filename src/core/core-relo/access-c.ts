/**
 * Rendering a CO-RE access string as the C expression a developer wrote: `0:2:0` on
 * `struct cred` becomes `cred->uid.val`; `0:1:3` on a struct with an array member becomes
 * `s->a[3]`; anonymous struct/union members are walked through silently, as C does.
 * Type-based relocations render as their type (`struct foo`), enumerator ones as
 * `enum foo::BAR`.
 */
import type { Btf } from '../btf/btf';
import { typeOf } from './btf-helpers';
import { BtfKind, kindKeyword } from '../btf/btf-kinds';
import { isEnumvalBased, isTypeBased } from './relo-kinds';

/** `struct task_struct`, `union u`, `enum e`, `typedef_name`, `int`. */
export function typeLabel(btf: Btf, id: number): string {
  if (id === 0) return 'void';
  const k = btf.kind(id);
  const name = btf.name(id) || '(anon)';
  if (k === BtfKind.Struct || k === BtfKind.Union || k === BtfKind.Enum || k === BtfKind.Enum64 || k === BtfKind.Fwd) {
    const kw = k === BtfKind.Fwd ? (btf.kindFlag(id) ? 'union' : 'struct') : kindKeyword(k);
    return `${kw} ${name}`;
  }
  return name;
}

/** A C-ish variable name for the root object: the type's name (flavor included). */
function rootVar(btf: Btf, id: number): string {
  return btf.name(id) || 'obj';
}

/**
 * The C expression for a relocation's access. Never throws: falls back to the raw access
 * string when the path does not fit the types.
 */
export function formatAccessC(btf: Btf, typeId: number, accessStr: string, kind: number): string {
  try {
    if (isTypeBased(kind)) return typeLabel(btf, typeId);
    const raw = accessStr.split(':').map((s) => Number(s));
    if (raw.some((n) => !Number.isInteger(n) || n < 0)) return accessStr;
    if (isEnumvalBased(kind)) {
      const t = typeOf(btf, btf.skipModsAndTypedefs(typeId));
      if (t.kind !== BtfKind.Enum && t.kind !== BtfKind.Enum64) return accessStr;
      return `${typeLabel(btf, typeId)}::${t.values[raw[0]!]?.name ?? `#${raw[0]}`}`;
    }
    let s = rootVar(btf, typeId);
    let pendingDeref = raw[0] === 0;
    if (raw[0] !== 0) s += `[${raw[0]}]`;
    let id = typeId;
    for (let i = 1; i < raw.length; i++) {
      id = btf.skipModsAndTypedefs(id);
      const t = typeOf(btf, id);
      const idx = raw[i]!;
      if (t.kind === BtfKind.Struct || t.kind === BtfKind.Union) {
        const m = t.members[idx];
        if (!m) return accessStr;
        if (m.name) {
          s += `${pendingDeref ? '->' : '.'}${m.name}`;
          pendingDeref = false;
        }
        id = m.typeId;
      } else if (t.kind === BtfKind.Array) {
        s += `[${idx}]`;
        pendingDeref = false;
        id = t.elemTypeId;
      } else {
        return accessStr;
      }
    }
    return pendingDeref ? `*${s}` : s;
  } catch {
    return accessStr;
  }
}
