/**
 * Computing a CO-RE relocation's original and new values from a local spec and a target
 * spec, per kind (field, type, enumerator based), including the checks that decide when a
 * load/store may change its memory size.
 *
 * Spec: libbpf 1.1.2 relo_core.c — bpf_core_calc_field_relo, bpf_core_calc_type_relo,
 * bpf_core_calc_enumval_relo, bpf_core_calc_relo. Values are bigints: libbpf computes in
 * u64, and sign-extends s32 enumerator values into it.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { BTF_INT_SIGNED, intEncoding, resolveSize, skipModsTypedefs, typeOf } from './btf-helpers';
import { CoreError, CoreReloKind, Errno, LibbpfFault, coreReloKindName, isEnumvalBased, isFieldBased, isTypeBased } from './relo-kinds';
import type { CoreSpec } from './spec';

/** bpf_core_relo_res. */
export interface ReloRes {
  origVal: bigint;
  newVal: bigint;
  poison: boolean;
  validate: boolean;
  failMemszAdjust: boolean;
  origSz: number;
  origTypeId: number;
  newSz: number;
  newTypeId: number;
}

export function emptyRes(): ReloRes {
  return { origVal: 0n, newVal: 0n, poison: false, validate: true, failMemszAdjust: false, origSz: 0, origTypeId: 0, newSz: 0, newTypeId: 0 };
}

export interface ReloCtx {
  progName: string;
  reloIdx: number;
  kind: number;
  insnOff: number;
  warn: (msg: string) => void;
}

interface FieldOut {
  val: bigint;
  fieldSz: number;
  typeId: number;
  validate: boolean;
}

/** Whether the engine computes LSHIFT_U64 for a big-endian target (the object's byte order). */
export interface CalcOptions {
  bigEndian: boolean;
}

function calcFieldRelo(ctx: ReloCtx, spec: CoreSpec | null, out: FieldOut, opts: CalcOptions): void {
  out.fieldSz = 0;
  if (ctx.kind === CoreReloKind.FieldExists) {
    out.val = spec ? 1n : 0n;
    return;
  }
  if (!spec) throw new CoreError(-Errno.EUCLEAN);
  const btf = spec.btf;
  const acc = spec.spec[spec.len - 1]!;
  if (!acc.name) {
    // a[n] accessor
    if (ctx.kind === CoreReloKind.FieldByteOffset) {
      out.val = BigInt((spec.bitOffset >>> 0) >>> 3);
      const sz = resolveSize(btf, acc.typeId);
      if (sz < 0) throw new CoreError(-Errno.EINVAL);
      out.fieldSz = sz;
      out.typeId = acc.typeId;
    } else if (ctx.kind === CoreReloKind.FieldByteSize) {
      const sz = resolveSize(btf, acc.typeId);
      if (sz < 0) throw new CoreError(-Errno.EINVAL);
      out.val = BigInt(sz);
    } else {
      ctx.warn(`prog '${ctx.progName}': relo ${ctx.kind} at insn #${Math.floor(ctx.insnOff / 8)} can't be applied to array access\n`);
      throw new CoreError(-Errno.EINVAL);
    }
    out.validate = true;
    return;
  }
  const t = typeOf(btf, acc.typeId);
  if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) throw new CoreError(-Errno.EINVAL);
  const m = t.members[acc.idx]!;
  const fieldTypeId = skipModsTypedefs(btf, m.typeId);
  const bitOff = spec.bitOffset >>> 0;
  let bitSz = m.bitfieldSize;
  const bitfield = bitSz > 0;
  let byteSz: number;
  let byteOff: number;
  if (bitfield) {
    byteSz = btf.sizeOrType(fieldTypeId);
    if (byteSz === 0) {
      // libbpf divides by mt->size, which is 0 for void (type 0) or a zero-sized type.
      throw new LibbpfFault(
        `bitfield ${m.name || '<anon>'} of [${acc.typeId}] has a type of size 0 ([${fieldTypeId}]); libbpf 1.1.2 divides by that size (bpf_core_calc_field_relo) and crashes (SIGFPE on x86-64) or loops forever (arm64)`,
      );
    }
    byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    // Smallest power-of-two load that covers the bitfield (u32 arithmetic, as libbpf's).
    while ((bitOff + bitSz - byteOff * 8) >>> 0 > (byteSz * 8) >>> 0) {
      if (byteSz >= 8) {
        ctx.warn(`prog '${ctx.progName}': relo ${ctx.kind} at insn #${Math.floor(ctx.insnOff / 8)} can't be satisfied for bitfield\n`);
        throw new CoreError(-Errno.E2BIG);
      }
      byteSz *= 2;
      byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    }
  } else {
    const sz = resolveSize(btf, fieldTypeId);
    if (sz < 0) throw new CoreError(-Errno.EINVAL);
    byteSz = sz;
    byteOff = Math.floor(bitOff / 8);
    bitSz = byteSz * 8;
  }
  // Bitfield offsets/sizes are ambiguous (we may disagree with the compiler): no validation.
  out.validate = !bitfield;
  switch (ctx.kind) {
    case CoreReloKind.FieldByteOffset:
      out.val = BigInt(byteOff);
      if (!bitfield) {
        out.fieldSz = byteSz;
        out.typeId = fieldTypeId;
      }
      break;
    case CoreReloKind.FieldByteSize:
      out.val = BigInt(byteSz);
      break;
    case CoreReloKind.FieldSigned: {
      const k = btf.kind(fieldTypeId);
      const anyEnum = k === BtfKind.Enum || k === BtfKind.Enum64;
      // libbpf reads btf_int_encoding() of any kind here (see intEncoding).
      out.val = (anyEnum && btf.kindFlag(fieldTypeId)) || (intEncoding(btf, fieldTypeId) & BTF_INT_SIGNED) !== 0 ? 1n : 0n;
      out.validate = true;
      break;
    }
    case CoreReloKind.FieldLshiftU64:
      // u32 arithmetic in libbpf, zero-extended into the u64 result.
      out.val = BigInt.asUintN(
        32,
        BigInt(opts.bigEndian ? (8 - byteSz) * 8 + (bitOff - byteOff * 8) : 64 - (bitOff + bitSz - byteOff * 8)),
      );
      break;
    case CoreReloKind.FieldRshiftU64:
      out.val = BigInt.asUintN(32, BigInt(64 - bitSz));
      out.validate = true;
      break;
    default:
      throw new CoreError(-Errno.EOPNOTSUPP);
  }
}

function calcTypeRelo(kind: number, spec: CoreSpec | null, out: { val: bigint; validate: boolean }): void {
  out.validate = true;
  if (!spec) {
    out.val = 0n;
    return;
  }
  switch (kind) {
    case CoreReloKind.TypeIdTarget:
      out.val = BigInt(spec.rootTypeId);
      // Type ids in instructions may change during linking: not validated.
      out.validate = false;
      break;
    case CoreReloKind.TypeExists:
    case CoreReloKind.TypeMatches:
      out.val = 1n;
      break;
    case CoreReloKind.TypeSize: {
      const sz = resolveSize(spec.btf, spec.rootTypeId);
      if (sz < 0) throw new CoreError(-Errno.EINVAL);
      out.val = BigInt(sz);
      break;
    }
    default:
      throw new CoreError(-Errno.EOPNOTSUPP);
  }
}

function calcEnumvalRelo(kind: number, spec: CoreSpec | null): bigint {
  switch (kind) {
    case CoreReloKind.EnumvalExists:
      return spec ? 1n : 0n;
    case CoreReloKind.EnumvalValue: {
      if (!spec) throw new CoreError(-Errno.EUCLEAN);
      const acc = spec.spec[0]!;
      const t = typeOf(spec.btf, acc.typeId);
      if (t.kind === BtfKind.Enum) return BigInt.asUintN(64, BigInt(t.values[acc.idx]!.value | 0)); // btf_enum.val is s32
      if (t.kind === BtfKind.Enum64) return BigInt.asUintN(64, t.values[acc.idx]!.value64);
      throw new CoreError(-Errno.EINVAL);
    }
    default:
      throw new CoreError(-Errno.EOPNOTSUPP);
  }
}

function isIntNotSigned(btf: Btf, id: number): boolean {
  // libbpf compares the whole encoding with BTF_INT_SIGNED, so a signed char (SIGNED|CHAR) counts as not signed.
  return btf.kind(id) === BtfKind.Int && intEncoding(btf, id) !== BTF_INT_SIGNED;
}

/** bpf_core_calc_relo: throws CoreError for hard errors; sets `poison` for EUCLEAN. */
export function calcRelo(ctx: ReloCtx, local: CoreSpec, targ: CoreSpec | null, opts: CalcOptions): ReloRes {
  const res = emptyRes();
  try {
    if (isFieldBased(ctx.kind)) {
      const lo: FieldOut = { val: 0n, fieldSz: 0, typeId: 0, validate: true };
      calcFieldRelo(ctx, local, lo, opts);
      res.origVal = lo.val;
      res.origSz = lo.fieldSz;
      res.origTypeId = lo.typeId;
      res.validate = lo.validate;
      const to: FieldOut = { val: 0n, fieldSz: 0, typeId: 0, validate: true };
      calcFieldRelo(ctx, targ, to, opts);
      res.newVal = to.val;
      res.newSz = to.fieldSz;
      res.newTypeId = to.typeId;
      if (res.origSz !== res.newSz && targ) {
        const lb = local.btf;
        const tb = targ.btf;
        const bothPtr = lb.kind(res.origTypeId) === BtfKind.Ptr && tb.kind(res.newTypeId) === BtfKind.Ptr;
        // Pointers and unsigned integers may be read with a different load size (zero extension keeps the value).
        if (!bothPtr && !(isIntNotSigned(lb, res.origTypeId) && isIntNotSigned(tb, res.newTypeId))) res.failMemszAdjust = true;
      }
    } else if (isTypeBased(ctx.kind)) {
      const lo = { val: 0n, validate: true };
      calcTypeRelo(ctx.kind, local, lo);
      res.origVal = lo.val;
      res.validate = lo.validate;
      const to = { val: 0n, validate: true };
      calcTypeRelo(ctx.kind, targ, to);
      res.newVal = to.val;
    } else if (isEnumvalBased(ctx.kind)) {
      res.origVal = calcEnumvalRelo(ctx.kind, local);
      res.newVal = calcEnumvalRelo(ctx.kind, targ);
    } else {
      throw new CoreError(-Errno.EOPNOTSUPP);
    }
  } catch (e) {
    if (!(e instanceof CoreError)) throw e;
    if (e.errno === -Errno.EUCLEAN) {
      res.poison = true;
      return res;
    }
    if (e.errno === -Errno.EOPNOTSUPP) {
      ctx.warn(
        `prog '${ctx.progName}': relo #${ctx.reloIdx}: unrecognized CO-RE relocation ${coreReloKindName(ctx.kind)} (${ctx.kind}) at insn #${Math.floor(ctx.insnOff / 8)}\n`,
      );
    }
    throw e;
  }
  return res;
}
