/**
 * The dumpC request: one type's C text exactly as bpftool writes it (core's formatCType),
 * plus where type names occur in it so the page can make them clickable: `struct foo`,
 * `union foo`, `enum foo`, and identifiers that name a typedef in this BTF.
 *
 * The text sent is bounded: a struct of hundreds of MB legitimately makes millions of
 * padding lines, so core cuts long padding runs to a counted excerpt, and the text is cut
 * again past MAX_TEXT_LINES/MAX_TEXT_CHARS with a marked note; `downloadC` streams the whole
 * text into a Blob instead.
 */
import { type Btf, BtfKind, formatCType, invalidTypeProblem, writeCHeader, writeCHeaderBytes } from '../core/index';
import type { TypeCView, TypeRef } from './layout-view-model';
import { findTypeKey, resolveTypeKey, typeKeyOf } from './type-key';
import { WorkerErrorCode } from './protocol';
import { WorkerError } from './worker-error';

const TOKEN = /\b(struct|union|enum)\s+([A-Za-z_]\w*)|[A-Za-z_]\w*/g;
const C_WORDS = new Set(['struct', 'union', 'enum', 'typedef', 'const', 'volatile', 'restrict', 'static', 'extern', 'void', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'float', 'double', '_Bool', 'inline', '__attribute__', 'packed', 'aligned']);

/** At most this much C text goes to the page (the editor and the type links stay quick). */
export const MAX_TEXT_LINES = 20_000;
export const MAX_TEXT_CHARS = 1 << 20;
/** core's marker for a cut padding run (c-defs.ts emitBitPadding). */
const PAD_CUT = /\n\t*\/\* \.\.\. (\d+) more `[^`]*` padding lines \((\d+) bytes\) not shown \*\//g;
const utf8 = new TextEncoder();

export function typeCView(btf: Btf, key: string): TypeCView {
  const id = resolveTypeKey(btf, key);
  const full = formatCType(btf, id);
  let padLines = 0;
  let padBytes = 0;
  let markerBytes = 0;
  for (const m of full.matchAll(PAD_CUT)) {
    padLines += Number(m[1]);
    padBytes += Number(m[2]);
    markerBytes += m[0].length; // ASCII
  }
  const cut = cutText(full);
  const bad = invalidTypeProblem(btf, id);
  const view: TypeCView = {
    key,
    id,
    kind: btf.kind(id),
    name: btf.name(id),
    text: cut.text,
    refs: findTypeRefs(btf, cut.text, typeKeyOf(btf, id)),
    duplicates: findTypeKey(btf, key).length,
  };
  if (bad) view.invalid = { code: bad.code, message: bad.message };
  if (padLines || cut.restLines) {
    const fullBytes = utf8.encode(full).length;
    view.excerpt = { omittedLines: padLines + cut.restLines, omittedBytes: padBytes + cut.restBytes, totalBytes: fullBytes - markerBytes + padBytes };
  }
  return view;
}

/** The first MAX_TEXT_LINES lines / MAX_TEXT_CHARS characters of `s`, with a note on the rest. */
export function cutText(s: string): { text: string; restLines: number; restBytes: number } {
  let end = 0;
  let lines = 0;
  while (end < s.length && lines < MAX_TEXT_LINES) {
    const nl = s.indexOf('\n', end);
    const next = nl < 0 ? s.length : nl + 1;
    if (next > MAX_TEXT_CHARS) break;
    end = next;
    lines++;
  }
  if (end >= s.length) return { text: s, restLines: 0, restBytes: 0 };
  const rest = s.slice(end);
  let restLines = 0;
  for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', i + 1)) restLines++;
  if (!rest.endsWith('\n')) restLines++;
  const restBytes = utf8.encode(rest).length;
  const note = `/* ... ${restLines} more lines (${formatBytes(restBytes)}) not shown: download the whole text */\n`;
  return { text: s.slice(0, end) + note, restLines, restBytes };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MB`;
  return `${(n / (1 << 30)).toFixed(2)} GB`;
}

/** Blob pieces are joined every this many bytes, so the worker holds at most this much. */
const BLOB_STEP = 16 << 20;

/** `btfscope dump --format c --type #ID` for the type, streamed into a Blob chunk by chunk. */
export function typeCDownload(btf: Btf, key: string): { blob: Blob; fileName: string; byteSize: number } {
  const id = resolveTypeKey(btf, key);
  let blob = new Blob([]);
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  const flush = () => {
    blob = new Blob([blob, ...pending], { type: 'text/x-c' });
    pending = [];
    pendingBytes = 0;
  };
  writeCHeaderBytes(btf, (chunk) => {
    // Chunks are views of the dumper's buffer, valid only now.
    pending.push(chunk.slice());
    pendingBytes += chunk.length;
    if (pendingBytes >= BLOB_STEP) flush();
  }, { rootIds: id === 0 ? [] : [id] });
  flush();
  const base = (btf.name(id) || `type-${id}`).replace(/[^A-Za-z0-9_.-]/g, '_');
  return { blob, fileName: `${base}.h`, byteSize: blob.size };
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
/** Copy C takes at most this much text (16 Mi characters). */
const MAX_COPY_CHARS = 16 * 1024 * 1024;

export function typeCWithDeps(btf: Btf, key: string): { key: string; text: string } {
  const ids = findTypeKey(btf, key);
  if (!ids.length) throw new WorkerError(WorkerErrorCode.UnknownType, `no type ${key.replace(':', ' ')} in this file`);
  const rootIds = ids.map((id) => (btf.kind(id) === BtfKind.Func || btf.kind(id) === BtfKind.Var ? btf.sizeOrType(id) : id));
  const parts: string[] = [];
  let chars = 0;
  // A valid 4 GiB struct is ~256 MB of padding lines: past the cap, copying is refused (the
  // whole text is still a download away, see typeCDownload) instead of building the string.
  const diags = writeCHeader(btf, (chunk) => {
    chars += chunk.length;
    if (chars <= MAX_COPY_CHARS) parts.push(chunk);
  }, { rootIds });
  const error = diags.find((d) => d.severity === 'error');
  if (error) throw new WorkerError(error.code, error.message, diags);
  if (chars > MAX_COPY_CHARS) {
    throw new WorkerError(WorkerErrorCode.TooLarge, `the C of ${key.replace(':', ' ')} is ${(chars / 1048576).toFixed(1)} MB, too large to copy: download it instead`);
  }
  return { key, text: parts.join('') };
}
