/**
 * validateBtf: the checks libbpf (1.2+ btf_sanity_check) and the kernel's verifier make
 * that the index pass does not need: every name offset inside the string section, every
 * referenced type id in range, and no typedef/modifier/array chain that loops back on
 * itself. Decoding stays safe without it (records are sized by the index pass and ids are
 * checked on access); this turns bad references into diagnostics up front.
 */
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { type Btf, pushCapped } from './btf';
import { BtfKind, kindName, kindRefersToType } from './btf-kinds';

/** Returns the validation diagnostics of one blob (its own types; the base is not rechecked). */
export function validateBtf(btf: Btf): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const dv = new DataView(btf.bytes.buffer, btf.bytes.byteOffset, btf.bytes.byteLength);
  const le = btf.littleEndian;
  const total = btf.typeCount;
  const strEnd = btf.strEndOff;
  const startStr = btf.startStrOff;
  const counts = new Map<string, number>();
  const n = btf.ownTypeCount;
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
    const kind = (info >>> 24) & 0x7f;
    const vlen = info & 0xffffff;
    const st = dv.getUint32(p + 8, le);
    if (!strOk(nameOff)) badStr(id, nameOff, p, kindName(kind));
    if (kindRefersToType(kind) && st >= total) badId(id, st, p + 8, kindName(kind));
    switch (kind) {
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
  findReferenceCycles(btf, dv, diags, counts);
  return diags;
}

/**
 * Reports chains of typedef/modifier/array/var references that loop back on themselves.
 * Pointers legitimately close cycles (struct list_head *next), so a walk stops at them.
 */
function findReferenceCycles(btf: Btf, dv: DataView, diags: Diagnostic[], counts: Map<string, number>): void {
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
        id = dv.getUint32(btf.recordOffset(id) + 12, btf.littleEndian);
      } else break;
    }
    for (const idx of path) state[idx] = 2;
  }
}
