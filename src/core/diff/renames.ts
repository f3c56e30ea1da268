/**
 * Rename detection for struct/union members: a member removed and another added in the
 * same type are reported as one rename when the evidence says so.
 *
 * Passes, each over what earlier passes left:
 *  1. same offset, bitfield width, size and type spelling, matched one to one (the only
 *     candidate on both sides, or the only one with a close name): `state` → `__state`.
 *  2. close names and the same type at another offset: a rename that also moved.
 *  3. close names at the same offset with the same size but another type.
 *  4. close names right after the same unchanged neighbour, whatever else changed:
 *     task_struct's `volatile long state` at 16 → `unsigned int __state` at 24 (5.14).
 * Where several candidates are close, the one equal up to underscores wins.
 * "Close" names: equal once leading/trailing underscores are dropped, one containing the
 * other (at least 3 characters), or an edit distance of 1 (2 for names of 8+ characters).
 */
import type { FlatMember } from './flatten';

/** A flattened member with its access path spelled out. */
export interface NamedMember extends FlatMember {
  path: string;
  /** Its index in the FlatList it came from. */
  index: number;
  /** Access-path hash of the nearest earlier member matched on both sides (0: none). */
  anchor?: number;
}

export interface RenamePair {
  before: NamedMember;
  after: NamedMember;
  evidence: string[];
}

const MAX_NAME_PAIRS = 1_000_000;

/** Drops the members in `gone` from `ms`, in place, keeping the order. */
function compact(ms: NamedMember[], gone: Set<NamedMember>): void {
  let k = 0;
  for (const m of ms) if (!gone.has(m)) ms[k++] = m;
  ms.length = k;
}

/** Finds renames among `removed` × `added`; returns them and drops them from both arrays. */
export function detectRenames(removed: NamedMember[], added: NamedMember[]): RenamePair[] {
  const pairs: RenamePair[] = [];
  if (!removed.length || !added.length) return pairs;
  // Taken members leave both arrays at once after each pass (splicing one by one would be
  // quadratic); the passes below skip them until then.
  const taken = new Set<NamedMember>();
  const take = (r: NamedMember, a: NamedMember): void => {
    pairs.push({ before: r, after: a, evidence: renameEvidence(r, a) });
    taken.add(r).add(a);
  };
  const settle = (): void => {
    if (!taken.size) return;
    compact(removed, taken);
    compact(added, taken);
  };
  // 1. same shape at the same place (candidates found by offset: a struct may have
  // thousands of members, and this pass must not be quadratic in them).
  const sameShape = (r: NamedMember, a: NamedMember): boolean =>
    r.bitOffset === a.bitOffset && r.bitfieldSize === a.bitfieldSize && r.byteSize === a.byteSize && r.typeHash === a.typeHash;
  const byOffset = (ms: NamedMember[]): Map<number, NamedMember[]> => {
    const m = new Map<number, NamedMember[]>();
    for (const x of ms) {
      const l = m.get(x.bitOffset);
      if (l) l.push(x);
      else m.set(x.bitOffset, [x]);
    }
    return m;
  };
  const addedAt = byOffset(added);
  const removedAt = byOffset(removed);
  for (const r of [...removed]) {
    const cands = (addedAt.get(r.bitOffset) ?? []).filter((a) => !taken.has(a) && sameShape(r, a));
    if (!cands.length) continue;
    let pick: NamedMember | undefined;
    const rivals = (removedAt.get(r.bitOffset) ?? []).filter((r2) => !taken.has(r2) && sameShape(r2, cands[0]!));
    if (cands.length === 1 && rivals.length === 1) pick = cands[0];
    else {
      const close = cands.filter((a) => closeNames(r.path, a.path));
      if (close.length === 1) pick = close[0];
    }
    if (pick) take(r, pick);
  }
  settle();
  // The name-based passes compare every removed member with every added one: past this
  // many pairs (only seen in generated or hostile BTF) they are skipped, not run for minutes.
  if (removed.length * added.length > MAX_NAME_PAIRS) return pairs;
  // 2. close name, same type, moved.
  for (const r of [...removed]) {
    const pick = strongest(r, added.filter((a) => !taken.has(a) && a.typeHash === r.typeHash && a.bitfieldSize === r.bitfieldSize && closeNames(r.path, a.path)));
    if (pick) take(r, pick);
  }
  settle();
  // 3. close name, same place and size, retyped.
  for (const r of [...removed]) {
    const cands = added.filter(
      (a) => !taken.has(a) && a.bitOffset === r.bitOffset && a.byteSize === r.byteSize && a.bitfieldSize === r.bitfieldSize && closeNames(r.path, a.path),
    );
    if (cands.length === 1) take(r, cands[0]!);
  }
  settle();
  // 4. close name in the same place among the unchanged members.
  for (const r of [...removed]) {
    if (r.anchor === undefined) continue;
    const pick = strongest(r, added.filter((a) => !taken.has(a) && a.anchor === r.anchor && closeNames(r.path, a.path)));
    if (pick && strongest(pick, removed.filter((r2) => !taken.has(r2) && r2.anchor === r.anchor && closeNames(r2.path, pick.path))) === r) take(r, pick);
  }
  settle();
  return pairs;
}

/**
 * The one candidate for `m`: the only one, or else the only one whose name equals `m`'s up
 * to underscores (5.10 → 6.18: `state` → `__state`, not the also-added `saved_state`).
 */
function strongest(m: NamedMember, cands: NamedMember[]): NamedMember | undefined {
  if (cands.length === 1) return cands[0];
  const same = cands.filter((c) => normalize(c.path) === normalize(m.path));
  return same.length === 1 ? same[0] : undefined;
}

/** What the two members have in common, in words. */
function renameEvidence(r: NamedMember, a: NamedMember): string[] {
  const ev: string[] = [];
  if (r.bitOffset === a.bitOffset) ev.push('same offset');
  if (r.byteSize === a.byteSize && r.bitfieldSize === a.bitfieldSize) ev.push('same size');
  if (r.typeHash === a.typeHash) ev.push('same type');
  if (closeNames(r.path, a.path)) ev.push('close name');
  if (r.anchor !== undefined && r.anchor === a.anchor) ev.push('same position');
  return ev;
}

const normalized = new Map<string, string>();

/** The last path part without leading/trailing underscores, lower case (memoized). */
function normalize(path: string): string {
  let n = normalized.get(path);
  if (n === undefined) {
    n = lastPart(path).replace(/^_+|_+$/g, '').toLowerCase();
    if (normalized.size > 50000) normalized.clear();
    normalized.set(path, n);
  }
  return n;
}

/** Whether two member names are close enough to call one a rename of the other. */
export function closeNames(x: string, y: string): boolean {
  if (x === y) return true;
  const a = normalize(x);
  const b = normalize(y);
  if (!a || !b) return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.includes(short)) return true;
  const limit = short.length >= 8 ? 2 : 1;
  return short.length >= 4 && editDistance(a, b, limit) <= limit;
}

function lastPart(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
let rows = new Int32Array(128);

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const w = b.length + 1;
  if (rows.length < 2 * w) rows = new Int32Array(4 * w);
  let prev = 0;
  let cur = w;
  for (let j = 0; j < w; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[cur] = i;
    let best = i;
    for (let j = 1; j < w; j++) {
      const v = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      rows[cur + j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return rows[prev + b.length]!;
}
