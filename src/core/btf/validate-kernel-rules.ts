/**
 * The kernel's BTF verifier rules that bear on what btfscope computes from a type: where
 * members lie and how big things are (kernel/bpf/btf.c: the per-kind `check_meta`, the resolve
 * pass with `check_member`/`check_kflag_member`, and btf_resolve's "Loop detected").
 *
 * Only what the kernel refuses is reported, never more, and only what it refuses in BTF as
 * libbpf hands it over: DATASEC sizes and offsets (0 in a .bpf.o until libbpf fills them in),
 * extern VARs and FUNCs and linkage values, which libbpf rewrites first, are not looked at.
 *
 * Sizes are resolved as btf_resolve does: a depth-first walk over by-value references (struct
 * and union members, array elements, typedefs, modifiers, vars; a pointer ends the walk), kept
 * on an explicit stack so a long chain cannot overflow the JS stack. A struct's members are
 * checked once all their types are resolved. Each type that breaks a rule gets one diagnostic
 * with its id (`typeId`) and the byte offset of the offending field; a type that holds an
 * invalid type by value is invalid too, without a diagnostic of its own.
 */
import { type Diagnostic, ErrorCode } from '../diagnostics';
import { type Btf, pushCapped } from './btf';
import { BtfKind, builtinKindLayout, kindName } from './btf-kinds';

const NOT_VISITED = 0;
const VISITING = 1;

/**
 * Checks the own types of `btf` (whose type section is `words`, native u32s) and returns the
 * first problem of each invalid one, by id. `isBaseInvalid` answers for the base's ids.
 */
export function checkKernelRules(
  btf: Btf,
  words: Uint32Array,
  diags: Diagnostic[],
  counts: Map<string, number>,
  isBaseInvalid: (id: number) => Diagnostic | undefined,
): Map<number, Diagnostic> {
  const n = btf.ownTypeCount;
  const startId = btf.startId;
  const total = btf.typeCount;
  const typeStart = btf.typeStart;
  const offsets = btf.ownRecordOffsets();
  const base = btf.base;
  const ptrSize = btf.pointerSize();
  const invalid = new Map<number, Diagnostic>();
  /** Resolved byte size of each own type; NaN when it has none (void, fwd, func...). */
  const size = new Float64Array(n).fill(NaN);
  /** Each own type's id after typedefs and modifiers. */
  const resolved = new Int32Array(n);
  const state = new Uint8Array(n);
  const qOf = (i: number) => (offsets[i]! - typeStart) >>> 2;
  // Every kind this reader knows is read with its own record sizes, whatever a layout section
  // claims (parse-btf.ts), so its records are checked field by field here too: skipping them
  // let a struct whose members lie far past its end through unchecked (a fuzz finding).
  const known = new Uint8Array(128);
  for (let k = 1; k < 128; k++) known[k] = builtinKindLayout(k) ? 1 : 0;

  const flag = (id: number, code: ErrorCode, what: string, offset: number, report = true) => {
    if (invalid.has(id)) return;
    const d: Diagnostic = { severity: 'error', code, message: `type [${id}] ${describe(btf, id)} ${what}`, offset, typeId: id };
    invalid.set(id, d);
    if (report) pushCapped(diags, d, counts);
  };
  const invalidOf = (id: number): Diagnostic | undefined => (id >= startId ? invalid.get(id) : id > 0 ? isBaseInvalid(id) : undefined);
  /** `id` holds invalid `inner` by value: invalid too, quietly (the inner one was reported). */
  const inherit = (id: number, inner: number, offset: number) => {
    const cause = invalidOf(inner);
    flag(id, cause?.code ?? ErrorCode.BadTypeRef, `contains invalid type [${inner}]`, offset, false);
  };

  const baseSizes = new Map<number, number>();
  const sizeOf = (id: number): number => {
    if (id >= startId) return id < total ? size[id - startId]! : NaN;
    if (id === 0 || !base) return NaN;
    let s = baseSizes.get(id);
    if (s === undefined) {
      try {
        s = base.resolveSize(id);
      } catch {
        s = NaN;
      }
      baseSizes.set(id, s);
    }
    return s;
  };
  const resolvedOf = (id: number): number => {
    if (id >= startId) return id < total ? resolved[id - startId]! : 0;
    if (id === 0 || !base) return 0;
    try {
      return base.skipModsAndTypedefs(id);
    } catch {
      return 0;
    }
  };
  const kindOf = (id: number): number => {
    if (id === 0 || id >= total) return BtfKind.Unknown;
    if (id >= startId) return (words[qOf(id - startId) + 1]! >>> 24) & 0x7f;
    return base ? base.kind(id) : BtfKind.Unknown;
  };
  /** INT's encoding word (bits, offset). */
  const intDataOf = (id: number): number => {
    if (id >= startId) return words[qOf(id - startId) + 3]!;
    const t = base!.type(id);
    return t.kind === BtfKind.Int ? (t.bitOffset << 16) | t.bits : 0;
  };

  // Rules on one record alone (check_meta).
  for (let i = 0; i < n; i++) {
    const id = startId + i;
    const q = qOf(i);
    const p = offsets[i]!;
    const kind = (words[q + 1]! >>> 24) & 0x7f;
    const st = words[q + 2]!;
    if (!known[kind]) continue;
    if (kind === BtfKind.Int) {
      const data = words[q + 3]!;
      const bits = (data & 0xff) + ((data >>> 16) & 0xff);
      if (bits > 128) flag(id, ErrorCode.BadTypeSize, `has ${bits} bits (offset + bits), more than 128`, p + 12);
      else if (Math.ceil(bits / 8) > st) flag(id, ErrorCode.BadTypeSize, `has ${bits} bits (offset + bits), more than its ${st} bytes`, p + 12);
    } else if (kind === BtfKind.Enum || kind === BtfKind.Enum64) {
      if (st !== 1 && st !== 2 && st !== 4 && st !== 8) flag(id, ErrorCode.BadTypeSize, `has size ${st}; an enum is 1, 2, 4 or 8 bytes`, p + 8);
    } else if (kind === BtfKind.Float) {
      if (st !== 2 && st !== 4 && st !== 8 && st !== 12 && st !== 16) flag(id, ErrorCode.BadTypeSize, `has size ${st}; a float is 2, 4, 8, 12 or 16 bytes`, p + 8);
    } else if (kind === BtfKind.Datasec && st > 0) {
      // A size of 0 is a .bpf.o's section before libbpf sets it; nothing to check against yet.
      const vlen = words[q + 1]! & 0xffffff;
      for (let k = 0, m = q + 3; k < vlen; k++, m += 3) {
        const off = words[m + 1]!;
        const sz = words[m + 2]!;
        if (off + sz > st) {
          flag(id, ErrorCode.MemberOutOfBounds, `variable #${k} at ${off} (${sz} bytes) ends past the section's ${st} bytes`, typeStart + m * 4 + 4);
          break;
        }
      }
    }
  }

  /** The `e`-th by-value reference of own type `i`, or -1 after the last. */
  const childAt = (q: number, e: number): number => {
    const info = words[q + 1]!;
    const kind = (info >>> 24) & 0x7f;
    if (!known[kind]) return -1;
    switch (kind) {
      case BtfKind.Struct:
      case BtfKind.Union:
        return e < (info & 0xffffff) ? words[q + 3 + e * 3 + 1]! : -1;
      case BtfKind.Array:
        return e === 0 ? words[q + 3]! : -1;
      case BtfKind.Typedef:
      case BtfKind.Const:
      case BtfKind.Volatile:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
      case BtfKind.Var:
        return e === 0 ? words[q + 2]! : -1;
      default:
        return -1;
    }
  };

  /** Flags struct `id` for its member #k (record words at `m`); `field` 4: type, 8: offset. */
  const badMember = (id: number, k: number, m: number, code: ErrorCode, what: string, field = 8) =>
    flag(id, code, `member #${k} '${btf.str(words[m]!)}' ${what}`, typeStart + m * 4 + field);
  const exceeds = (id: number, k: number, m: number, off: number, end: number, structSize: number) =>
    badMember(id, k, m, ErrorCode.MemberOutOfBounds, `at bit offset ${off} ends at byte ${end}, past the end of the ${structSize}-byte struct`);
  const unaligned = (id: number, k: number, m: number, off: number) =>
    badMember(id, k, m, ErrorCode.BadMemberOffset, `is at bit offset ${off}, not on a byte boundary, and not a bitfield`);

  /** check_member/check_kflag_member for each member of own struct/union `i`. */
  const checkMembers = (i: number, q: number) => {
    const id = startId + i;
    const info = words[q + 1]!;
    const vlen = info & 0xffffff;
    const kflag = info >>> 31 === 1;
    const isUnion = ((info >>> 24) & 0x7f) === BtfKind.Union;
    const structSize = words[q + 2]!;
    let last = 0;
    for (let k = 0, m = q + 3; k < vlen; k++, m += 3) {
      const mt = words[m + 1]!;
      const raw = words[m + 2]!;
      const off = kflag ? raw & 0xffffff : raw;
      const bsz = kflag ? raw >>> 24 : 0;
      if (mt === 0) return badMember(id, k, m, ErrorCode.BadTypeRef, 'has type void', 4);
      if (isUnion && off !== 0) return badMember(id, k, m, ErrorCode.BadMemberOffset, `is at bit offset ${off}; a union's members are at 0`);
      if (off < last) return badMember(id, k, m, ErrorCode.BadMemberOffset, `is at bit offset ${off}, before the previous member (${last})`);
      if (Math.ceil(off / 8) > structSize)
        return badMember(id, k, m, ErrorCode.MemberOutOfBounds, `is at bit offset ${off}, past the end of the ${structSize}-byte ${isUnion ? 'union' : 'struct'}`);
      last = off;
      if ((invalid.size !== 0 || base) && invalidOf(mt)) return inherit(id, mt, typeStart + m * 4 + 4);
      // Own ids inline (the common case; a cold run interprets this loop for every member).
      const r = mt >= startId ? (mt < total ? resolved[mt - startId]! : 0) : resolvedOf(mt);
      const rk = r >= startId ? (r < total ? (words[((offsets[r - startId]! - typeStart) >>> 2) + 1]! >>> 24) & 0x7f : 0) : kindOf(r);
      if (!known[rk] && rk !== BtfKind.Unknown) continue;
      const byte = Math.floor(off / 8);
      const aligned = (off & 7) === 0;
      switch (rk) {
        case BtfKind.Int: {
          const data = intDataOf(r);
          const ibits = data & 0xff;
          if (!kflag) {
            const o = off + ((data >>> 16) & 0xff);
            const copy = ibits + (o & 7);
            if (copy > 128) return badMember(id, k, m, ErrorCode.BadBitfield, `spans ${copy} bits, more than 128`);
            const end = Math.floor(o / 8) + Math.ceil(copy / 8);
            if (end > structSize) return exceeds(id, k, m, off, end, structSize);
            break;
          }
          const nbytes = Math.ceil(ibits / 8);
          if ((ibits & 7) !== 0 || ((data >>> 16) & 0xff) !== 0 || (nbytes !== 1 && nbytes !== 2 && nbytes !== 4 && nbytes !== 8 && nbytes !== 16))
            return badMember(id, k, m, ErrorCode.BadBitfield, `has int type [${r}] of ${ibits} bits, not a plain 8/16/32/64/128-bit int`, 4);
          let nb = bsz;
          if (nb === 0) {
            if (!aligned) return unaligned(id, k, m, off);
            nb = ibits;
          } else if (nb > ibits) return badMember(id, k, m, ErrorCode.BadBitfield, `is a ${nb}-bit bitfield of a ${ibits}-bit int`);
          const copy = nb + (off & 7);
          if (copy > 128) return badMember(id, k, m, ErrorCode.BadBitfield, `spans ${copy} bits, more than 128`);
          const end = byte + Math.ceil(copy / 8);
          if (end > structSize) return exceeds(id, k, m, off, end, structSize);
          break;
        }
        case BtfKind.Enum:
        case BtfKind.Enum64: {
          const esz = sizeOf(r);
          if (!kflag || bsz === 0) {
            if (!aligned) return unaligned(id, k, m, off);
            // The kernel counts a non-bitfield enum in a kind_flag struct as 32 bits.
            const end = kflag ? Math.ceil((off + 32) / 8) : byte + esz;
            if (end > structSize) return exceeds(id, k, m, off, end, structSize);
            break;
          }
          if (bsz > Math.max(32, esz * 8)) return badMember(id, k, m, ErrorCode.BadBitfield, `is a ${bsz}-bit bitfield of a ${esz}-byte enum`);
          const end = Math.ceil((off + bsz) / 8);
          if (end > structSize) return exceeds(id, k, m, off, end, structSize);
          break;
        }
        case BtfKind.Ptr:
        case BtfKind.Struct:
        case BtfKind.Union:
        case BtfKind.Array:
        case BtfKind.Float: {
          if (bsz !== 0) return badMember(id, k, m, ErrorCode.BadBitfield, `is a ${bsz}-bit bitfield of a ${kindName(rk)}`);
          const msz = rk === BtfKind.Ptr ? ptrSize : sizeOf(r);
          if (rk === BtfKind.Float) {
            const align = Math.min(8, msz) * 8;
            if (off % align !== 0) return badMember(id, k, m, ErrorCode.BadMemberOffset, `is a float at bit offset ${off}, not ${align / 8}-byte aligned`);
          } else if (!aligned) return badMember(id, k, m, ErrorCode.BadMemberOffset, `is at bit offset ${off}, not on a byte boundary`);
          if (byte + msz > structSize) return exceeds(id, k, m, off, byte + msz, structSize);
          break;
        }
        default:
          return badMember(id, k, m, ErrorCode.BadTypeRef, `has type [${mt}] (${kindName(rk)}), which has no size`, 4);
      }
    }
  };

  const finish = (i: number) => {
    const id = startId + i;
    const q = qOf(i);
    const p = offsets[i]!;
    const kind = (words[q + 1]! >>> 24) & 0x7f;
    const st = words[q + 2]!;
    if (!known[kind]) return;
    // Sized kinds and pointers never get here: the pre-pass below resolves them (state 2), and
    // gives structs and unions their size.
    switch (kind) {
      case BtfKind.Struct:
      case BtfKind.Union:
        if (!invalid.has(id)) checkMembers(i, q);
        break;
      case BtfKind.Array: {
        resolved[i] = id;
        const elem = words[q + 3]!;
        const nelems = words[q + 5]!;
        if (invalid.has(id)) break;
        if (invalidOf(elem)) return inherit(id, elem, p + 12);
        const es = sizeOf(elem);
        if (Number.isNaN(es)) return flag(id, ErrorCode.BadTypeRef, `has element type [${elem}] (${kindName(kindOf(elem))}), which has no size`, p + 12);
        if (es * nelems > 0xffffffff) return flag(id, ErrorCode.SizeOverflow, `of ${nelems} elements of ${es} bytes overflows 32 bits`, p + 20);
        size[i] = es * nelems;
        break;
      }
      case BtfKind.Typedef:
      case BtfKind.Const:
      case BtfKind.Volatile:
      case BtfKind.Restrict:
      case BtfKind.TypeTag: {
        const tk = kindOf(st);
        if (tk === BtfKind.Var || tk === BtfKind.Datasec || tk === BtfKind.DeclTag || tk === BtfKind.Func)
          return flag(id, ErrorCode.BadTypeRef, `refers to type [${st}], a ${kindName(tk)}`, p + 8);
        if (invalidOf(st)) return inherit(id, st, p + 8);
        size[i] = sizeOf(st);
        resolved[i] = resolvedOf(st);
        break;
      }
      case BtfKind.Var:
        size[i] = sizeOf(st);
        resolved[i] = resolvedOf(st);
        break;
      case BtfKind.Func:
        if (st !== 0 && st < total && kindOf(st) !== BtfKind.FuncProto)
          flag(id, ErrorCode.BadTypeRef, `refers to type [${st}], a ${kindName(kindOf(st))}, not a FUNC_PROTO`, p + 8);
        break;
      default:
        break;
    }
  };

  // Types whose size is in their record resolve at once: the walk below then steps over them
  // (most members are ints, pointers and typedefs of them), which keeps a cold run quick.
  for (let i = 0; i < n; i++) {
    const q = qOf(i);
    const kind = (words[q + 1]! >>> 24) & 0x7f;
    if (!known[kind]) continue;
    switch (kind) {
      case BtfKind.Int:
      case BtfKind.Enum:
      case BtfKind.Enum64:
      case BtfKind.Float:
      case BtfKind.Datasec:
        size[i] = words[q + 2]!;
        resolved[i] = startId + i;
        state[i] = 2;
        break;
      case BtfKind.Ptr:
        size[i] = ptrSize;
        resolved[i] = startId + i;
        state[i] = 2;
        break;
      case BtfKind.Struct:
      case BtfKind.Union:
        // Their members still need the walk (loops, member checks); their size is known.
        size[i] = words[q + 2]!;
        resolved[i] = startId + i;
        break;
      default:
        break;
    }
  }

  // Resolve every other own type, depth first.
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  const stackPos = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    if (state[r] !== NOT_VISITED) continue;
    state[r] = VISITING;
    stackNode[0] = r;
    stackEdge[0] = 0;
    stackPos[r] = 0;
    let d = 1;
    while (d > 0) {
      const i = stackNode[d - 1]!;
      const e = stackEdge[d - 1]!;
      const child = childAt(qOf(i), e);
      if (child < 0) {
        finish(i);
        state[i] = 2;
        d--;
        continue;
      }
      stackEdge[d - 1] = e + 1;
      const c = child - startId;
      if (c < 0 || c >= n) continue; // void, the base's (resolved already), or out of range (reported)
      if (state[c] === NOT_VISITED) {
        state[c] = VISITING;
        stackPos[c] = d;
        stackNode[d] = c;
        stackEdge[d] = 0;
        d++;
      } else if (state[c] === VISITING) {
        reportLoop(c, stackPos[c]!, d);
      }
    }
  }

  /** `stackNode[from, to)` is a cycle back to own type `c`. */
  function reportLoop(c: number, from: number, to: number): void {
    let composite = -1;
    for (let s = from; s < to; s++) {
      const k = (words[qOf(stackNode[s]!) + 1]! >>> 24) & 0x7f;
      if (k === BtfKind.Struct || k === BtfKind.Union) {
        composite = stackNode[s]!;
        break;
      }
    }
    // A loop of typedefs/modifiers/arrays alone is reported as a reference cycle (validate-btf.ts).
    const head = composite >= 0 ? composite : c;
    const headId = startId + head;
    flag(headId, composite >= 0 ? ErrorCode.ContainsItself : ErrorCode.ReferenceCycle, 'contains itself by value (through the types on the cycle)', offsets[head]!, composite >= 0);
    for (let s = from; s < to; s++) {
      const id = startId + stackNode[s]!;
      if (id !== headId) inherit(id, headId, offsets[stackNode[s]!]!);
    }
  }

  return invalid;
}

function describe(btf: Btf, id: number): string {
  const name = btf.name(id);
  return `${kindName(btf.kind(id))} '${name}'`;
}
