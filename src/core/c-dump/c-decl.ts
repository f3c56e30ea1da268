/**
 * C declarators from BTF type chains, as libbpf 1.1 writes them (btf_dump.c
 * `btf_dump_emit_type_decl`, `btf_dump_emit_type_chain`).
 *
 * A chain such as typedef → array → ptr → const → int is pushed on a stack until a terminal
 * type (int, float, enum, struct/union, fwd, typedef) is reached, then unwound: modifiers
 * before a terminal are written to its left (`const int`), after a pointer to its right
 * (`int * const`); arrays and function prototypes wrap what is left of the chain in
 * parentheses. Nested declarations (function parameters, inline anonymous structs) share one
 * stack, each working on its own frame.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { CDumper, FName } from './c-dumper';
import { emitEnumDef, emitFwdDef, emitStructDef, emitStructFwd } from './c-defs';
import { MAX_DEPTH } from './c-order';

/*
 * A frame is a view into the shared declaration stack, ids[start .. start + cnt), kept in
 * d.frameStart/d.frameCnt at index `f` (no object per declaration).
 */

function isMod(kind: number): boolean {
  return kind === BtfKind.Volatile || kind === BtfKind.Const || kind === BtfKind.Restrict || kind === BtfKind.TypeTag;
}

/** Writes the declaration of `fname` (may be '') with type `id`. */
export function emitTypeDecl(d: CDumper, id: number, fname: FName, lvl: number): void {
  // Declarations nest through prototypes and inline anonymous types; cyclic BTF must not
  // recurse (or loop, below) forever.
  if (d.depth >= MAX_DEPTH) {
    d.warn(`type graph too deep or cyclic at [${id}]`);
    return;
  }
  d.depth++;
  emitTypeDeclInner(d, id, fname, lvl);
  d.depth--;
}

function emitTypeDeclInner(d: CDumper, id: number, fname: FName, lvl: number): void {
  const t = d.t;
  // Fast path for most members and parameters: a named type (or void) behind zero or more
  // pointers needs no stack: `struct foo **name`. Same bytes as the chain below.
  let ptrs = 0;
  let tid = id;
  while (ptrs < 8 && tid !== 0 && tid < t.count && t.kind[tid] === BtfKind.Ptr) {
    tid = t.sizeOrType[tid]!;
    ptrs++;
  }
  if (tid < t.count && emitNamedTerminal(d, tid)) {
    if (ptrs > 0) d.p(STARS[ptrs]!);
    emitName(d, fname, ptrs > 0);
    return;
  }
  const stack = d.declStack;
  const stackStart = d.declStackCnt;
  for (let guard = 0; ; guard++) {
    if (guard > MAX_DEPTH) {
      d.warn(`declaration chain too long or cyclic at [${id}]`);
      break;
    }
    const kind = id < t.count ? t.kind[id]! : -1;
    if (!(d.stripMods && isMod(kind))) {
      stack[d.declStackCnt++] = id;
    }
    if (id === 0) break;
    if (kind === BtfKind.Ptr || isMod(kind) || kind === BtfKind.FuncProto) {
      id = t.sizeOrType[id]!;
    } else if (kind === BtfKind.Array) {
      id = t.a[t.entryStart[id]!]!;
    } else {
      if (
        kind !== BtfKind.Int &&
        kind !== BtfKind.Enum &&
        kind !== BtfKind.Enum64 &&
        kind !== BtfKind.Fwd &&
        kind !== BtfKind.Struct &&
        kind !== BtfKind.Union &&
        kind !== BtfKind.Typedef &&
        kind !== BtfKind.Float
      ) {
        d.warn(`unexpected type in decl chain, kind:${kind}, id:[${id}]`);
      }
      break;
    }
  }
  const f = d.frameDepth++;
  d.frameStart[f] = stackStart;
  d.frameCnt[f] = d.declStackCnt - stackStart;
  emitTypeChain(d, f, fname, lvl);
  d.frameDepth--;
  d.declStackCnt = stackStart;
}

/** ' *', ' **', …: pointers after a terminal type. */
const STARS: readonly string[] = Array.from({ length: 9 }, (_, i) => ' ' + '*'.repeat(i));

/**
 * Writes `id` when it is a terminal type printed by name (void, int, float, typedef, named
 * struct/union/enum, fwd) and returns true; writes nothing and returns false otherwise.
 */
function emitNamedTerminal(d: CDumper, id: number): boolean {
  const t = d.t;
  if (id === 0) {
    d.p('void');
    return true;
  }
  switch (t.kind[id]) {
    case BtfKind.Int:
    case BtfKind.Float:
      d.pStr(t.nameOff[id]!);
      return true;
    case BtfKind.Typedef:
      d.pIdentName(id);
      return true;
    case BtfKind.Struct:
    case BtfKind.Union:
      if (t.nameOff[id] === 0) return false;
      emitStructFwd(d, id);
      return true;
    case BtfKind.Enum:
    case BtfKind.Enum64:
      if (t.nameOff[id] === 0) return false;
      d.p('enum ');
      d.pTypeName(id);
      return true;
    case BtfKind.Fwd:
      emitFwdDef(d, id);
      return true;
    default:
      return false;
  }
}

/** Writes leading const/volatile/restrict of the frame's top and pops them. */
function emitMods(d: CDumper, f: number): void {
  const t = d.t;
  const start = d.frameStart[f]!;
  while (d.frameCnt[f]) {
    const id = d.declStack[start + d.frameCnt[f]! - 1]!;
    const kind = t.kind[id];
    if (kind === BtfKind.Volatile) d.p('volatile ');
    else if (kind === BtfKind.Const) d.p('const ');
    else if (kind === BtfKind.Restrict) d.p('restrict ');
    else return;
    d.frameCnt[f]!--;
  }
}

function dropMods(d: CDumper, f: number): void {
  const start = d.frameStart[f]!;
  while (d.frameCnt[f]) {
    const id = d.declStack[start + d.frameCnt[f]! - 1]!;
    if (!isMod(d.t.kind[id]!)) return;
    d.frameCnt[f]!--;
  }
}

function emitName(d: CDumper, name: FName, lastWasPtr: boolean): void {
  if (!d.hasName(name)) return;
  if (!lastWasPtr) d.p(' ');
  d.pName(name);
}

function emitTypeChain(d: CDumper, f: number, fname: FName, lvl: number): void {
  const t = d.t;
  const start = d.frameStart[f]!;
  // Single pointers in a chain (ptr → func_proto) print as (*name), no space before '*'.
  let lastWasPtr = true;
  while (d.frameCnt[f]) {
    const id = d.declStack[start + --d.frameCnt[f]!]!;
    if (id === 0) {
      emitMods(d, f);
      d.p('void');
      lastWasPtr = false;
      continue;
    }
    const kind = t.kind[id]!;
    switch (kind) {
      case BtfKind.Int:
      case BtfKind.Float:
        emitMods(d, f);
        d.pStr(t.nameOff[id]!);
        break;
      case BtfKind.Struct:
      case BtfKind.Union:
        emitMods(d, f);
        if (t.nameOff[id] === 0 && !d.skipAnonDefs) emitStructDef(d, id, lvl);
        else emitStructFwd(d, id);
        break;
      case BtfKind.Enum:
      case BtfKind.Enum64:
        emitMods(d, f);
        if (t.nameOff[id] === 0 && !d.skipAnonDefs) emitEnumDef(d, id, lvl);
        else {
          d.p('enum ');
          d.pTypeName(id);
        }
        break;
      case BtfKind.Fwd:
        emitMods(d, f);
        emitFwdDef(d, id);
        break;
      case BtfKind.Typedef:
        emitMods(d, f);
        d.pIdentName(id);
        break;
      case BtfKind.Ptr:
        d.p(lastWasPtr ? '*' : ' *');
        break;
      case BtfKind.Volatile:
        d.p(' volatile');
        break;
      case BtfKind.Const:
        d.p(' const');
        break;
      case BtfKind.Restrict:
        d.p(' restrict');
        break;
      case BtfKind.TypeTag:
        emitMods(d, f);
        d.p(` __attribute__((btf_type_tag("${d.nameOf(id)}")))`);
        break;
      case BtfKind.Array: {
        const nelems = t.c[t.entryStart[id]!]!;
        // GCC puts the element's const/volatile on the array too; they mean nothing there.
        dropMods(d, f);
        if (d.frameCnt[f] === 0) {
          emitName(d, fname, lastWasPtr);
          d.p(`[${nelems}]`);
          return;
        }
        const nextId = d.declStack[start + d.frameCnt[f]! - 1]!;
        const multidim = t.kind[nextId] === BtfKind.Array;
        if (!lastWasPtr && d.hasName(fname)) d.p(' ');
        if (!multidim) d.p('(');
        emitTypeChain(d, f, fname, lvl);
        if (!multidim) d.p(')');
        d.p(`[${nelems}]`);
        return;
      }
      case BtfKind.FuncProto: {
        const e0 = t.entryStart[id]!;
        const vlen = t.vlen[id]!;
        // GCC marks noreturn function pointers volatile; drop that like the array quirk.
        dropMods(d, f);
        if (d.frameCnt[f]) {
          d.p(' (');
          emitTypeChain(d, f, fname, lvl);
          d.p(')');
        } else {
          emitName(d, fname, lastWasPtr);
        }
        d.p('(');
        // No parameters, or clang's single void one: `f(void)`. (libbpf 1.1.2 printed `f()`;
        // the 6.1 stable tree that Debian's bpftool 7.1 is built from has the later fix.)
        if (vlen === 0 || (vlen === 1 && t.b[e0] === 0)) {
          d.p('void)');
          return;
        }
        for (let i = 0; i < vlen; i++) {
          if (i > 0) d.p(', ');
          // A trailing void parameter is the `...` of a variadic function.
          if (i === vlen - 1 && t.b[e0 + i] === 0) {
            d.p('...');
            break;
          }
          emitTypeDecl(d, t.b[e0 + i]!, t.a[e0 + i]!, lvl);
        }
        d.p(')');
        return;
      }
      default:
        d.warn(`unexpected type in decl chain, kind:${kind}, id:[${id}]`);
        return;
    }
    lastWasPtr = kind === BtfKind.Ptr;
  }
  emitName(d, fname, lastWasPtr);
}
