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
 * Output is written as bytes into one growing buffer (names are copied straight from the BTF
 * string section), which callers decode and flush in chunks: no per-piece strings, no join.
 * Invariants: never throws on valid BTF; malformed references are reported via `warn`.
 */
import { BtfKind } from '../btf/btf-kinds';
import type { Btf } from '../btf/btf';
import { invalidTypeProblem } from '../btf/validate-btf';
import type { Diagnostic } from '../diagnostics';
import { TypeTables } from '../layout/type-tables';
import { emitTypeDecl } from './c-decl';
import { emitEnumDef, emitFwdDef, emitMissingAliases, emitStructDef, emitStructFwd, emitTypedefDef } from './c-defs';
import { MAX_DEPTH, ORDERED, markReferenced, orderType } from './c-order';
import { NameCounts, NameNumbers } from './name-counter';
import { TypeMetrics } from './type-metrics';

const NOT_EMITTED = 0;
const EMITTING = 1;
const EMITTED = 2;

const TABS = '\t'.repeat(13);
const PFX: string[] = Array.from({ length: 14 }, (_, i) => TABS.slice(0, i));
const utf8 = new TextEncoder();
const VA_LIST = utf8.encode('__builtin_va_list');
const decoder = new TextDecoder();

/** A declarator name: a string, or a BTF string offset (0 = no name) copied as bytes. */
export type FName = string | number;

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
  /** Resolved name of each type: 0 unresolved, 1 as is, N > 1 gets a `___N` suffix. */
  private readonly dup: Uint32Array;
  /** Every countable name, numbered by text. */
  readonly names: NameNumbers;
  /** Struct/union/enum names, and typedef names + enumerators (two C namespaces). */
  readonly typeNames: NameCounts;
  readonly identNames: NameCounts;
  /** Definitions queued by orderType for the current dumpType call. */
  emitQueue = new Int32Array(1024);
  emitQueueCnt = 0;
  /** Bits of long, int, short, char (btf_dump_emit_bit_padding's pads[]). */
  readonly padBits: readonly number[];
  readonly declStack: number[] = [];
  declStackCnt = 0;
  /** Current recursion depth of ordering/emitting (bounded: cyclic BTF must not overflow). */
  depth = 0;
  /** Frames (views into declStack) of nested declarations: start and remaining count. */
  readonly frameStart: number[] = [];
  readonly frameCnt: number[] = [];
  frameDepth = 0;
  stripMods = false;
  skipAnonDefs = false;
  /** Output bytes since the last drain; `flushed` counts bytes drained before. */
  buf: Uint8Array = new Uint8Array(1 << 22);
  len = 0;
  flushed = 0;
  /**
   * Where a full buffer goes instead of growing (streaming callers); each chunk is a view
   * valid only during the call.
   */
  sink: ((chunk: Uint8Array) => void) | undefined;
  /**
   * Set for text shown on screen: a run of more padding lines than this in one gap is cut
   * to its first lines plus a comment giving the rest's count and size (`omittedLines`/
   * `omittedBytes`). Unset, the output is bpftool's, line for line.
   */
  padLineLimit: number | undefined;
  omittedLines = 0;
  omittedBytes = 0;
  padLinesShown = 0;
  readonly warnings: string[] = [];
  spans: DefSpans | undefined;
  private readonly referencedOk: boolean;

  /** Emit libbpf 1.1's `mode(byte)`/`mode(word)` on odd-sized enums (not bpftool 7.1's output). */
  readonly enumModes: boolean;
  /** How names enter the text when not byte for byte (a terminal's escapes); unset: as they are. */
  readonly escapeName: ((name: string) => string) | undefined;

  private readonly btf: Btf;

  constructor(btf: Btf, opts: { recordSpans?: boolean; enumModes?: boolean; escapeName?: (name: string) => string } = {}) {
    this.btf = btf;
    this.enumModes = opts.enumModes ?? false;
    this.escapeName = opts.escapeName;
    const t = TypeTables.of(btf);
    this.t = t;
    // btf__pointer_size, or sizeof(void *) when BTF does not tell.
    this.ptrSize = t.pointerSize() || 8;
    this.metrics = new TypeMetrics(t, this.ptrSize);
    this.padBits = [this.ptrSize * 8, 32, 16, 8];
    const n = t.count;
    this.orderState = new Uint8Array(n);
    this.emitState = new Uint8Array(n);
    this.fwdEmitted = new Uint8Array(n);
    this.nameResolved = new Uint8Array(n);
    this.referenced = new Uint8Array(n);
    this.dup = new Uint32Array(n);
    this.referencedOk = markReferenced(t, this.referenced);
    this.names = new NameNumbers(t);
    this.typeNames = new NameCounts(this.names);
    this.identNames = new NameCounts(this.names);
    // void is always "defined".
    this.orderState[0] = ORDERED;
    this.emitState[0] = EMITTED;
    if (opts.recordSpans) {
      this.spans = { start: new Int32Array(n).fill(-1), end: new Int32Array(n).fill(-1), lvl: new Uint8Array(n) };
    }
  }

  private grow(need: number): void {
    if (this.sink) {
      // Streaming: hand the bytes on instead of growing, so memory stays flat even when one
      // definition is gigabytes long (a 4 GiB struct's `long: 64;` padding lines).
      const extra = need - this.len;
      if (this.len > 0) this.sink(this.takeBytes());
      if (extra <= this.buf.length) return;
      need = extra;
    }
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** Appends text (ASCII fast path). */
  p(s: string): void {
    const n = s.length;
    if (this.len + n * 3 + 1 > this.buf.length) this.grow(this.len + n * 3 + 1);
    // Most pieces are one character: '\n', ';', ' ', '*', '(', ')'.
    if (n === 1) {
      const c = s.charCodeAt(0);
      if (c < 0x80) {
        this.buf[this.len++] = c;
        return;
      }
    }
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Rare (non-ASCII names): encode the rest properly.
        const rest = utf8.encode(s.slice(i));
        this.len = len;
        if (len + rest.length > this.buf.length) this.grow(len + rest.length);
        this.buf.set(rest, this.len);
        this.len += rest.length;
        return;
      }
      buf[len++] = c;
    }
    this.len = len;
  }

  /** Appends BTF string `off` byte for byte. */
  pStr(off: number): void {
    const t = this.t;
    const start = off === 0 ? -1 : t.strBytesAt(off);
    if (start < 0) return;
    if (this.escapeName) {
      this.p(this.escapeName(t.str(off)));
      return;
    }
    const src = t.strBytes;
    // Names are short: one copy loop up to the NUL beats set(subarray()), which allocates a
    // view per name.
    let buf = this.buf;
    let len = this.len;
    for (let i = start; i < src.length; i++) {
      const c = src[i]!;
      if (c === 0) break;
      if (len === buf.length) {
        this.len = len;
        this.grow(len + 1);
        buf = this.buf;
        len = this.len;
      }
      buf[len++] = c;
    }
    this.len = len;
  }

  /** Appends a declarator name. */
  pName(name: FName): void {
    if (typeof name === 'number') this.pStr(name);
    else this.p(name);
  }

  /** Whether a declarator name is non-empty (C's `name[0]`). */
  hasName(name: FName): boolean {
    if (typeof name === 'string') return name !== '';
    if (name === 0) return false;
    const i = this.t.strBytesAt(name);
    return i >= 0 && this.t.strBytes[i] !== 0;
  }

  /** Absolute output position (for spans). */
  get pos(): number {
    return this.flushed + this.len;
  }

  pfx(lvl: number): string {
    return PFX[lvl < 13 ? lvl : 13]!;
  }

  warn(msg: string): void {
    if (this.warnings.length < 100) this.warnings.push(msg);
  }

  /** Start of a definition's text, or -1 when spans are off or `id` already has one. */
  beginSpan(id: number): number {
    return this.spans && this.spans.start[id] === -1 ? this.pos : -1;
  }

  /** Remembers the first definition text of `id`, emitted at indent `lvl`. */
  endSpan(id: number, start: number, lvl: number): void {
    const s = this.spans;
    if (!s || start < 0 || s.start[id] !== -1) return;
    s.start[id] = start;
    s.end[id] = this.pos;
    s.lvl[id] = Math.min(lvl, 255);
  }

  /**
   * btf_dump__dump_type: emits `id` and every definition it needs that is not out yet.
   * Returns 0, or a negative errno-like code when libbpf would fail (bpftool stops there).
   */
  dumpType(id: number): number {
    if (id >= this.t.count) return -22;
    if (!this.referencedOk) return -22;
    // Already ordered (as something an earlier type needed): nothing to queue or emit. Most
    // ids of a full dump end here.
    if (this.orderState[id] === ORDERED) return 0;
    this.emitQueueCnt = 0;
    this.depth = 0;
    const err = orderType(this, id, false);
    if (err < 0) return err;
    // Emitting never orders, so the queue is stable while we walk it.
    const q = this.emitQueue;
    const n = this.emitQueueCnt;
    for (let i = 0; i < n; i++) this.emitType(q[i]!, 0);
    return 0;
  }

  /** btf_dump_add_emit_queue_id. */
  enqueue(id: number): void {
    if (this.emitQueueCnt === this.emitQueue.length) {
      const q = new Int32Array(this.emitQueue.length * 2);
      q.set(this.emitQueue);
      this.emitQueue = q;
    }
    this.emitQueue[this.emitQueueCnt++] = id;
  }

  /** btf_dump_emit_type: emits `id` (or a forward declaration) as seen from container `contId`. */
  emitType(id: number, contId: number): void {
    if (this.depth >= MAX_DEPTH) {
      this.warn(`type graph too deep or cyclic at [${id}]`);
      return;
    }
    this.depth++;
    this.emitTypeInner(id, contId);
    this.depth--;
  }

  private emitTypeInner(id: number, contId: number): void {
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
          const emitState = this.emitState;
          for (let i = 0; i < vlen; i++) {
            const m = t.b[e0 + i]!;
            // Emitted members need nothing: skip the call.
            if (m < t.count && emitState[m] === EMITTED && this.depth < MAX_DEPTH) continue;
            this.emitType(m, newCont);
          }
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
    const t = this.t;
    const off = t.nameOff[id]!;
    if (off === 0) return false;
    const i = t.strBytesAt(off);
    if (i < 0) return false;
    const b = t.strBytes;
    // Compare bytes: decoding every typedef's name just for this would be wasteful.
    for (let k = 0; k < VA_LIST.length; k++) if (b[i + k] !== VA_LIST[k]) return false;
    return b[i + VA_LIST.length] === 0;
  }

  /** btf_dump_resolve_name: the `___N` number of `id`'s name (1: no suffix), resolved once. */
  private resolveDup(id: number, names: NameCounts): number {
    const done = this.dup[id]!;
    if (done) return done;
    const t = this.t;
    const kind = t.kind[id];
    const num = this.names.ofType[id]!;
    // Forward declarations and empty enums never clash with their definitions.
    const n =
      kind === BtfKind.Fwd || (kind === BtfKind.Enum && t.vlen[id] === 0) ? 1 : num ? names.inc(num) : names.incOff(t.nameOff[id]!);
    this.dup[id] = n;
    return n;
  }

  /** Type `id`'s name as it enters the text (escaped when `escapeName` is set). */
  nameOf(id: number): string {
    const name = this.t.name(id);
    return this.escapeName ? this.escapeName(name) : name;
  }

  private nameText(id: number, names: NameCounts): string {
    if (this.t.nameOff[id] === 0) return '';
    const n = this.resolveDup(id, names);
    return n > 1 ? `${this.nameOf(id)}___${n}`.slice(0, 255) : this.nameOf(id);
  }

  private writeName(id: number, names: NameCounts): void {
    const off = this.t.nameOff[id]!;
    if (off === 0) return;
    const n = this.resolveDup(id, names);
    if (n > 1) this.p(`${this.nameOf(id)}___${n}`.slice(0, 255));
    else this.pStr(off);
  }

  /** Struct/union/enum/fwd name, with a `___N` suffix when it clashes. */
  typeName(id: number): string {
    return this.nameText(id, this.typeNames);
  }

  /** Typedef name, in the namespace shared with enumerators. */
  identName(id: number): string {
    return this.nameText(id, this.identNames);
  }

  /** Writes `typeName(id)`. */
  pTypeName(id: number): void {
    this.writeName(id, this.typeNames);
  }

  /** Writes `identName(id)`. */
  pIdentName(id: number): void {
    this.writeName(id, this.identNames);
  }

  /** A typedef's name as a declarator: its string offset unless it needs a suffix. */
  identFName(id: number): FName {
    const off = this.t.nameOff[id]!;
    if (off === 0) return '';
    return this.resolveDup(id, this.identNames) > 1 ? this.identName(id) : off;
  }

  /** Writes a declaration of `fname` with type `id` (btf_dump__emit_type_decl). */
  emitDecl(id: number, fname: FName, lvl = 0, stripMods = false): void {
    this.stripMods = stripMods;
    emitTypeDecl(this, id, fname, lvl);
    this.stripMods = false;
  }

  /** Why the kernel would refuse type `id`, if it would (see validate-btf.ts). */
  invalid(id: number): Diagnostic | undefined {
    return invalidTypeProblem(this.btf, id);
  }

  /** Takes the output gathered so far as bytes: a view valid until the next write. */
  takeBytes(): Uint8Array {
    const b = this.buf.subarray(0, this.len);
    this.flushed += this.len;
    this.len = 0;
    return b;
  }

  /** Takes the output gathered so far as text. */
  drain(): string {
    const s = decoder.decode(this.buf.subarray(0, this.len));
    this.flushed += this.len;
    this.len = 0;
    return s;
  }
}
