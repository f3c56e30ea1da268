/**
 * vmlinux.h: the whole BTF, or some root types and everything they need, as compilable C,
 * byte-identical to `bpftool btf dump file X format c` (bpftool 7.1 btf.c `dump_btf_c`), plus
 * the per-type C text the UI shows.
 *
 * bpftool wraps the types in an include guard and a `preserve_access_index` pragma, and
 * dumps ids 1..N in order (base types included for split BTF) when no root is given. When
 * libbpf fails on a type, bpftool stops there without the footer; so do we, with an error
 * diagnostic.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { CDumper } from './c-dumper';
import { emitEnumDef, emitStructDef } from './c-defs';

const HEADER =
  '#ifndef __VMLINUX_H__\n' +
  '#define __VMLINUX_H__\n' +
  '\n' +
  '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n' +
  '#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n' +
  '#endif\n\n';

const FOOTER =
  '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n' + '#pragma clang attribute pop\n' + '#endif\n' + '\n' + '#endif /* __VMLINUX_H__ */\n';

export interface CHeaderOptions {
  /** Dump only these types and what they need, in this order (bpftool's `root_id`s). */
  rootIds?: readonly number[];
  /** Flush output to `write` roughly every this many characters (default 64 KiB). */
  chunkChars?: number;
  /**
   * Add `__attribute__((mode(byte)))` / `mode(word)` to 1- and 8-byte enums, as libbpf 1.1
   * does, so that structs embedding them keep their BTF layout in C. Off by default: bpftool
   * 7.1 (built with the Linux 6.1 libbpf) does not, and the default output is byte-identical
   * to it.
   */
  enumModes?: boolean;
  /**
   * How names enter the text (the CLI on a terminal escapes them, so a line feed in a name
   * cannot forge a line); unset, they are copied byte for byte.
   */
  escapeName?: (name: string) => string;
}

/** Streams the C header to `write`; returns diagnostics (errors when libbpf would fail). */
export function writeCHeader(btf: Btf, write: (chunk: string) => void, opts: CHeaderOptions = {}): Diagnostic[] {
  const dec = new TextDecoder();
  const diags = writeCHeaderBytes(btf, (b) => write(dec.decode(b, { stream: true })), opts);
  const tail = dec.decode();
  if (tail) write(tail);
  return diags;
}

/**
 * `writeCHeader` as UTF-8 bytes, for callers that pass them on unchanged (the CLI writes them
 * to stdout: no decode and re-encode). Each chunk is a view of the dumper's buffer, valid only
 * during the call.
 */
export function writeCHeaderBytes(btf: Btf, write: (chunk: Uint8Array) => void, opts: CHeaderOptions = {}): Diagnostic[] {
  const d = new CDumper(btf, opts.escapeName ? { enumModes: opts.enumModes ?? false, escapeName: opts.escapeName } : { enumModes: opts.enumModes ?? false });
  return runDump(d, write, opts);
}

/** Runs the dump; with no `write`, the whole text stays in `d.buf` (for spans). */
function runDump(d: CDumper, write: ((chunk: Uint8Array) => void) | undefined, opts: CHeaderOptions): Diagnostic[] {
  const chunk = write ? (opts.chunkChars ?? 1 << 16) : Infinity;
  const diags: Diagnostic[] = [];
  // A definition longer than the buffer is flushed as it is written (memory stays flat).
  d.sink = write;
  d.p(HEADER);
  const ids = opts.rootIds;
  const n = ids ? ids.length : d.t.count;
  for (let i = ids ? 0 : 1; i < n; i++) {
    const id = ids ? ids[i]! : i;
    const err = d.dumpType(id);
    if (err < 0) {
      diags.push({
        severity: 'error',
        code: ErrorCode.CDumpFailed,
        message: `cannot dump type [${id}] as C (${err === -40 ? 'unsatisfiable type cycle' : 'invalid type'}); output stops here, as bpftool's does`,
      });
      break;
    }
    if (d.len >= chunk) write!(d.takeBytes());
  }
  if (!diags.length) d.p(FOOTER);
  if (write) write(d.takeBytes());
  d.sink = undefined;
  for (const w of d.warnings) diags.push({ severity: 'warning', code: ErrorCode.CDumpFailed, message: w });
  return diags;
}

/** The C header as one string (see `writeCHeader`). */
export function formatCHeader(btf: Btf, opts: CHeaderOptions = {}): { value: string; diagnostics: Diagnostic[] } {
  const parts: string[] = [];
  const diagnostics = writeCHeader(btf, (c) => parts.push(c), opts);
  return { value: parts.join(''), diagnostics };
}

/** Padding lines per gap that `formatCType` shows before cutting (8 KiB of `long: 64;`). */
export const SCREEN_PAD_LINES = 1024;

interface FullDump {
  bytes: Uint8Array;
  d: CDumper;
}
const fullDumps = new WeakMap<Btf, FullDump>();

/** The full dump of `btf` with the span of every definition in it (built once per Btf). */
function fullDump(btf: Btf): FullDump {
  let f = fullDumps.get(btf);
  if (!f) {
    const d = new CDumper(btf, { recordSpans: true });
    // For the screen: huge padding runs (a struct of gigabytes) are cut to a counted excerpt.
    d.padLineLimit = SCREEN_PAD_LINES;
    // No sink: the bytes stay in the dumper's buffer and spans index them.
    runDump(d, undefined, {});
    f = { bytes: d.buf.subarray(0, d.len), d };
    fullDumps.set(btf, f);
  }
  return f;
}

/** Removes `lvl` leading tabs from every continuation line of an inline definition. */
function dedent(s: string, lvl: number): string {
  if (lvl === 0) return s;
  return s.split('\n' + '\t'.repeat(lvl)).join('\n');
}

/**
 * One type's C text as bpftool prints it inside the full vmlinux.h (with the same `___N`
 * names), ending in ";\n": a struct/union/enum/typedef definition, `struct foo;` for a
 * forward declaration, a prototype for a function, a declaration for a variable, and the
 * bare type (e.g. `struct task_struct *`) for anonymous pointers, arrays and modifiers.
 * The first call on a Btf runs the whole dump (about as long as bpftool's).
 */
export function formatCType(btf: Btf, id: number): string {
  if (!btf.isValidId(id) || id === 0) return id === 0 ? 'void;\n' : '';
  const { bytes, d } = fullDump(btf);
  const spans = d.spans!;
  const s = spans.start[id]!;
  if (s >= 0) return dedent(new TextDecoder().decode(bytes.subarray(s, spans.end[id]!)), spans.lvl[id]!) + ';\n';
  const t = d.t;
  // Emit into a scratch buffer: the full dump's bytes must stay intact.
  const saved = { buf: d.buf, len: d.len, flushed: d.flushed };
  d.buf = new Uint8Array(1 << 12);
  d.len = 0;
  switch (t.kind[id]) {
    case BtfKind.Func:
      d.emitDecl(t.sizeOrType[id]!, t.name(id));
      break;
    case BtfKind.Var:
      d.emitDecl(t.sizeOrType[id]!, t.name(id));
      break;
    case BtfKind.Fwd:
      d.p((t.kflag[id] ? 'union ' : 'struct ') + d.typeName(id));
      break;
    case BtfKind.Struct:
    case BtfKind.Union:
      // Not in the dump: an anonymous type nothing uses, or a struct only declared.
      if (t.nameOff[id] === 0) emitStructDef(d, id, 0);
      else d.p((t.kind[id] === BtfKind.Struct ? 'struct ' : 'union ') + d.typeName(id));
      break;
    case BtfKind.Enum:
    case BtfKind.Enum64:
      if (t.nameOff[id] === 0) emitEnumDef(d, id, 0);
      else d.p('enum ' + d.typeName(id));
      break;
    case BtfKind.Datasec: {
      const e0 = t.entryStart[id]!;
      d.p(`/* section ${t.name(id)} */`);
      for (let i = 0; i < t.vlen[id]!; i++) {
        const v = t.a[e0 + i]!;
        d.p('\n');
        if (t.kind[v] === BtfKind.Var) d.emitDecl(t.sizeOrType[v]!, t.name(v));
        else d.emitDecl(v, '');
        d.p(`; /* offset ${t.b[e0 + i]}, size ${t.c[e0 + i]} */`);
      }
      d.p('\n');
      return finish(d, saved, '');
    }
    case BtfKind.DeclTag:
      d.p(`/* __attribute__((btf_decl_tag("${t.name(id)}"))) on [${t.sizeOrType[id]}] */\n`);
      return finish(d, saved, '');
    default:
      // Skip anonymous definitions: only the reference is wanted here.
      d.skipAnonDefs = true;
      d.emitDecl(id, '');
      d.skipAnonDefs = false;
  }
  return finish(d, saved, ';\n');
}

function finish(d: CDumper, saved: { buf: Uint8Array; len: number; flushed: number }, tail: string): string {
  const s = d.drain() + tail;
  d.buf = saved.buf;
  d.len = saved.len;
  d.flushed = saved.flushed;
  return s;
}
