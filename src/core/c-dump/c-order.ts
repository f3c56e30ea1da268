/**
 * The ordering half of libbpf 1.1's BTF-to-C converter (btf_dump.c `btf_dump_mark_referenced`,
 * `btf_dump_order_type`): a depth-first topological sort that queues every named definition a
 * type needs, distinguishing strong links (the definition must come first: embedded by value,
 * or reached through an anonymous type) from weak ones (a forward declaration suffices:
 * through a pointer to a named type).
 */
import { BtfKind } from '../btf/btf-kinds';
import type { CDumper } from './c-dumper';
import type { TypeTables } from '../layout/type-tables';

export const NOT_ORDERED = 0;
export const ORDERING = 1;
export const ORDERED = 2;

/** Result of orderType when the type graph has a cycle C cannot express. */
export const ORDER_LOOP = -40; // -ELOOP
export const ORDER_INVALID = -22; // -EINVAL

/**
 * Marks every type referenced from another one; top-level anonymous enums (global constants)
 * are the unreferenced ones. Returns false on a kind libbpf does not know (it fails there too).
 */
export function markReferenced(t: TypeTables, ref: Uint8Array): boolean {
  const n = t.count;
  const { kind, sizeOrType, entryStart, vlen, a, b } = t;
  for (let id = 1; id < n; id++) {
    switch (kind[id]) {
      case BtfKind.Int:
      case BtfKind.Enum:
      case BtfKind.Enum64:
      case BtfKind.Fwd:
      case BtfKind.Float:
        break;
      case BtfKind.Volatile:
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.Ptr:
      case BtfKind.Typedef:
      case BtfKind.Func:
      case BtfKind.Var:
      case BtfKind.DeclTag:
      case BtfKind.TypeTag: {
        const r = sizeOrType[id]!;
        if (r < n) ref[r] = 1;
        break;
      }
      case BtfKind.Array: {
        const e0 = entryStart[id]!;
        if (b[e0]! < n) ref[b[e0]!] = 1;
        if (a[e0]! < n) ref[a[e0]!] = 1;
        break;
      }
      case BtfKind.Struct:
      case BtfKind.Union:
      case BtfKind.FuncProto: {
        const e0 = entryStart[id]!;
        const e1 = e0 + vlen[id]!;
        for (let e = e0; e < e1; e++) if (b[e]! < n) ref[b[e]!] = 1;
        break;
      }
      case BtfKind.Datasec: {
        const e0 = entryStart[id]!;
        const e1 = e0 + vlen[id]!;
        for (let e = e0; e < e1; e++) if (a[e]! < n) ref[a[e]!] = 1;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/**
 * btf_dump_order_type: 1 if `id` is part of a strong link, 0 if a weak one, < 0 on error.
 * Queues named definitions in `d.emitQueue` in an order that compiles.
 */
export function orderType(d: CDumper, id: number, throughPtr: boolean): number {
  // libbpf recurses without limit (and crashes on cyclic typedef chains); we report instead.
  if (d.depth < MAX_DEPTH && id < d.t.count && d.orderState[id] === ORDERED) return 1;
  if (d.depth >= MAX_DEPTH) {
    d.warn(`type graph too deep or cyclic at [${id}]`);
    return ORDER_LOOP;
  }
  d.depth++;
  const r = orderTypeInner(d, id, throughPtr);
  d.depth--;
  return r;
}

/** Recursion limit for walks over the type graph (real kernels nest a few dozen deep). */
export const MAX_DEPTH = 400;

function orderTypeInner(d: CDumper, id: number, throughPtr: boolean): number {
  const t = d.t;
  if (id >= t.count) return ORDER_INVALID;
  const state = d.orderState;
  if (state[id] === ORDERED) return 1;
  const kind = t.kind[id]!;
  const named = t.nameOff[id] !== 0;

  if (state[id] === ORDERING) {
    // A loop is fine when it goes through a pointer to a named struct: a fwd decl breaks it.
    if ((kind === BtfKind.Struct || kind === BtfKind.Union) && throughPtr && named) return 0;
    d.warn(`unsatisfiable type cycle, id:[${id}]`);
    return ORDER_LOOP;
  }

  switch (kind) {
    case BtfKind.Int:
    case BtfKind.Float:
      state[id] = ORDERED;
      return 0;
    case BtfKind.Ptr: {
      const err = orderType(d, t.sizeOrType[id]!, true);
      state[id] = ORDERED;
      return err;
    }
    case BtfKind.Array:
      return orderType(d, t.a[t.entryStart[id]!]!, false);
    case BtfKind.Struct:
    case BtfKind.Union: {
      // Strong only when embedded (no pointer on the path) or anonymous (defined inline).
      if (throughPtr && named) return 0;
      state[id] = ORDERING;
      const e0 = t.entryStart[id]!;
      const vlen = t.vlen[id]!;
      for (let i = 0; i < vlen; i++) {
        const m = t.b[e0 + i]!;
        // Members already ordered answer 1: skip the call (most are, and calls are what
        // a cold run pays for).
        if (m < t.count && state[m] === ORDERED && d.depth < MAX_DEPTH) continue;
        const err = orderType(d, m, false);
        if (err < 0) return err;
      }
      if (named) d.enqueue(id);
      state[id] = ORDERED;
      return 1;
    }
    case BtfKind.Enum:
    case BtfKind.Enum64:
    case BtfKind.Fwd:
      // Named or unreferenced (global constants) enums are top-level declarations.
      if (named || !d.referenced[id]) d.enqueue(id);
      state[id] = ORDERED;
      return 1;
    case BtfKind.Typedef: {
      const isStrong = orderType(d, t.sizeOrType[id]!, throughPtr);
      if (isStrong < 0) return isStrong;
      // Like a struct: through a pointer a typedef of a weak thing is itself weak.
      if (throughPtr && !isStrong) return 0;
      d.enqueue(id);
      state[id] = ORDERED;
      return 1;
    }
    case BtfKind.Volatile:
    case BtfKind.Const:
    case BtfKind.Restrict:
    case BtfKind.TypeTag:
      return orderType(d, t.sizeOrType[id]!, throughPtr);
    case BtfKind.FuncProto: {
      let err = orderType(d, t.sizeOrType[id]!, throughPtr);
      if (err < 0) return err;
      let isStrong = err > 0;
      const e0 = t.entryStart[id]!;
      const vlen = t.vlen[id]!;
      for (let i = 0; i < vlen; i++) {
        err = orderType(d, t.b[e0 + i]!, throughPtr);
        if (err < 0) return err;
        if (err > 0) isStrong = true;
      }
      return isStrong ? 1 : 0;
    }
    case BtfKind.Func:
    case BtfKind.Var:
    case BtfKind.Datasec:
    case BtfKind.DeclTag:
      state[id] = ORDERED;
      return 0;
    default:
      return ORDER_INVALID;
  }
}
