/**
 * Type names as pahole 1.24 writes them (dwarves_fprintf.c `__tag__name`, `tag__ptr_name`,
 * `ftype__fprintf`, `ftype__fprintf_parms`), quirks included: `const char  *` (a const
 * prints with a trailing space, then pointers add " *"), `struct hlist_node * *`, arrays
 * named by their element type only, floats as `single float`.
 *
 * pahole formats into fixed C buffers (128 bytes for most type names, 1024 for a pointer's
 * target); names are cut where snprintf would cut them.
 */
import { BtfKind } from '../btf/btf-kinds';
import { type PaholeModel, Tag } from './pahole-model';

/** What snprintf(bf, len, ...) leaves in bf. */
function fit(s: string, len: number): string {
  return s.length < len ? s : s.slice(0, len - 1);
}

/** `<ERROR(...)>` text pahole prints for a type it did not load (e.g. TYPE_TAG in 1.24). */
export function notFound(fn: string, id: number): string {
  return `<ERROR(${fn}): 0x${id.toString(16)} not found!>`;
}

/** tag__name(type, bf, len): the name of type `id` (0 or not loaded: "void"). */
export function tagName(m: PaholeModel, id: number, len = 128): string {
  if (m.tag(id) === 0) return 'void';
  return tagNameInner(m, id, len, 0);
}

function tagNameInner(m: PaholeModel, id: number, len: number, depth: number): string {
  const t = m.t;
  const g = m.tag(id);
  if (g === Tag.None) return fit('void', len);
  if (depth > 32) return fit('<ERROR: type chain too deep>', len);
  switch (g) {
    case Tag.Base: {
      const name = t.name(id);
      if (t.kind[id] === BtfKind.Float) return fit(`single ${name}`, len);
      // base_type__name would prefix "bool ", but the BTF loader stores BTF_INT_BOOL (4) into
      // a 1-bit field, so it never does.
      return fit(name, len);
    }
    case Tag.Pointer:
      return ptrName(m, id, len, depth);
    case Tag.Volatile:
    case Tag.Const:
    case Tag.Restrict: {
      const ref = m.ref(id);
      if (ref !== 0 && m.tag(ref) === Tag.None) return fit(notFound('__tag__name', ref), len);
      if (hasTypeLoop(m, id, ref)) return fit(`<ERROR: detected type loop: type=${ref}>`, len);
      const inner = ref === 0 ? 'void' : tagNameInner(m, ref, 128, depth + 1);
      const prefix = g === Tag.Volatile ? 'volatile ' : g === Tag.Const ? 'const ' : '';
      const suffix = g === Tag.Restrict ? ' restrict' : '';
      return fit(`${prefix}${inner}${suffix} `, len);
    }
    case Tag.Array: {
      const ref = m.ref(id);
      if (m.tag(ref) === Tag.None) return fit(notFound('__tag__name', ref), len);
      if (hasTypeLoop(m, id, ref)) return fit(`<ERROR: detected type loop: type=${ref}>`, len);
      return tagNameInner(m, ref, len, depth + 1);
    }
    case Tag.Subroutine:
      return fit(ftypeText(m, id, null, false, false, 0, true, depth + 1), len);
    case Tag.Struct:
    case Tag.Union:
    case Tag.Enum: {
      const prefix = g === Tag.Struct ? 'struct ' : g === Tag.Union ? 'union ' : 'enum ';
      return fit(prefix + (m.typeName(id) ?? ''), len);
    }
    case Tag.Typedef:
      return fit(m.typeName(id) ?? '', len);
    default:
      return fit('', len);
  }
}

/** tag__has_type_loop: a type whose target refers to the same target. */
function hasTypeLoop(m: PaholeModel, tag: number, type: number): boolean {
  if (m.tag(type) === Tag.None) return false;
  return m.tagType(tag) === m.tagType(type);
}

/** tag__ptr_name: `<target> *`, with `const` moved next to the star for `T * const *`. */
function ptrName(m: PaholeModel, id: number, len: number, depth: number): string {
  const ref = m.ref(id);
  if (ref === 0) return fit('void *', len);
  if (m.tag(ref) === Tag.None) return fit(`${notFound('tag__ptr_name', ref)} *`, len);
  if (hasTypeLoop(m, id, ref)) return fit(`<ERROR: detected type loop: type=${ref}>`, len);
  let type = ref;
  let constPointer = '';
  if (m.tag(type) === Tag.Const) {
    const next = m.ref(type);
    if (next && m.tag(next) === Tag.Pointer) {
      constPointer = 'const ';
      type = next;
    }
  }
  return fit(`${tagNameInner(m, type, 1024, depth + 1)} ${constPointer}*`, len);
}

/**
 * ftype__fprintf: `<ret> (*name)(params)` (is_prototype) with the return type padded to
 * `typeSpacing`; `name` null prints nothing in its place.
 */
export function ftypeText(
  m: PaholeModel,
  protoId: number,
  name: string | null,
  inlined: boolean,
  isPointer: boolean,
  typeSpacing: number,
  isPrototype: boolean,
  depth = 0,
): string {
  const ret = m.ref(protoId);
  const stype = m.tag(ret) === Tag.None ? 'void' : tagNameInner(m, ret, 128, depth + 1);
  const head =
    (inlined ? 'inline ' : '') +
    padEnd(stype, typeSpacing) +
    ' ' +
    (isPrototype ? '(' : '') +
    (isPointer ? '*' : '') +
    (name ?? '') +
    (isPrototype ? ')' : '');
  return head + ftypeParams(m, protoId, depth);
}

/** ftype__fprintf_parms: `(t1, t2 name, ...)`, `(void)` when there are none. */
export function ftypeParams(m: PaholeModel, protoId: number, depth = 0): string {
  const t = m.t;
  const e0 = t.entryStart[protoId]!;
  const vlen = t.kind[protoId] === BtfKind.FuncProto ? t.vlen[protoId]! : 0;
  const parts: string[] = [];
  let unspec = false;
  for (let i = 0; i < vlen; i++) {
    const typeId = t.b[e0 + i]!;
    // A void parameter marks a variadic function; pahole does not list it.
    if (typeId === 0) {
      unspec = true;
      continue;
    }
    const name = t.a[e0 + i] ? t.str(t.a[e0 + i]!) : null;
    const g = m.tag(typeId);
    if (g === Tag.None) {
      parts.push(fit(`<ERROR: type ${typeId} not found>`, 128) + (name ? ' ' + name : ''));
      continue;
    }
    if (g === Tag.Pointer) {
      const target = m.ref(typeId);
      if (target !== 0 && m.tag(target) === Tag.Subroutine && depth < 32) {
        parts.push(ftypeText(m, target, name, false, true, 0, true, depth + 1));
        continue;
      }
      if (target !== 0 && m.tag(target) === Tag.None) {
        parts.push(notFound('ftype__fprintf_parms', target));
        continue;
      }
    } else if (g === Tag.Subroutine && depth < 32) {
      parts.push(ftypeText(m, typeId, name, true, false, 0, false, depth + 1));
      continue;
    }
    const stype = tagNameInner(m, typeId, 128, depth + 1);
    parts.push(name ? `${stype} ${name}` : stype);
  }
  if (!parts.length) return '(void)';
  return '(' + parts.join(', ') + (unspec ? ', ...)' : ')');
}

/** printf("%-*s", width, s): pads on the right; a negative width pads to its magnitude. */
export function padEnd(s: string, width: number): string {
  const w = Math.abs(width);
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}
