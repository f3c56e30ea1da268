/**
 * parseBtf: raw BTF bytes → indexed `Btf` model plus diagnostics.
 *
 * One pass over the type section records each record's offset (sized by its kind, or by
 * the 2026 layout section for kinds we do not know); a second pass validates names and
 * type references like libbpf's btf_sanity_check. A truncated or corrupt section keeps the
 * types before the damage. Allocation is bounded by the input size.
 */
import { type Diagnostic, ErrorCode, type ParseResult, hex, toDiagnostic } from '../diagnostics';
import { Btf, pushCapped } from './btf';
import { validateBtf } from './validate-btf';
import { createWasmIndexer } from './index-wasm';
import { parseBtfHeader, BTF_HEADER_WITH_LAYOUT } from './btf-header';
import { type KindLayout, MAX_KNOWN_KIND, builtinKindLayout, infoKind, infoVlen, kindName } from './btf-kinds';

export interface ParseBtfOptions {
  /** The base BTF (vmlinux) when `bytes` is split BTF, e.g. a kernel module's. */
  base?: Btf;
  /**
   * Run the name/reference/cycle validation (validateBtf) as part of the parse; default
   * true. libbpf 1.1's btf__parse does not validate, so benchmarks compare with it off.
   */
  validate?: boolean;
  /** Index with the JS loop only (tests compare both paths). */
  noWasm?: boolean;
}

/** Same limit as the kernel's BTF_MAX_TYPE. */
const MAX_TYPES = 0x000fffff;

export function parseBtf(bytes: Uint8Array, opts: ParseBtfOptions = {}): ParseResult<Btf> {
  const diags: Diagnostic[] = [];
  try {
    return { value: parseBtfOrThrow(bytes, opts, diags), diagnostics: diags };
  } catch (e) {
    diags.push(toDiagnostic(e, '.BTF'));
    return { diagnostics: diags };
  }
}

function parseBtfOrThrow(bytes: Uint8Array, opts: ParseBtfOptions, diags: Diagnostic[]): Btf {
  const header = parseBtfHeader(bytes, diags);
  const le = header.littleEndian;
  const base = opts.base;

  // Section bounds, clamped to what the file holds: a truncated file keeps its readable part.
  const section = (name: string, off: number, len: number, hdrField: number) => {
    const start = header.hdrLen + off;
    let end = start + len;
    if (start > bytes.length) {
      // Keep going with an empty section: the other sections may still be readable.
      diags.push({
        severity: 'error',
        code: ErrorCode.SectionOutOfBounds,
        message: `BTF ${name} section starts at ${hex(start)}, past the end of the ${bytes.length}-byte blob; the file may be truncated`,
        offset: hdrField,
      });
      return { start: bytes.length, end: bytes.length };
    }
    if (end > bytes.length) {
      diags.push({
        severity: 'error',
        code: ErrorCode.Truncated,
        message: `BTF ${name} section ends at ${hex(end)} but the blob is ${bytes.length} bytes; the file may be truncated`,
        offset: bytes.length,
      });
      end = bytes.length;
    }
    return { start, end };
  };
  const types = section('type', header.typeOff, header.typeLen, 8);
  const strs = section('string', header.strOff, header.strLen, 16);
  if (types.start < strs.end && strs.start < types.end && types.end > types.start && strs.end > strs.start) {
    diags.push({ severity: 'warning', code: ErrorCode.BadHeader, message: 'BTF type and string sections overlap', offset: types.start });
  }

  // String section sanity (libbpf btf_parse_str_sec): a base starts with "", all end with NUL.
  if (strs.end > strs.start) {
    if (!base && bytes[strs.start] !== 0) {
      diags.push({ severity: 'error', code: ErrorCode.BadStringSection, message: 'BTF string section does not start with an empty string', offset: strs.start });
    }
    if (bytes[strs.end - 1] !== 0) {
      diags.push({ severity: 'error', code: ErrorCode.BadStringSection, message: 'BTF string section is not NUL-terminated', offset: strs.end - 1 });
    }
  } else if (!base) {
    diags.push({ severity: 'warning', code: ErrorCode.BadStringSection, message: 'BTF string section is empty', offset: strs.start });
  }

  // 2026 layout section: per-kind record sizes, indexed by kind.
  const hasLayout = header.hdrLen >= BTF_HEADER_WITH_LAYOUT && header.layoutLen > 0;
  // info is decoded as the uapi header does (vlen bits 0-23, kind bits 24-30): the same
  // numbers as the classic 16/5-bit split for any blob whose unused bits are zero, as the
  // kernel has always required (infoKind/infoVlen).
  const layouts: (KindLayout | undefined)[] = [];
  let layoutEnd = 0;
  if (hasLayout) {
    const lay = section('layout', header.layoutOff, header.layoutLen, 24);
    layoutEnd = lay.end;
    const n = Math.floor((lay.end - lay.start) / 4);
    for (let k = 0; k < n && k < 128; k++) {
      const p = lay.start + k * 4;
      const l = { infoSize: bytes[p]!, elemSize: bytes[p + 1]! };
      layouts.push(l);
      const b = builtinKindLayout(k);
      if (b && (b.infoSize !== l.infoSize || b.elemSize !== l.elemSize)) {
        diags.push({
          severity: 'warning',
          code: ErrorCode.BadHeader,
          message: `layout section gives ${kindName(k)} info_sz=${l.infoSize} elem_sz=${l.elemSize}, expected ${b.infoSize}/${b.elemSize}; its records are read with the expected sizes`,
          offset: p,
        });
      }
    }
  }

  // The kernel takes the string section as the blob's end (btf_check_sec_info): bytes after the
  // last section belong to nothing, e.g. a BTF with something else appended to it.
  const blobEnd = Math.max(header.hdrLen, types.end, strs.end, layoutEnd);
  if (bytes.length > blobEnd) {
    const extra = bytes.length - blobEnd;
    diags.push({
      severity: 'warning',
      code: ErrorCode.TrailingBytes,
      message: `${extra} byte${extra === 1 ? '' : 's'} after the end of the BTF blob (at ${hex(blobEnd)}) are not part of it and were ignored`,
      offset: blobEnd,
    });
  }

  // Index pass over 32-bit words: every field of every BTF record is a u32, so records
  // are whole words. A native-order, aligned section is read in place; otherwise a
  // swapped copy of the section is made just for this pass (big-endian input, odd offsets).
  const words = typeWords(bytes, types.start, types.end, le);
  const nWords = words.length;
  const sizes = recordWordSizes(hasLayout ? layouts : []);
  // Kernels average ~6 words a record; start near that and grow by doubling.
  let offsets = new Uint32Array(Math.max(16, Math.min(Math.ceil(nWords / 5), MAX_TYPES)));
  let count = 0;
  let w = 0;
  const counts = new Map<string, number>();
  let unknownKinds = 0;
  const firstId = base ? base.typeCount : 1;
  const wasmIndexer = opts.noWasm ? undefined : createWasmIndexer();
  for (;;) {
    // Fast path: plain records, no diagnostics; returns at the first one needing a look.
    const fast = wasmIndexer ? wasmIndexer(words, sizes, offsets, types.start, w, count) : { w, count };
    const at = indexPlainRecords(words, sizes, offsets, types.start, fast.w, fast.count);
    w = at.w;
    count = at.count;
    if (w >= nWords) break;
    const p = types.start + w * 4;
    if (w + 3 > nWords) {
      diags.push({ severity: 'error', code: ErrorCode.Truncated, message: `expected ${(w + 3 - nWords) * 4} more bytes at ${hex(p)} reading btf_type; the type section may be truncated`, offset: p });
      break;
    }
    const info = words[w + 1]!;
    const kind = infoKind(info);
    const vlen = infoVlen(info);
    const infoWords = sizes[kind * 2]!;
    if (infoWords < 0) {
      const lay = hasLayout ? layouts[kind] : undefined;
      diags.push({
        severity: 'error',
        code: ErrorCode.UnknownKind,
        message: lay
          ? `type [${firstId + count}] of kind ${kind} has a layout of ${lay.infoSize}/${lay.elemSize} bytes, not whole 32-bit words; the types after it were not read`
          : `type [${firstId + count}] has unknown kind ${kind} and the BTF has no layout section to skip it; the types after it were not read`,
        offset: p,
      });
      break;
    }
    if (kind === 0 || kind > MAX_KNOWN_KIND) {
      unknownKinds++;
      pushCapped(diags, { severity: 'warning', code: ErrorCode.UnknownKind, message: `type [${firstId + count}] has unknown kind ${kind}; skipped using the layout section`, offset: p }, counts);
    }
    const size = 3 + infoWords + vlen * sizes[kind * 2 + 1]!;
    if (w + size > nWords) {
      diags.push({
        severity: 'error',
        code: size * 4 > types.end - types.start ? ErrorCode.AbsurdCount : ErrorCode.Truncated,
        message: `${kindName(kind)} record at ${hex(p)} needs ${size * 4} bytes (vlen ${vlen}) but only ${(nWords - w) * 4} remain in the type section`,
        offset: p,
      });
      break;
    }
    if (count === offsets.length) {
      if (count >= MAX_TYPES) {
        diags.push({ severity: 'error', code: ErrorCode.AbsurdCount, message: `more than ${MAX_TYPES} types; the rest were not read`, offset: p });
        break;
      }
      const grown = new Uint32Array(Math.min(count * 2, MAX_TYPES));
      grown.set(offsets);
      offsets = grown;
    }
    offsets[count++] = p;
    w += size;
  }
  // Keep the table in place unless over-allocation wastes more than a quarter of it.
  offsets = count * 4 >= offsets.length * 3 ? offsets.subarray(0, count) : offsets.slice(0, count);

  const btf = new Btf({
    bytes,
    header,
    base,
    offsets,
    typeStart: types.start,
    typeEnd: types.end,
    strStart: strs.start,
    strEnd: strs.end,
    layouts,
  });
  if (opts.validate !== false) diags.push(...validateBtf(btf));
  if (unknownKinds > 0) {
    diags.push({ severity: 'info', code: ErrorCode.UnknownKind, message: `${unknownKinds} types of unknown kinds were skipped` });
  }
  return btf;
}

/** The type section as u32 words in host order, without copying when possible. */
function typeWords(bytes: Uint8Array, start: number, end: number, le: boolean): Uint32Array {
  const n = (end - start) >>> 2;
  const abs = bytes.byteOffset + start;
  if (le === HOST_LE && abs % 4 === 0) return new Uint32Array(bytes.buffer, abs, n);
  const out = new Uint32Array(n);
  const dv = new DataView(bytes.buffer, abs, n * 4);
  for (let i = 0; i < n; i++) out[i] = dv.getUint32(i * 4, le);
  return out;
}

const HOST_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Per kind: [info words, element words], -1 for kinds that cannot be skipped.
 * Known kinds keep the kernel's encodings, which is how every record is decoded (as libbpf
 * does: the layout section only sizes kinds it does not know); a layout that said otherwise
 * would let a struct with vlen 16M fit in 12 bytes. Unknown kinds take the layout section's.
 */
function recordWordSizes(layouts: readonly (KindLayout | undefined)[]): Int32Array {
  const t = new Int32Array(256).fill(-1);
  for (let k = 0; k < 128; k++) {
    const l = builtinKindLayout(k) ?? layouts[k];
    if (!l || l.infoSize % 4 !== 0 || l.elemSize % 4 !== 0) continue;
    t[k * 2] = l.infoSize / 4;
    t[k * 2 + 1] = l.elemSize / 4;
  }
  return t;
}

/**
 * The hot loop of parsing, kept small so V8 optimizes it early (cold parses matter): records
 * of known kinds that fit, with clean info words. Stops at anything else for the caller.
 */
function indexPlainRecords(
  words: Uint32Array,
  sizes: Int32Array,
  offsets: Uint32Array,
  startByte: number,
  w: number,
  count: number,
): { w: number; count: number } {
  const end = words.length;
  const cap = offsets.length;
  const maxKind2 = MAX_KNOWN_KIND * 2;
  while (w + 3 <= end && count < cap) {
    const info = words[w + 1]!;
    const k2 = ((info >>> 24) & 0x7f) << 1;
    const iw = sizes[k2]!;
    if (iw < 0 || k2 === 0 || k2 > maxKind2) break;
    const next = w + 3 + iw + (info & 0xffffff) * sizes[k2 + 1]!;
    if (next > end) break;
    offsets[count++] = startByte + (w << 2);
    w = next;
  }
  return { w, count };
}
