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
import { parseBtfHeader, BTF_HEADER_WITH_LAYOUT } from './btf-header';
import { BtfKind, type KindLayout, MAX_KNOWN_KIND, builtinKindLayout, kindName } from './btf-kinds';

export interface ParseBtfOptions {
  /** The base BTF (vmlinux) when `bytes` is split BTF, e.g. a kernel module's. */
  base?: Btf;
  /** Skip the reference/name validation pass (it is cheap; tests and benches use it). */
  skipValidation?: boolean;
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
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
  const wideInfo = header.hdrLen >= BTF_HEADER_WITH_LAYOUT && header.layoutLen > 0;
  const layouts: (KindLayout | undefined)[] = [];
  if (wideInfo) {
    const lay = section('layout', header.layoutOff, header.layoutLen, 24);
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
          message: `layout section gives ${kindName(k)} info_sz=${l.infoSize} elem_sz=${l.elemSize}, expected ${b.infoSize}/${b.elemSize}; using the layout section's sizes to skip records`,
          offset: p,
        });
      }
    }
  }

  // Index pass. The offset table is bounded by the section size (12 bytes per record minimum).
  const maxRecords = Math.floor((types.end - types.start) / 12);
  let offsets = new Uint32Array(Math.min(maxRecords, MAX_TYPES));
  let count = 0;
  let p = types.start;
  const counts = new Map<string, number>();
  let unknownKinds = 0;
  while (p < types.end) {
    if (p + 12 > types.end) {
      diags.push({ severity: 'error', code: ErrorCode.Truncated, message: `expected ${p + 12 - types.end} more bytes at ${hex(p)} reading btf_type; the type section may be truncated`, offset: p });
      break;
    }
    if (count >= offsets.length) {
      diags.push({ severity: 'error', code: ErrorCode.AbsurdCount, message: `more than ${MAX_TYPES} types; the rest were not read`, offset: p });
      break;
    }
    const info = dv.getUint32(p + 4, le);
    const kind = wideInfo ? (info >>> 24) & 0x7f : (info >>> 24) & 0x1f;
    const vlen = wideInfo ? info & 0xffffff : info & 0xffff;
    const known = kind >= 1 && kind <= MAX_KNOWN_KIND;
    const lay = wideInfo && layouts[kind] ? layouts[kind] : known ? builtinKindLayout(kind) : undefined;
    if (!lay) {
      diags.push({
        severity: 'error',
        code: ErrorCode.UnknownKind,
        message: `type [${base ? base.typeCount + count : count + 1}] has unknown kind ${kind} and the BTF has no layout section to skip it; the types after it were not read`,
        offset: p,
      });
      break;
    }
    if (!known) {
      unknownKinds++;
      pushCapped(
        diags,
        { severity: 'warning', code: ErrorCode.UnknownKind, message: `type [${(base ? base.typeCount : 1) + count}] has unknown kind ${kind}; skipped using the layout section`, offset: p },
        counts,
      );
    }
    if (!wideInfo && ((info >>> 16) & 0xff) !== 0) {
      pushCapped(diags, { severity: 'warning', code: ErrorCode.BadHeader, message: `type at ${hex(p)} has non-zero unused info bits`, offset: p + 4 }, counts);
    }
    const size = 12 + lay.infoSize + vlen * lay.elemSize;
    if (p + size > types.end) {
      diags.push({
        severity: 'error',
        code: vlen * lay.elemSize > types.end - types.start ? ErrorCode.AbsurdCount : ErrorCode.Truncated,
        message: `${kindName(kind)} record at ${hex(p)} needs ${size} bytes (vlen ${vlen}) but only ${types.end - p} remain in the type section`,
        offset: p,
      });
      break;
    }
    offsets[count++] = p;
    p += size;
  }
  if (count < offsets.length) offsets = offsets.slice(0, count);

  const btf = new Btf({
    bytes,
    header,
    base,
    offsets,
    typeStart: types.start,
    typeEnd: types.end,
    strStart: strs.start,
    strEnd: strs.end,
    wideInfo,
    layouts,
  });
  if (!opts.skipValidation) validateTypes(btf, dv, diags);
  if (unknownKinds > 0) {
    diags.push({ severity: 'info', code: ErrorCode.UnknownKind, message: `${unknownKinds} types of unknown kinds were skipped` });
  }
  return btf;
}

/**
 * libbpf-style sanity check: every name offset inside the string section, every referenced
 * type id inside [0, typeCount). Plus a bounded walk that reports modifier/typedef cycles.
 */
function validateTypes(btf: Btf, dv: DataView, diags: Diagnostic[]): void {
  const le = btf.littleEndian;
  const total = btf.typeCount;
  const strEnd = btf.strEndOff;
  const startStr = btf.startStrOff;
  const counts = new Map<string, number>();
  const n = btf.ownTypeCount;
  const wide = btf.wideInfo;
  const badStr = (id: number, off: number, at: number, what: string) =>
    pushCapped(
      diags,
      { severity: 'error', code: ErrorCode.BadStringOffset, message: `type [${id}] ${what} name offset ${off} is past the string section (${strEnd} bytes)`, offset: at },
      counts,
    );
  const badId = (id: number, ref: number, at: number, what: string) =>
    pushCapped(
      diags,
      { severity: 'error', code: ErrorCode.BadTypeId, message: `type [${id}] ${what} refers to type id ${ref}, out of range [0, ${total - 1}]`, offset: at },
      counts,
    );
  const strOk = (off: number) => off < strEnd && (off >= startStr || !btf.base || btf.base.isValidStrOff(off) || off === 0);
  for (let i = 0; i < n; i++) {
    const id = btf.startId + i;
    const p = btf.recordOffset(id);
    const nameOff = dv.getUint32(p, le);
    const info = dv.getUint32(p + 4, le);
    const kind = wide ? (info >>> 24) & 0x7f : (info >>> 24) & 0x1f;
    const vlen = wide ? info & 0xffffff : info & 0xffff;
    const st = dv.getUint32(p + 8, le);
    if (!strOk(nameOff)) badStr(id, nameOff, p, kindName(kind));
    switch (kind) {
      case BtfKind.Ptr:
      case BtfKind.Typedef:
      case BtfKind.Volatile:
      case BtfKind.Const:
      case BtfKind.Restrict:
      case BtfKind.Func:
      case BtfKind.FuncProto:
      case BtfKind.Var:
      case BtfKind.DeclTag:
      case BtfKind.TypeTag:
        if (st >= total) badId(id, st, p + 8, kindName(kind));
        break;
      case BtfKind.Array: {
        const elem = dv.getUint32(p + 12, le);
        const index = dv.getUint32(p + 16, le);
        if (elem >= total) badId(id, elem, p + 12, 'ARRAY element');
        if (index >= total) badId(id, index, p + 16, 'ARRAY index');
        break;
      }
      case BtfKind.Struct:
      case BtfKind.Union:
        for (let k = 0, m = p + 12; k < vlen; k++, m += 12) {
          const mn = dv.getUint32(m, le);
          const mt = dv.getUint32(m + 4, le);
          if (!strOk(mn)) badStr(id, mn, m, `member #${k}`);
          if (mt >= total) badId(id, mt, m + 4, `member #${k}`);
        }
        break;
      case BtfKind.Enum:
      case BtfKind.Enum64: {
        const step = kind === BtfKind.Enum ? 8 : 12;
        for (let k = 0, m = p + 12; k < vlen; k++, m += step) {
          const vn = dv.getUint32(m, le);
          if (!strOk(vn)) badStr(id, vn, m, `enumerator #${k}`);
        }
        break;
      }
      case BtfKind.FuncProto:
        break;
      case BtfKind.Datasec:
        for (let k = 0, m = p + 12; k < vlen; k++, m += 12) {
          const vt = dv.getUint32(m, le);
          if (vt >= total) badId(id, vt, m, `datasec var #${k}`);
        }
        break;
      default:
        break;
    }
    if (kind === BtfKind.FuncProto) {
      for (let k = 0, m = p + 12; k < vlen; k++, m += 8) {
        const pn = dv.getUint32(m, le);
        const pt = dv.getUint32(m + 4, le);
        if (!strOk(pn)) badStr(id, pn, m, `param #${k}`);
        if (pt >= total) badId(id, pt, m + 4, `param #${k}`);
      }
    }
  }
  findReferenceCycles(btf, diags, counts);
}

/**
 * Reports chains of typedef/modifier/array/var references that loop back on themselves.
 * Pointers legitimately close cycles (struct list_head *next), so a walk stops at them.
 */
function findReferenceCycles(btf: Btf, diags: Diagnostic[], counts: Map<string, number>): void {
  const n = btf.ownTypeCount;
  // 0 = unvisited, 1 = on the current path, 2 = done
  const state = new Uint8Array(n);
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    let id = btf.startId + i;
    path.length = 0;
    for (;;) {
      const idx = id - btf.startId;
      if (idx < 0 || idx >= n) break; // void, base type, or invalid (reported already)
      if (state[idx] === 2) break;
      if (state[idx] === 1) {
        pushCapped(
          diags,
          {
            severity: 'error',
            code: ErrorCode.ReferenceCycle,
            message: `type [${id}] ${kindName(btf.kind(id))} '${btf.name(id)}' refers back to itself`,
            offset: btf.recordOffset(id),
          },
          counts,
        );
        break;
      }
      state[idx] = 1;
      path.push(idx);
      const kind = btf.kind(id);
      if (
        kind === BtfKind.Typedef ||
        kind === BtfKind.Const ||
        kind === BtfKind.Volatile ||
        kind === BtfKind.Restrict ||
        kind === BtfKind.TypeTag ||
        kind === BtfKind.Var ||
        kind === BtfKind.DeclTag
      ) {
        id = btf.sizeOrType(id);
      } else if (kind === BtfKind.Array) {
        id = new DataView(btf.bytes.buffer, btf.bytes.byteOffset).getUint32(btf.recordOffset(id) + 12, btf.littleEndian);
      } else break;
    }
    for (const idx of path) state[idx] = 2;
  }
}
