/**
 * Kernel-to-kernel (or object-to-object) diff of named types, matched by kind + name.
 *
 * `diffIndexed(a, b)` walks the name maps of two signature indexes (diff-index.ts): a name
 * on one side only is added/removed; a name on both sides is unchanged when the
 * signatures agree and otherwise gets a detailed comparison (compare-types.ts). Names that
 * occur several times (BTF keeps e.g. several different `struct workspace`) are paired by
 * structure: equal signatures first, then the most similar members; the rest are
 * added/removed, and the name is listed in `duplicates`.
 *
 * Malformed input never throws out of here: a type whose records cannot be read is
 * reported as a diagnostic and skipped.
 */
import type { Btf } from '../btf/btf';
import { type Diagnostic, ErrorCode, type ParseResult, ParseError } from '../diagnostics';
import { BtfKind } from '../btf/btf-kinds';
import { describePair } from './compare-types';
import { type DiffIndex, type NameTable, indexForDiff } from './diff-index';
import { DIFF_KINDS, type DiffKind, type DiffOptions, type TypeDiff } from './diff-model';
import { ADDED, BtfDiff, CHANGED, KIND_CODE, REMOVED, UNCHANGED } from './diff-result';
import { flattenMembers } from './flatten';
import { hashString } from './hash';

interface Ctx {
  a: DiffIndex;
  b: DiffIndex;
  details: boolean;
  includeUnchanged: boolean;
  out: BtfDiff;
  /** KIND_CODE of the kind being compared. */
  kc: number;
}

/** Diffs two BTFs (their indexes are built or reused via `indexForDiff`). */
export function diffBtf(a: Btf, b: Btf, opts: DiffOptions = {}): ParseResult<BtfDiff> {
  return diffIndexed(indexForDiff(a), indexForDiff(b), opts);
}

/** Diffs two signature indexes; `a` is "before", `b` "after". */
export function diffIndexed(a: DiffIndex, b: DiffIndex, opts: DiffOptions = {}): ParseResult<BtfDiff> {
  // Room for every name of the larger side: a typical diff lists most functions.
  let capacity = 0;
  for (const k of opts.kinds ?? DIFF_KINDS) capacity += Math.max(a.byName[k].size, b.byName[k].size);
  const out = new BtfDiff(a, b, opts.names ? 16 : capacity);
  const ctx: Ctx = { a, b, details: opts.details ?? true, includeUnchanged: !!opts.includeUnchanged, out, kc: 0 };
  const wanted = opts.names ? new Set(opts.names.map(hashString)) : undefined;
  for (const kind of opts.kinds ?? DIFF_KINDS) {
    ctx.kc = KIND_CODE[kind];
    const ma = a.byName[kind];
    const mb = b.byName[kind];
    if (wanted) {
      for (const h of wanted) {
        const sa = ma.find(h);
        const sb = mb.find(h);
        if (sa >= 0 || sb >= 0) compareSlots(ctx, kind, ma, mb, sa, sb);
      }
      continue;
    }
    // Slots of b met from a are marked, so b's own names need no second probe of a's table
    // (tens of thousands of random reads for the functions of a kernel).
    const met = new Uint8Array(mb.capacity);
    for (let sa = 0; sa < ma.capacity; sa++) {
      const h = ma.keyAt(sa);
      if (h === 0) continue;
      const sb = mb.find(h);
      if (sb >= 0) met[sb] = 1;
      compareSlots(ctx, kind, ma, mb, sa, sb);
    }
    for (let sb = 0; sb < mb.capacity; sb++) {
      if (!met[sb] && mb.keyAt(sb) !== 0) compareSlots(ctx, kind, ma, mb, -1, sb);
    }
  }
  out.finish();
  for (const ix of [a, b]) {
    for (const id of ix.hashes.truncated.slice(0, 8)) {
      out.diagnostics.push({
        severity: 'warning',
        code: ErrorCode.AbsurdCount,
        message: `${ix === a ? 'before' : 'after'}: ${ix.btf.kind(id) === BtfKind.Union ? 'union' : 'struct'} ${ix.namer.name(id) || `[${id}]`} flattens to more than ${ix.hashes.flatLimit} members (anonymous members nested many times over); compared up to there`,
      });
    }
  }
  out.duplicates.sort((x, y) => DIFF_KINDS.indexOf(x.kind) - DIFF_KINDS.indexOf(y.kind) || cmp(x.name, y.name));
  return { value: out, diagnostics: out.diagnostics };
}

/**
 * The diff of one named type (the UI's detail view): one entry per pairing, `unchanged`
 * included; empty when neither side has the name.
 */
export function diffType(a: Btf | DiffIndex, b: Btf | DiffIndex, kind: DiffKind, name: string): TypeDiff[] {
  const r = diffIndexed(asIndex(a), asIndex(b), { kinds: [kind], names: [name], includeUnchanged: true });
  return r.value?.types().filter((t) => t.name === name) ?? [];
}

function asIndex(x: Btf | DiffIndex): DiffIndex {
  return 'byName' in x ? x : indexForDiff(x);
}


function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One name-hash slot per side (-1: none): usually one id each, with the same name
 * (confirmed by a second hash). Several ids, or a (theoretical) hash collision, go
 * through compareGroup.
 */
function compareSlots(ctx: Ctx, kind: DiffKind, ta: NameTable, tb: NameTable, sa: number, sb: number): void {
  const { a, b } = ctx;
  const va = sa < 0 ? -1 : ta.idAt(sa);
  const vb = sb < 0 ? -1 : tb.idAt(sb);
  try {
    if (va !== 0 && vb !== 0) {
      if (va < 0) {
        ctx.out.add(ctx.kc, ADDED, 0, vb, -1);
        ctx.out.tally(ctx.kc, ADDED);
        return;
      }
      if (vb < 0) {
        ctx.out.add(ctx.kc, REMOVED, va, 0, -1);
        ctx.out.tally(ctx.kc, REMOVED);
        return;
      }
      if (a.sameName(va, b, vb)) return comparePair(ctx, kind, va, vb, -1);
    }
    compareSlotLists(ctx, kind, sa < 0 ? [] : ta.listAt(sa), sb < 0 ? [] : tb.listAt(sb));
  } catch (e) {
    const id = sa >= 0 ? ta.listAt(sa)[0]! : tb.listAt(sb)[0]!;
    ctx.out.diagnostics.push(asDiagnostic(e, `${kind} ${sa >= 0 ? a.btf.name(id) : b.btf.name(id)}`));
  }
}

/**
 * Several ids behind one name hash: the same name repeated (grouped as duplicates), or
 * different names colliding (split by name first). Kept out of compareSlots: its closures
 * would make every call of that hot function allocate a context.
 */
function compareSlotLists(ctx: Ctx, kind: DiffKind, idsA: number[], idsB: number[]): void {
  const { a, b } = ctx;
  const check = idsA.length ? a.nameCheck[idsA[0]!] : b.nameCheck[idsB[0]!];
  if (idsA.every((id) => a.nameCheck[id] === check) && idsB.every((id) => b.nameCheck[id] === check)) {
    return compareGroup(ctx, kind, idsA.length ? a.namer.name(idsA[0]!) : b.namer.name(idsB[0]!), idsA, idsB);
  }
  const names = new Set([...idsA.map((id) => a.namer.name(id)), ...idsB.map((id) => b.namer.name(id))]);
  for (const n of names) compareGroup(ctx, kind, n, idsA.filter((id) => a.namer.name(id) === n), idsB.filter((id) => b.namer.name(id) === n));
}

/** All types of one kind + name on both sides (duplicates, or a single id per side). */
function compareGroup(ctx: Ctx, kind: DiffKind, name: string, idsA: number[], idsB: number[]): void {
  const { a, b, out } = ctx;
  let dup = -1;
  if (idsA.length > 1 || idsB.length > 1) dup = out.duplicates.push({ kind, name, before: idsA.length, after: idsB.length }) - 1;
  const pairs = idsA.length && idsB.length ? pairDuplicates(kind, a, idsA, b, idsB) : [];
  const pairedA = new Set<number>();
  const pairedB = new Set<number>();
  for (const [ia, ib] of pairs) {
    comparePair(ctx, kind, ia, ib, dup);
    pairedA.add(ia);
    pairedB.add(ib);
  }
  for (const ia of idsA) {
    if (pairedA.has(ia)) continue;
    out.add(ctx.kc, REMOVED, ia, 0, dup);
    out.tally(ctx.kc, REMOVED);
  }
  for (const ib of idsB) {
    if (pairedB.has(ib)) continue;
    out.add(ctx.kc, ADDED, 0, ib, dup);
    out.tally(ctx.kc, ADDED);
  }
}

/** Unchanged when the signatures agree; a changed pair gets its details now if asked. */
function comparePair(ctx: Ctx, kind: DiffKind, ia: number, ib: number, dup: number): void {
  const { a, b, out } = ctx;
  const same = a.sameSignature(kind, ia, b, ib);
  out.tally(ctx.kc, same ? UNCHANGED : CHANGED);
  if (same && !ctx.includeUnchanged) return;
  let built: TypeDiff | undefined;
  if (!same && ctx.details) {
    built = { kind, name: a.namer.name(ia), change: 'changed' };
    if (dup >= 0) built.duplicates = { before: out.duplicates[dup]!.before, after: out.duplicates[dup]!.after };
    describePair(kind, a, ia, b, ib, built, true);
  }
  out.add(ctx.kc, same ? UNCHANGED : CHANGED, ia, ib, dup, built);
}

const MAX_SCORED_PAIRS = 4096;

/**
 * Pairs same-named types: identical signatures first, then greedily the pairs whose
 * flattened members overlap most (structs/unions) or, for other kinds, in id order.
 */
function pairDuplicates(kind: DiffKind, a: DiffIndex, idsA: number[], b: DiffIndex, idsB: number[]): (readonly [number, number])[] {
  const pairs: (readonly [number, number])[] = [];
  // Equal signatures first, first come first served (by signature: no scan per type).
  const bySig = new Map<number, number[]>();
  for (const ib of idsB) {
    const sig = b.signature(kind, ib);
    const l = bySig.get(sig);
    if (l) l.push(ib);
    else bySig.set(sig, [ib]);
  }
  const restA: number[] = [];
  const pairedB = new Set<number>();
  for (const ia of idsA) {
    const ib = bySig.get(a.signature(kind, ia))?.shift();
    if (ib === undefined) restA.push(ia);
    else {
      pairs.push([ia, ib]);
      pairedB.add(ib);
    }
  }
  const restB = idsB.filter((ib) => !pairedB.has(ib));
  if (!restA.length || !restB.length) return pairs;
  if (restA.length * restB.length > MAX_SCORED_PAIRS) {
    // Only hostile or generated BTF repeats one name this often: pair by id order instead
    // of flattening and scoring every combination.
    for (let i = 0; i < Math.min(restA.length, restB.length); i++) pairs.push([restA[i]!, restB[i]!]);
    return pairs;
  }
  // Each side flattened once, not once per pair: flattened lists may be long (up to flatLimit).
  const flatA = restA.map((ia) => flatSummary(kind, a, ia));
  const flatB = restB.map((ib) => flatSummary(kind, b, ib));
  const scored: { ia: number; ib: number; score: number }[] = [];
  for (let i = 0; i < restA.length; i++) {
    for (let j = 0; j < restB.length; j++) scored.push({ ia: restA[i]!, ib: restB[j]!, score: similarity(kind, a, restA[i]!, flatA[i]!, b, restB[j]!, flatB[j]!) });
  }
  scored.sort((x, y) => y.score - x.score || x.ia - y.ia || x.ib - y.ib);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const s of scored) {
    if (usedA.has(s.ia) || usedB.has(s.ib)) continue;
    // Two same-named types sharing nothing are different types, not one changed type.
    if (s.score <= 0 && (kind === 'struct' || kind === 'union')) continue;
    usedA.add(s.ia);
    usedB.add(s.ib);
    pairs.push([s.ia, s.ib]);
  }
  return pairs;
}

interface FlatSummary {
  length: number;
  sigHash: Float64Array;
  keyHash: Float64Array;
  sigs: Set<number>;
  paths: Set<number>;
}

/** What similarity needs of a struct/union's flattened members (undefined for other kinds). */
function flatSummary(kind: DiffKind, ix: DiffIndex, id: number): FlatSummary | undefined {
  if (kind !== 'struct' && kind !== 'union') return undefined;
  const m = flattenMembers(ix.hashes, id);
  const sigHash = m.sigHash.slice(0, m.length);
  const keyHash = m.keyHash.slice(0, m.length);
  return { length: m.length, sigHash, keyHash, sigs: new Set(sigHash), paths: new Set(keyHash) };
}

/** Share of identical flattened members (plus a bonus for equal size), in [0, 2]. */
function similarity(kind: DiffKind, a: DiffIndex, ia: number, ma: FlatSummary | undefined, b: DiffIndex, ib: number, mb: FlatSummary | undefined): number {
  // Other kinds have no members to compare: pair what is left in id order.
  if ((kind !== 'struct' && kind !== 'union') || !ma || !mb) return 0.5;
  const { sigs, paths } = mb;
  let same = 0;
  let named = 0;
  for (let i = 0; i < ma.length; i++) {
    if (sigs.has(ma.sigHash[i]!)) same++;
    if (paths.has(ma.keyHash[i]!)) named++;
  }
  const n = Math.max(ma.length, mb.length, 1);
  const sizeBonus = a.btf.sizeOrType(ia) === b.btf.sizeOrType(ib) ? 0.25 : 0;
  return (same + named) / n / 2 + (named ? sizeBonus : 0) + (same || named ? 0 : ma.length + mb.length === 0 ? 1 : 0);
}

function asDiagnostic(e: unknown, what: string): Diagnostic {
  if (e instanceof ParseError) return { severity: 'warning', code: e.code, message: `${what}: ${e.message}` };
  return { severity: 'error', code: ErrorCode.Internal, message: `${what}: ${e instanceof Error ? e.message : String(e)}` };
}
