/**
 * BTF → compilable C, a TypeScript rendition of libbpf 1.1's btf_dump.c (the engine behind
 * `bpftool btf dump file X format c`); its output is byte-identical.
 *
 * `dumpType(id)` orders the definitions `id` needs (c-order.ts) and emits each one, adding
 * forward declarations where a type is referenced while still being emitted. State persists
 * across calls, as in libbpf: a type is emitted once, and duplicate names get `___N`
 * suffixes in the order they are first printed (struct/union/enum names and typedef
 * names/enumerators are two separate namespaces).
 *
 * Output goes to `out` as many small strings; callers join or flush them in chunks.
 * Invariants: never throws on valid BTF; malformed references are reported via `warn`.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { Btf } from '../btf/btf';
import { TypeTables } from '../layout/type-tables';
import { emitTypeDecl } from './c-decl';
import { emitEnumDef, emitFwdDef, emitMissingAliases, emitStructDef, emitStructFwd, emitTypedefDef } from './c-defs';
import { ORDERED, markReferenced, orderType } from './c-order';
import { TypeMetrics } from './type-metrics';

const NOT_EMITTED = 0;
const EMITTING = 1;
const EMITTED = 2;

const TABS = '\t'.repeat(13);
const PFX: string[] = Array.from({ length: 14 }, (_, i) => TABS.slice(0, i));

/** Where each type's definition landed in the output (for `formatCType`). */
export interface DefSpans {
  start: Int32Array;
  end: Int32Array;
  lvl: Uint8Array;
}

export class CDumper {
  readonly t: TypeTables;
  readonly metrics: TypeMetrics;
  readonly ptrSize: number;
  readonly orderState: Uint8Array;
  readonly emitState: Uint8Array;
  readonly fwdEmitted: Uint8Array;
  readonly nameResolved: Uint8Array;
  readonly referenced: Uint8Array;
  private readonly cachedNames = new Map<number, string>();
  readonly typeNames = new Map<string, number>();
  readonly identNames = new Map<string, number>();
  emitQueue: number[] = [];
  readonly declStack: number[] = [];
  declStackCnt = 0;
  stripMods = false;
  skipAnonDefs = false;
  /** Output parts since the last flush, and the number of characters ever emitted. */
  out: string[] = [];
  len = 0;
  readonly warnings: string[] = [];
  spans: DefSpans | undefined;
  private readonly referencedOk: boolean;

  /** Emit libbpf 1.1's `mode(byte)`/`mode(word)` on odd-sized enums (not bpftool 7.1's output). */
  readonly enumModes: boolean;

  constructor(btf: Btf, opts: { recordSpans?: boolean; enumModes?: boolean } = {}) {
    this.enumModes = opts.enumModes ?? false;
    const t = TypeTables.of(btf);
    this.t = t;
    this.ptrSize = btf.pointerSize() || 8;
    this.metrics = new TypeMetrics(t, this.ptrSize);
    const n = t.count;
    this.orderState = new Uint8Array(n);
    this.emitState = new Uint8Array(n);
    this.fwdEmitted = new Uint8Array(n);
    this.nameResolved = new Uint8Array(n);
    this.referenced = new Uint8Array(n);
    // void is always "defined".
    this.orderState[0] = ORDERED;
    this.emitState[0] = EMITTED;
    this.referencedOk = markReferenced(this);
    if (opts.recordSpans) {
      this.spans = { start: new Int32Array(n).fill(-1), end: new Int32Array(n).fill(-1), lvl: new Uint8Array(n) };
    }
  }

  p(s: string): void {
    this.out.push(s);
    this.len += s.length;
  }

  pfx(lvl: number): string {
    return PFX[lvl < 13 ? lvl : 13]!;
  }

  warn(msg: string): void {
    if (this.warnings.length < 100) this.warnings.push(msg);
  }

  /** Start of a definition's text, or -1 when spans are off or `id` already has one. */
  beginSpan(id: number): number {
    return this.spans && this.spans.start[id] === -1 ? this.len : -1;
  }

  /** Remembers the first definition text of `id`, emitted at indent `lvl`. */
  endSpan(id: number, start: number, lvl: number): void {
    const s = this.spans;
    if (!s || start < 0 || s.start[id] !== -1) return;
    s.start[id] = start;
    s.end[id] = this.len;
    s.lvl[id] = Math.min(lvl, 255);
  }

  /**
   * btf_dump__dump_type: emits `id` and every definition it needs that is not out yet.
   * Returns 0, or a negative errno-like code when libbpf would fail (bpftool stops there).
   */
  dumpType(id: number): number {
    if (id >= this.t.count) return -22;
    if (!this.referencedOk) return -22;
    this.emitQueue.length = 0;
    const err = orderType(this, id, false);
    if (err < 0) return err;
    const q = this.emitQueue;
    this.emitQueue = [];
    for (let i = 0; i < q.length; i++) this.emitType(q[i]!, 0);
    return 0;
  }

  /** btf_dump_emit_type: emits `id` (or a forward declaration) as seen from container `contId`. */
  emitType(id: number, contId: number): void {
    const t = this.t;
    if (id >= t.count) return;
    const st = this.emitState[id];
    if (st === EMITTED) return;
    const kind = t.kind[id]!;
    const topLevel = contId === 0;

    if (st === EMITTING) {
      if (this.fwdEmitted[id]) return;
      if (kind === BtfKind.Struct || kind === BtfKind.Union) {
        // Referencing the struct we are inside needs no forward declaration.
        if (id === contId) return;
        if (t.nameOff[id] === 0) {
          this.warn(`anonymous struct/union loop, id:[${id}]`);
          return;
        }
        emitStructFwd(this, id);
        this.p(';\n\n');
        this.fwdEmitted[id] = 1;
      } else if (kind === BtfKind.Typedef) {
        // A typedef emitted here is usable through pointers only, not for embedding.
        if (!this.isBlacklisted(id)) {
          emitTypedefDef(this, id, 0);
          this.p(';\n\n');
        }
        this.fwdEmitted[id] = 1;
      }
      return;
    }

    switch (kind) {
      case BtfKind.Int:
        emitMissingAliases(this, id);
        this.emitState[id] = EMITTED;
        break;
      case BtfKind.Enum:
      case BtfKind.Enum64:
        if (topLevel) {
          emitEnumDef(this, id, 0);
          this.p(';\n\n');
        }
        this.emitState[id] = EMITTED;
        break;
      case BtfKind.Ptr:
      case BtfKind.Volatile:
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
        this.emitType(t.sizeOrType[id]!, contId);
        break;
      case BtfKind.Array:
        this.emitType(t.a[t.entryStart[id]!]!, contId);
        break;
      case BtfKind.Fwd:
        emitFwdDef(this, id);
        this.p(';\n\n');
        this.emitState[id] = EMITTED;
        break;
      case BtfKind.Typedef:
        this.emitState[id] = EMITTING;
        this.emitType(t.sizeOrType[id]!, id);
        // Unless a pointer user already forced it out, the typedef is emitted now.
        if (!this.fwdEmitted[id] && !this.isBlacklisted(id)) {
          emitTypedefDef(this, id, 0);
          this.p(';\n\n');
        }
        this.emitState[id] = EMITTED;
        break;
      case BtfKind.Struct:
      case BtfKind.Union: {
        this.emitState[id] = EMITTING;
        const named = t.nameOff[id] !== 0;
        // A definition (top level, or an anonymous one printed inline) needs its members'
        // types declared first.
        if (topLevel || !named) {
          const e0 = t.entryStart[id]!;
          const vlen = t.vlen[id]!;
          const newCont = named ? id : contId;
          for (let i = 0; i < vlen; i++) this.emitType(t.b[e0 + i]!, newCont);
        } else if (!this.fwdEmitted[id] && id !== contId) {
          emitStructFwd(this, id);
          this.p(';\n\n');
          this.fwdEmitted[id] = 1;
        }
        if (topLevel) {
          emitStructDef(this, id, 0);
          this.p(';\n\n');
          this.emitState[id] = EMITTED;
        } else {
          this.emitState[id] = NOT_EMITTED;
        }
        break;
      }
      case BtfKind.FuncProto: {
        this.emitType(t.sizeOrType[id]!, contId);
        const e0 = t.entryStart[id]!;
        const vlen = t.vlen[id]!;
        for (let i = 0; i < vlen; i++) this.emitType(t.b[e0 + i]!, contId);
        break;
      }
      default:
        break;
    }
  }

  /** __builtin_va_list is a compiler built-in: never redefine it. */
  private isBlacklisted(id: number): boolean {
    return this.t.nameOff[id] !== 0 && this.t.name(id) === '__builtin_va_list';
  }

  /** btf_dump_name_dups: counts one more use of `name` and returns the count. */
  nameDups(map: Map<string, number>, name: string): number {
    const n = (map.get(name) ?? 0) + 1;
    map.set(name, n);
    return n;
  }

  private resolveName(id: number, map: Map<string, number>): string {
    const t = this.t;
    if (t.nameOff[id] === 0) return '';
    const orig = t.name(id);
    if (this.nameResolved[id]) return this.cachedNames.get(id) ?? orig;
    const kind = t.kind[id];
    // Forward declarations and empty enums never clash with their definitions.
    if (kind === BtfKind.Fwd || (kind === BtfKind.Enum && t.vlen[id] === 0)) {
      this.nameResolved[id] = 1;
      return orig;
    }
    const dup = this.nameDups(map, orig);
    if (dup > 1) this.cachedNames.set(id, `${orig}___${dup}`.slice(0, 255));
    this.nameResolved[id] = 1;
    return this.cachedNames.get(id) ?? orig;
  }

  /** Struct/union/enum/fwd name, with a `___N` suffix when it clashes. */
  typeName(id: number): string {
    return this.resolveName(id, this.typeNames);
  }

  /** Typedef name, in the namespace shared with enumerators. */
  identName(id: number): string {
    return this.resolveName(id, this.identNames);
  }

  /** Writes a declaration of `fname` with type `id` (btf_dump__emit_type_decl). */
  emitDecl(id: number, fname: string, lvl = 0, stripMods = false): void {
    this.stripMods = stripMods;
    emitTypeDecl(this, id, fname, lvl);
    this.stripMods = false;
  }

  /** Takes the output gathered so far. */
  drain(): string {
    const s = this.out.join('');
    this.out = [];
    return s;
  }
}
