/**
 * validateBtf: the checks libbpf (1.2+ btf_sanity_check) and the kernel's verifier make
 * that the index pass does not need: every name offset inside the string section, every
 * referenced type id in range, no typedef/modifier/array (or pointer/modifier) chain that
 * loops back on itself, and the kernel's rules on sizes and member offsets
 * (validate-kernel-rules.ts). Decoding stays safe without it (records are sized by the index
 * pass and ids are checked on access); this turns bad references into diagnostics up front.
 * A type that breaks a kernel rule is invalid on its own (`invalidTypeProblem`): the engines
 * refuse it and the rest of the file stays usable.
 *
 * The result is kept per Btf, so the parse's validation and a later query share one run.
 *
 * It runs on every parse, so it reads the records as native u32 words and allocates nothing
 * per type (a cold CLI run spends its time here in the interpreter).
 */
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { type Btf, pushCapped } from './btf';
import { BtfKind, kindName, kindRefersToType } from './btf-kinds';
import { checkKernelRules } from './validate-kernel-rules';

interface Validation {
  diagnostics: Diagnostic[];
  /** The first problem of each invalid own type, by id. */
  invalid: Map<number, Diagnostic>;
}
const validations = new WeakMap<Btf, Validation>();

/** Returns the validation diagnostics of one blob (its own types; the base is not rechecked). */
export function validateBtf(btf: Btf): Diagnostic[] {
  return [...validation(btf).diagnostics];
}

/**
 * Why type `id` is invalid (a struct member past its end, a struct holding itself...), or
 * undefined when it is valid. Validates `id`'s blob on first use if its parse did not.
 */
export function invalidTypeProblem(btf: Btf, id: number): Diagnostic | undefined {
  let b: Btf | undefined = btf;
  while (b && id < b.startId) b = b.base;
  if (!b || id <= 0 || id >= b.typeCount) return undefined;
  return validation(b).invalid.get(id);
}

/** Ids of the invalid own types of `btf` (validating it on first use), ascending. */
export function invalidTypeIds(btf: Btf): number[] {
  return [...validation(btf).invalid.keys()].sort((a, b) => a - b);
}

function validation(btf: Btf): Validation {
  let v = validations.get(btf);
  if (!v) {
    v = runValidation(btf);
    validations.set(btf, v);
  }
  return v;
}

function runValidation(btf: Btf): Validation {
  const diags: Diagnostic[] = [];
  const words = typeWords(btf);
  const typeStart = btf.typeStart;
  const total = btf.typeCount;
  const strEnd = btf.strEndOff;
  const startStr = btf.startStrOff;
  const base = btf.base;
  const counts = new Map<string, number>();
  const n = btf.ownTypeCount;
  const offsets = btf.ownRecordOffsets();
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
  // Offsets below the blob's own strings belong to the base (0, the empty string, always fits).
  const strBad = (off: number) => off >= strEnd || (off < startStr && off !== 0 && !(base && base.isValidStrOff(off)));
  for (let i = 0; i < n; i++) {
    const id = btf.startId + i;
    const p = offsets[i]!;
    const q = (p - typeStart) >>> 2;
    const nameOff = words[q]!;
    const info = words[q + 1]!;
    const kind = (info >>> 24) & 0x7f;
    const vlen = info & 0xffffff;
    const st = words[q + 2]!;
    if (strBad(nameOff)) badStr(id, nameOff, p, kindName(kind));
    if (st >= total && kindRefersToType(kind)) badId(id, st, p + 8, kindName(kind));
    switch (kind) {
      case BtfKind.Array: {
        const elem = words[q + 3]!;
        const index = words[q + 4]!;
        if (elem >= total) badId(id, elem, p + 12, 'ARRAY element');
        if (index >= total) badId(id, index, p + 16, 'ARRAY index');
        break;
      }
      case BtfKind.Struct:
      case BtfKind.Union:
        for (let k = 0, m = q + 3; k < vlen; k++, m += 3) {
          const mn = words[m]!;
          const mt = words[m + 1]!;
          if (strBad(mn)) badStr(id, mn, typeStart + m * 4, `member #${k}`);
          if (mt >= total) badId(id, mt, typeStart + m * 4 + 4, `member #${k}`);
        }
        break;
      case BtfKind.Enum:
      case BtfKind.Enum64: {
        const step = kind === BtfKind.Enum ? 2 : 3;
        for (let k = 0, m = q + 3; k < vlen; k++, m += step) {
          const vn = words[m]!;
          if (strBad(vn)) badStr(id, vn, typeStart + m * 4, `enumerator #${k}`);
        }
        break;
      }
      case BtfKind.Datasec:
        for (let k = 0, m = q + 3; k < vlen; k++, m += 3) {
          const vt = words[m]!;
          if (vt >= total) badId(id, vt, typeStart + m * 4, `datasec var #${k}`);
        }
        break;
      case BtfKind.FuncProto:
        for (let k = 0, m = q + 3; k < vlen; k++, m += 2) {
          const pn = words[m]!;
          const pt = words[m + 1]!;
          if (strBad(pn)) badStr(id, pn, typeStart + m * 4, `param #${k}`);
          if (pt >= total) badId(id, pt, typeStart + m * 4 + 4, `param #${k}`);
        }
        break;
      default:
        break;
    }
  }
  findReferenceCycles(btf, words, diags, counts, false);
  findReferenceCycles(btf, words, diags, counts, true);
  const invalid = checkKernelRules(btf, words, diags, counts, (id) => (base ? invalidTypeProblem(base, id) : undefined));
  return { diagnostics: diags, invalid };
}

/**
 * Reports chains of typedef/modifier/array/var references that loop back on themselves.
 * Pointers legitimately close cycles (struct list_head *next), so a walk stops at them.
 * Each such type refers to at most one other, so one walk per start marks its nodes with the
 * walk's number: meeting the current number closes a cycle, an older one joins a finished walk.
 * With `pointers`, the walk follows pointers and modifiers instead (and stops at arrays), and
 * reports the loops that go through a pointer, as the kernel's RESOLVE_PTR mode does.
 */
function findReferenceCycles(btf: Btf, words: Uint32Array, diags: Diagnostic[], counts: Map<string, number>, pointers: boolean): void {
  const n = btf.ownTypeCount;
  const startId = btf.startId;
  const typeStart = btf.typeStart;
  const offsets = btf.ownRecordOffsets();
  const walkOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (walkOf[i] !== 0) continue;
    const walk = i + 1;
    let idx = i;
    for (;;) {
      const seen = walkOf[idx]!;
      if (seen === walk) {
        const id = startId + idx;
        if (pointers && !cycleHasPointer(idx)) break;
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
      if (seen !== 0) break;
      walkOf[idx] = walk;
      const q = (offsets[idx]! - typeStart) >>> 2;
      const kind = (words[q + 1]! >>> 24) & 0x7f;
      let next: number;
      if (pointers) {
        if (kind === BtfKind.Ptr || kind === BtfKind.Typedef || kind === BtfKind.Const || kind === BtfKind.Volatile || kind === BtfKind.Restrict || kind === BtfKind.TypeTag) next = words[q + 2]!;
        else break;
      } else if (
        kind === BtfKind.Typedef ||
        kind === BtfKind.Const ||
        kind === BtfKind.Volatile ||
        kind === BtfKind.Restrict ||
        kind === BtfKind.TypeTag ||
        kind === BtfKind.Var ||
        kind === BtfKind.DeclTag
      ) {
        next = words[q + 2]!;
      } else if (kind === BtfKind.Array) {
        next = words[q + 3]!;
      } else break;
      // void, a base type, or out of range (reported already): the chain ends.
      idx = next - startId;
      if (idx < 0 || idx >= n) break;
    }
  }

  function cycleHasPointer(start: number): boolean {
    let idx = start;
    for (let steps = 0; steps < n; steps++) {
      const q = (offsets[idx]! - typeStart) >>> 2;
      if (((words[q + 1]! >>> 24) & 0x7f) === BtfKind.Ptr) return true;
      idx = words[q + 2]! - startId;
      if (idx === start || idx < 0 || idx >= n) return false;
    }
    return false;
  }
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The blob's type section as native u32 words: a view when possible, else a converted copy. */
function typeWords(btf: Btf): Uint32Array {
  const start = btf.typeStart;
  const count = (btf.typeEnd - start) >>> 2;
  const at = btf.bytes.byteOffset + start;
  if (btf.littleEndian === HOST_LE && at % 4 === 0) return new Uint32Array(btf.bytes.buffer, at, count);
  const dv = new DataView(btf.bytes.buffer, at, count * 4);
  const w = new Uint32Array(count);
  for (let i = 0; i < count; i++) w[i] = dv.getUint32(i * 4, btf.littleEndian);
  return w;
}
