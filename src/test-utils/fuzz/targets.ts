/**
 * Fuzz targets: one per entry point of the core library (and the URL-state decoder), each a
 * function of the fuzzer's bytes. A target fails (throws) on
 *   - any exception from the code under test: public parse functions return
 *     { value?, diagnostics } and must not throw (FuzzFailure 'exception' wraps it);
 *   - output beyond `factor × input bytes + slack` (FuzzFailure 'blow-up'); streaming
 *     writers are stopped as soon as they cross the bound, so a blow-up costs no memory;
 *   - a broken contract that is cheap to check (a diagnostic without code or message).
 * Time (over 1 s per input) is enforced by Jazzer's --timeout, not here.
 *
 * Used by scripts/fuzz.mjs (bundled with esbuild, instrumented by Jazzer.js) and by
 * src/core/fuzz-regressions.test.ts, which replays committed crash inputs and the seeds.
 * Docs: docs/fuzzing.md (the bounds per target are listed there too).
 */
import { deflateSync } from 'fflate';
import { type Btf, type Diagnostic, BtfKind, ParseError } from '../../core';
import {
  computeBtfInfo,
  computeStructLayout,
  cutBtf,
  cutForCoreRelos,
  decodeSharePayload,
  diffBtf,
  formatDiffText,
  formatPaholeLayout,
  formatRelocsTable,
  openBtf,
  PaholeSession,
  parseBpfObject,
  parseBtf,
  relocateObject,
  relocsJson,
  sniff,
  unpack,
  writeCHeader,
  writeRawDump,
  buildPlayground,
} from '../../core';
import { encodeBase64Url } from '../../core/share/base64url';
import { decodeUrlState, encodeUrlState } from '../../ui/url/url-state';

export class FuzzFailure extends Error {
  constructor(
    readonly kind: 'exception' | 'blow-up' | 'contract',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`[fuzz ${kind}] ${message}`);
    if (cause instanceof Error && cause.stack) this.stack = `${this.stack}\ncaused by: ${cause.stack}`;
  }
}

export interface FuzzTarget {
  name: string;
  /** What the target drives, for docs and the runner's listing. */
  about: string;
  /** Output bound: at most factor × input bytes + slack (characters of text, or bytes). */
  factor: number;
  slack: number;
  /** Longest input the fuzzer makes (libFuzzer -max_len): above the largest seed. */
  maxLen: number;
  /** True when the target awaits (xz); Jazzer then runs it without --sync. */
  async?: boolean;
  run(data: Uint8Array): void | Promise<void>;
}

/** A budget of output characters/bytes for one input. */
class Budget {
  used = 0;
  constructor(
    readonly target: string,
    readonly limit: number,
  ) {}
  add(n: number, what: string): void {
    this.used += n;
    if (this.used > this.limit) throw new FuzzFailure('blow-up', `${this.target}: ${what} pushed the output past ${this.limit} (${this.used})`);
  }
  writer(what: string): (chunk: string) => void {
    return (chunk) => this.add(chunk.length, what);
  }
}

/**
 * bpftool pads a valid struct with one `long: 64;` line per 8 bytes of gap (libbpf's
 * btf_dump_emit_bit_padding): a 2 MB struct from a 300-byte file is 260k such lines, legitimately.
 * Those lines are not counted against the input; everything else is, and the dumper must hand
 * its text out in bounded chunks (it streams; memory stays flat).
 */
const PADDING_LINE = /^\s*(long|int|short|char): \d+;$/;
const MAX_CHUNK_CHARS = 4 << 20;
/** Past 64 KiB of padding the rest is more of the same: the target stops reading (not a finding). */
const PADDING_SEEN_ENOUGH = 1 << 16;
class EnoughPadding extends FuzzFailure {}
function paddingAwareWriter(budget: Budget): (chunk: string) => void {
  let partial = '';
  let total = 0;
  return (chunk) => {
    total += chunk.length;
    if (chunk.length > MAX_CHUNK_CHARS) throw new FuzzFailure('blow-up', `c-dump: a chunk of ${chunk.length} characters (the dumper must stream)`);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    let n = 0;
    for (const l of lines) if (!PADDING_LINE.test(l)) n += l.length + 1;
    if (partial.length > MAX_CHUNK_CHARS) throw new FuzzFailure('blow-up', `c-dump: a line of over ${MAX_CHUNK_CHARS} characters`);
    budget.add(n, 'C text (padding lines not counted)');
    // The rest of the text is within the budget, so this much more is padding.
    if (total > budget.limit + PADDING_SEEN_ENOUGH) throw new EnoughPadding('contract', 'enough padding seen');
  };
}

function checkDiagnostics(target: string, diags: readonly Diagnostic[], budget: Budget): void {
  for (const d of diags) {
    if (typeof d.code !== 'string' || !d.code || typeof d.message !== 'string' || !d.message) {
      throw new FuzzFailure('contract', `${target}: diagnostic without code or message: ${JSON.stringify(d)}`);
    }
    budget.add(d.message.length + d.code.length, 'diagnostics');
  }
}

/** Runs `fn`, turning any exception from the code under test into a FuzzFailure. */
function guarded<T>(target: string, step: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FuzzFailure) throw e;
    const what = e instanceof ParseError ? 'ParseError' : e instanceof Error ? e.constructor.name : typeof e;
    throw new FuzzFailure('exception', `${target}: ${step} threw ${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Ids of structs and unions, at most `max`, spread over the whole BTF. */
function compositeIds(btf: Btf, max: number): number[] {
  const ids: number[] = [];
  const n = btf.typeCount;
  const step = Math.max(1, Math.floor(n / (max * 4)));
  for (let id = Math.max(1, btf.startId); id < n && ids.length < max; id += step) {
    const k = btf.kind(id);
    if (k === BtfKind.Struct || k === BtfKind.Union) ids.push(id);
  }
  return ids;
}

/** Splits one input into two: a u16 LE length of the first part, then both parts. */
export function splitTwo(data: Uint8Array): [Uint8Array, Uint8Array] {
  if (data.length < 2) return [data, new Uint8Array(0)];
  const n = Math.min((data[0]! | (data[1]! << 8)), data.length - 2);
  return [data.subarray(2, 2 + n), data.subarray(2 + n)];
}

export function joinTwo(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + a.length + b.length);
  out[0] = a.length & 0xff;
  out[1] = (a.length >> 8) & 0xff;
  out.set(a, 2);
  out.set(b, 2 + a.length);
  return out;
}

/** The small kernel relocation inputs are resolved against (fixtures/fuzz/small-kernel.btf). */
let smallKernel: Btf | undefined;
export function setSmallKernel(bytes: Uint8Array): void {
  const r = parseBtf(bytes);
  if (!r.value) throw new Error(`the small kernel does not parse: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  smallKernel = r.value;
}

const T = (t: FuzzTarget): FuzzTarget => t;

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  T({
    name: 'unpack',
    maxLen: 16384,
    about: 'sniff + unpack of every packing (gzip, xz, zstd, tar, bzImage/zboot/arm64 Image), then openBtf',
    // Decompression legitimately expands (DEFLATE up to 1032:1): unpack's own cap is the bound.
    factor: 1100,
    slack: 1 << 16,
    async: true,
    async run(data) {
      const budget = new Budget('unpack', 1100 * data.length + (1 << 16));
      guarded('unpack', 'sniff', () => sniff(data));
      let r;
      try {
        r = await unpack(data, { maxOutputBytes: budget.limit });
      } catch (e) {
        throw new FuzzFailure('exception', `unpack: unpack threw ${e instanceof Error ? e.message : String(e)}`, e);
      }
      budget.add(r.bytes.length, 'unpacked bytes');
      checkDiagnostics('unpack', r.diagnostics, budget);
      if (r.bytes !== data) {
        const o = guarded('unpack', 'openBtf', () => openBtf(r.bytes));
        checkDiagnostics('unpack', o.diagnostics, budget);
      }
    },
  }),
  T({
    name: 'btf',
    maxLen: 8192,
    about: 'raw BTF: parseBtf (either byte order; it runs validateBtf), computeBtfInfo',
    factor: 64,
    slack: 4096,
    run(data) {
      const budget = new Budget('btf', 64 * data.length + 4096);
      const r = guarded('btf', 'parseBtf', () => parseBtf(data));
      checkDiagnostics('btf', r.diagnostics, budget);
      if (!r.value) return;
      // parseBtf has run validateBtf already (its diagnostics are above).
      const btf = r.value;
      guarded('btf', 'computeBtfInfo', () => computeBtfInfo(btf));
    },
  }),
  T({
    name: 'object',
    maxLen: 8192,
    about: 'ELF + .BTF + .BTF.ext: parseBpfObject (programs, maps, relocations, line info) and openBtf',
    factor: 64,
    slack: 4096,
    run(data) {
      const budget = new Budget('object', 64 * data.length + 4096);
      const r = guarded('object', 'parseBpfObject', () => parseBpfObject(data));
      checkDiagnostics('object', r.diagnostics, budget);
      const o = guarded('object', 'openBtf', () => openBtf(data));
      checkDiagnostics('object', o.diagnostics, budget);
    },
  }),
  T({
    name: 'relocs',
    maxLen: 8192,
    about: 'a BPF object relocated (libbpf CO-RE) against a small kernel: relocateObject, formatRelocsTable, relocsJson',
    factor: 256,
    slack: 1 << 16,
    run(data) {
      if (!smallKernel) throw new Error('setSmallKernel() was not called');
      const kernel = smallKernel;
      const budget = new Budget('relocs', 256 * data.length + (1 << 16));
      const r = guarded('relocs', 'parseBpfObject', () => parseBpfObject(data));
      checkDiagnostics('relocs', r.diagnostics, budget);
      const obj = r.value;
      if (!obj) return;
      const report = guarded('relocs', 'relocateObject', () => relocateObject(obj, [{ label: 'small', btf: kernel }]));
      budget.add(guarded('relocs', 'formatRelocsTable', () => formatRelocsTable(report, 'x.bpf.o')).length, 'relocs table');
      budget.add(guarded('relocs', 'relocsJson', () => JSON.stringify(relocsJson(report, 'x.bpf.o'))).length, 'relocs json');
    },
  }),
  T({
    name: 'c-dump',
    maxLen: 8192,
    about: "bpftool's C dump (vmlinux.h) of raw BTF or an ELF's .BTF: writeCHeader, streamed",
    factor: 128,
    slack: 1 << 16,
    run(data) {
      const budget = new Budget('c-dump', 128 * data.length + (1 << 16));
      const r = guarded('c-dump', 'openBtf', () => openBtf(data));
      checkDiagnostics('c-dump', r.diagnostics, budget);
      if (!r.value) return;
      const btf = r.value.btf;
      try {
        checkDiagnostics('c-dump', guarded('c-dump', 'writeCHeader', () => writeCHeader(btf, paddingAwareWriter(budget))), budget);
      } catch (e) {
        if (!(e instanceof EnoughPadding)) throw e;
      }
    },
  }),
  T({
    name: 'raw-dump',
    maxLen: 8192,
    about: "bpftool's raw dump of raw BTF or an ELF's .BTF: writeRawDump, streamed",
    factor: 128,
    slack: 1 << 16,
    run(data) {
      const budget = new Budget('raw-dump', 128 * data.length + (1 << 16));
      const r = guarded('raw-dump', 'openBtf', () => openBtf(data));
      checkDiagnostics('raw-dump', r.diagnostics, budget);
      if (!r.value) return;
      const btf = r.value.btf;
      guarded('raw-dump', 'writeRawDump', () => writeRawDump(btf, budget.writer('raw dump'), 4096));
    },
  }),
  T({
    name: 'layout',
    maxLen: 8192,
    about: 'pahole layouts of up to 64 structs/unions: computeStructLayout + formatPaholeLayout (one PaholeSession); each layout bounded on its own',
    factor: 128,
    slack: 1 << 16,
    run(data) {
      const bound = 128 * data.length + (1 << 16);
      const r = guarded('layout', 'parseBtf', () => parseBtf(data));
      checkDiagnostics('layout', r.diagnostics, new Budget('layout', bound));
      if (!r.value) return;
      const btf = r.value;
      const session = guarded('layout', 'PaholeSession', () => new PaholeSession(btf));
      for (const id of compositeIds(btf, 64)) {
        // One layout is one output (a view, a `btfscope layout` run): each is bounded by the
        // input on its own. Their sum is not: 64 structs holding one big anonymous struct
        // legitimately print it 64 times.
        const budget = new Budget('layout', bound);
        const l = guarded('layout', `computeStructLayout [${id}]`, () => computeStructLayout(btf, id, { session }));
        checkDiagnostics('layout', l.diagnostics, budget);
        if (l.value) budget.add(guarded('layout', `formatPaholeLayout [${id}]`, () => formatPaholeLayout(l.value!)).length, 'layout text');
      }
    },
  }),
  T({
    name: 'diff',
    maxLen: 12288,
    about: 'kernel-to-kernel diff of two raw BTFs (input = u16 LE length of A, A, B): diffBtf + formatDiffText',
    factor: 128,
    slack: 1 << 16,
    run(data) {
      const budget = new Budget('diff', 128 * data.length + (1 << 16));
      const [a, b] = splitTwo(data);
      const ra = guarded('diff', 'parseBtf A', () => parseBtf(a));
      const rb = guarded('diff', 'parseBtf B', () => parseBtf(b));
      checkDiagnostics('diff', [...ra.diagnostics, ...rb.diagnostics], budget);
      if (!ra.value || !rb.value) return;
      const d = guarded('diff', 'diffBtf', () => diffBtf(ra.value!, rb.value!));
      checkDiagnostics('diff', d.diagnostics, budget);
      if (d.value) budget.add(guarded('diff', 'formatDiffText', () => formatDiffText(d.value!)).length, 'diff text');
    },
  }),
  T({
    name: 'cut',
    maxLen: 8192,
    about: 'min-BTF cuts: cutBtf (shape depth 2) of up to 8 composites and cutForCoreRelos of a field spec on each; a cut must parse',
    factor: 8,
    slack: 4096,
    run(data) {
      const budget = new Budget('cut', 8 * data.length + 4096);
      const r = guarded('cut', 'parseBtf', () => parseBtf(data));
      checkDiagnostics('cut', r.diagnostics, budget);
      if (!r.value) return;
      const btf = r.value;
      const roots = compositeIds(btf, 8);
      const le = btf.littleEndian;
      const c = guarded('cut', 'cutBtf', () => cutBtf(btf, roots, { shapeDepth: 2, littleEndian: le }));
      checkDiagnostics('cut', c.diagnostics, budget);
      const specs = roots.map((id) => ({ reloKind: 0, rootTypeId: id, rawSpec: [0, 0] }));
      const m = guarded('cut', 'cutForCoreRelos', () => cutForCoreRelos(btf, specs, le));
      checkDiagnostics('cut', m.diagnostics, budget);
      for (const out of [c.value, m.value]) {
        if (!out) continue;
        budget.add(out.bytes.length, 'cut bytes');
        const again = guarded('cut', 'parseBtf of the cut', () => parseBtf(out.bytes));
        if (!again.value) throw new FuzzFailure('contract', `cut: the cut does not parse: ${again.diagnostics.map((d) => d.message).join('; ')}`);
      }
    },
  }),
  T({
    name: 'share',
    maxLen: 8192,
    about: 'share-payload decode: byte 0 picks the text as is, base64url of the rest, or [v][len][deflate(rest)]; blobs opened',
    factor: 1100,
    slack: 1 << 16,
    run(data) {
      const budget = new Budget('share', 1100 * data.length + (1 << 16));
      const mode = data.length ? data[0]! % 3 : 0;
      const rest = data.subarray(1);
      let s: string;
      if (mode === 0) s = latin1.decode(rest);
      else if (mode === 1) s = encodeBase64Url(rest);
      else {
        // The body as the encoder would pack it, so mutations reach the envelope and blobs.
        const len = rest.length;
        const varint: number[] = [];
        for (let v = len; ; v = Math.floor(v / 128)) {
          if (v < 128) { varint.push(v); break; }
          varint.push((v % 128) | 128);
        }
        const packed = deflateSync(rest, { level: 1 });
        const all = new Uint8Array(1 + varint.length + packed.length);
        all[0] = 1;
        all.set(varint, 1);
        all.set(packed, 1 + varint.length);
        s = encodeBase64Url(all);
      }
      const r = guarded('share', 'decodeSharePayload', () => decodeSharePayload(s));
      checkDiagnostics('share', r.diagnostics, budget);
      if (!r.value) return;
      budget.add(JSON.stringify(r.value.state).length, 'state');
      for (const blob of r.value.blobs) {
        if (!blob.bytes) continue;
        budget.add(blob.bytes.length, 'blob bytes');
        const o = guarded('share', 'openBtf of a blob', () => openBtf(blob.bytes!));
        checkDiagnostics('share', o.diagnostics, budget);
      }
    },
  }),
  T({
    name: 'url-state',
    maxLen: 1024,
    about: 'the URL fragment decoder (src/ui/url/url-state.ts, pure): decodeUrlState, then encodeUrlState of the result',
    factor: 8,
    slack: 1024,
    run(data) {
      const budget = new Budget('url-state', 8 * data.length + 1024);
      const text = utf8.decode(data);
      const d = guarded('url-state', 'decodeUrlState', () => decodeUrlState(text));
      for (const w of d.warnings) budget.add(w.length, 'warnings');
      budget.add(guarded('url-state', 'encodeUrlState', () => encodeUrlState(d.state)).length, 'encoded state');
    },
  }),
  T({
    name: 'playground',
    maxLen: 4096,
    about: "the playground's C parser and BTF/object builder: buildPlayground(kernel A, kernel B, chain split at NUL bytes)",
    factor: 64,
    slack: 1 << 14,
    run(data) {
      const budget = new Budget('playground', 64 * data.length + (1 << 14));
      const [kernelA = '', kernelB = '', chain = ''] = utf8.decode(data).split('\0');
      const out = guarded('playground', 'buildPlayground', () => buildPlayground({ kernelA, kernelB, chain }));
      budget.add(out.btfA.length + out.btfB.length + (out.object?.length ?? 0), 'BTF and object bytes');
      checkDiagnostics('playground', [...out.diagnostics.kernelA, ...out.diagnostics.kernelB, ...out.diagnostics.chain], budget);
      for (const bytes of [out.btfA, out.btfB]) {
        const p = guarded('playground', 'parseBtf of the output', () => parseBtf(bytes));
        if (!p.value) throw new FuzzFailure('contract', `playground: its BTF does not parse: ${p.diagnostics.map((x) => x.message).join('; ')}`);
      }
    },
  }),
];

export function fuzzTarget(name: string): FuzzTarget {
  const t = FUZZ_TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target ${name}; targets: ${FUZZ_TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}
