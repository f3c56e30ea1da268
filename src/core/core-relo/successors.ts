/**
 * Where a CO-RE access breaks on a target, and what probably replaced the missing piece:
 * a field renamed in place (`state` → `__state`), a field moved into a nested struct or
 * union, a renamed type. libbpf, cilium/ebpf and aya only say "no match"; this module is
 * heuristic by design and never affects the libbpf-exact results.
 *
 * Rename heuristics: same name up to leading/trailing underscores, one name containing
 * the other, or an edit distance of at most 2 — and a CO-RE-compatible type
 * (bpf_core_fields_are_compat). Candidates at the same bit offset as the local definition
 * rank first (local types cut from a vmlinux.h keep the kernel's offsets).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { essentialNameLen, kindCoreCompat, typeOf } from './btf-helpers';
import { fieldsAreCompat } from './spec-match';
import type { CoreSpec } from './spec';

/** Where matching stopped on one candidate. */
export interface Mismatch {
  code: 'no-field' | 'incompatible-field' | 'not-composite' | 'not-array' | 'array-bounds' | 'ok';
  /** Target type id of the struct/union (or array) where it stopped. */
  targetContainer: number;
  /** Local accessor index (into spec.spec) that failed. */
  accessor: number;
  /** The member name looked for, or the index. */
  name: string;
  /** Local member type id (for fields). */
  localTypeId: number;
  /** Bit offset of the local member within its struct. */
  localBitOffset: number;
  /** Target member type id when found but incompatible. */
  targetTypeId?: number;
}

interface FoundMember {
  path: string;
  name: string;
  typeId: number;
  /** Bit offset from the start of the searched struct. */
  bitOffset: number;
  /** True when reached only through anonymous members (a plain `x.name` access in C). */
  direct: boolean;
}

const memberCache = new WeakMap<Btf, Map<string, FoundMember[]>>();

/** Every member reachable from struct/union `id` without following pointers (cached). */
export function collectMembers(btf: Btf, id: number, maxDepth = 4): FoundMember[] {
  let perBtf = memberCache.get(btf);
  if (!perBtf) memberCache.set(btf, (perBtf = new Map()));
  const key = `${id}/${maxDepth}`;
  const hit = perBtf.get(key);
  if (hit) return hit;
  const out: FoundMember[] = [];
  perBtf.set(key, out);
  const walk = (tid: number, prefix: string, base: number, direct: boolean, depth: number): void => {
    if (depth > maxDepth) return;
    const t = typeOf(btf, btf.skipModsAndTypedefs(tid));
    if (t.kind !== BtfKind.Struct && t.kind !== BtfKind.Union) return;
    for (const m of t.members) {
      const off = base + m.bitOffset;
      if (m.name) out.push({ path: prefix + m.name, name: m.name, typeId: m.typeId, bitOffset: off, direct });
      walk(m.typeId, m.name ? `${prefix}${m.name}.` : prefix, off, direct && !m.name, depth + 1);
    }
  };
  walk(id, '', 0, true, 0);
  return out;
}

function findDirect(btf: Btf, id: number, name: string): FoundMember | undefined {
  return collectMembers(btf, id, 8).find((m) => m.direct && m.name === name);
}

/** Replays the local spec on one candidate and reports the first accessor that fails. */
export function diagnoseMismatch(local: CoreSpec, targBtf: Btf, candId: number): Mismatch {
  const lb = local.btf;
  let targId = candId;
  const base = { targetContainer: candId, localTypeId: 0, localBitOffset: 0 };
  for (let i = 0; i < local.len; i++) {
    targId = targBtf.skipModsAndTypedefs(targId);
    const acc = local.spec[i]!;
    if (acc.name) {
      const lt = typeOf(lb, acc.typeId);
      const lm = lt.kind === BtfKind.Struct || lt.kind === BtfKind.Union ? lt.members[acc.idx] : undefined;
      const info = { ...base, accessor: i, name: acc.name, localTypeId: lm?.typeId ?? 0, localBitOffset: lm?.bitOffset ?? 0, targetContainer: targId };
      const k = targBtf.kind(targId);
      if (k !== BtfKind.Struct && k !== BtfKind.Union) return { ...info, code: 'not-composite' };
      const found = findDirect(targBtf, targId, acc.name);
      if (!found) return { ...info, code: 'no-field' };
      if (fieldsAreCompat(lb, info.localTypeId, targBtf, found.typeId) !== 1) {
        return { ...info, code: 'incompatible-field', targetTypeId: found.typeId };
      }
      targId = found.typeId;
    } else if (i > 0) {
      const t = typeOf(targBtf, targId);
      const info = { ...base, accessor: i, name: `[${acc.idx}]`, targetContainer: targId };
      if (t.kind !== BtfKind.Array) return { ...info, code: 'not-array' };
      if (acc.idx >= t.nelems && t.nelems !== 0) return { ...info, code: 'array-bounds' };
      targId = t.elemTypeId;
    }
  }
  return { ...base, code: 'ok', accessor: local.len, name: '' };
}

function bare(s: string): string {
  return s.replace(/^_+|_+$/g, '').toLowerCase();
}

/** Levenshtein distance, capped: returns cap+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, cap = 2): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How plausibly `cand` is `name` renamed: 0 same name up to underscores/case, 1 one
 * contains the other, 2 one edit apart; -1 not similar.
 */
export function nameSimilarity(name: string, cand: string): number {
  if (name === cand) return -1;
  const a = bare(name);
  const b = bare(cand);
  if (!a || !b) return -1;
  if (a === b) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && short.length * 2 >= long.length && long.includes(short)) return 1;
  return a.length >= 5 && editDistance(a, b, 1) <= 1 ? 2 : -1;
}

export function isSimilarName(name: string, cand: string): boolean {
  return nameSimilarity(name, cand) >= 0;
}

export interface FieldSuccessor {
  kind: 'renamed-field' | 'moved-field';
  path: string;
  typeId: number;
  sameOffset: boolean;
  /** nameSimilarity() of the names (0 for the same name moved elsewhere). */
  similarity: number;
}

/** Members of target struct `containerId` that probably replaced the missing local field. */
export function findFieldSuccessors(local: CoreSpec, mm: Mismatch, targBtf: Btf): FieldSuccessor[] {
  const scored: { s: FieldSuccessor; score: number }[] = [];
  let localSize = -1;
  try {
    localSize = local.btf.resolveSize(mm.localTypeId);
  } catch {
    localSize = -1;
  }
  for (const m of collectMembers(targBtf, mm.targetContainer)) {
    const sim = m.name === mm.name ? (m.direct ? -1 : 0) : nameSimilarity(mm.name, m.name);
    if (sim < 0) continue;
    if (fieldsAreCompat(local.btf, mm.localTypeId, targBtf, m.typeId) !== 1) continue;
    let size = -2;
    try {
      size = targBtf.resolveSize(m.typeId);
    } catch {
      size = -2;
    }
    const depth = m.path.split('.').length - 1;
    const sameOffset = m.bitOffset === mm.localBitOffset;
    // Lower is better: name similarity first, then nesting depth, then size and offset agreement.
    const score = sim * 4 + depth * 2 + (size === localSize ? 0 : 1) + (sameOffset ? 0 : 0.5);
    scored.push({ s: { kind: m.direct ? 'renamed-field' : 'moved-field', path: m.path, typeId: m.typeId, sameOffset, similarity: sim }, score });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, 3).map((x) => x.s);
}

const typeSuccessorCache = new WeakMap<Btf, Map<string, number[]>>();

/** Target types (compatible kind) whose names look like a rename of `name`, best first (cached). */
export function findTypeSuccessors(targBtf: Btf, name: string, kind: number, memberNames: readonly string[]): number[] {
  let perBtf = typeSuccessorCache.get(targBtf);
  if (!perBtf) typeSuccessorCache.set(targBtf, (perBtf = new Map()));
  const key = `${kind}/${name}/${memberNames.join(',')}`;
  let hit = perBtf.get(key);
  if (!hit) perBtf.set(key, (hit = scanTypeSuccessors(targBtf, name, kind, memberNames)));
  return hit;
}

function scanTypeSuccessors(targBtf: Btf, name: string, kind: number, memberNames: readonly string[]): number[] {
  const essential = name.slice(0, essentialNameLen(name));
  const hits: { id: number; score: number }[] = [];
  for (let id = 1; id < targBtf.typeCount; id++) {
    if (!kindCoreCompat(targBtf.kind(id), kind)) continue;
    const n = targBtf.name(id);
    if (!n || !isSimilarName(essential, n)) continue;
    let score = 0;
    if (memberNames.length) {
      const have = new Set(collectMembers(targBtf, id, 2).map((m) => m.name));
      score = memberNames.filter((m) => have.has(m)).length;
      if (score === 0) continue;
    }
    hits.push({ id, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, 3).map((h) => h.id);
}

/** Why a local access string does not parse (libbpf: "parsing ... failed"), in words. */
export function diagnoseLocalAccess(btf: Btf, typeId: number, accessStr: string): string {
  const raw = accessStr.split(':').map(Number);
  let id = btf.skipModsAndTypedefs(typeId);
  let lastMember: { parent: number; idx: number } | undefined;
  for (let i = 1; i < raw.length; i++) {
    id = btf.skipModsAndTypedefs(id);
    const t = typeOf(btf, id);
    const idx = raw[i]!;
    if (t.kind === BtfKind.Struct || t.kind === BtfKind.Union) {
      const m = t.members[idx];
      if (!m) return `member #${idx} does not exist (${btf.name(id) || 'the anonymous type'} has ${t.members.length})`;
      lastMember = { parent: id, idx };
      id = m.typeId;
    } else if (t.kind === BtfKind.Array) {
      if (idx < t.nelems) {
        id = t.elemTypeId;
        lastMember = undefined;
        continue;
      }
      if (t.nelems === 0 && lastMember) {
        const p = typeOf(btf, lastMember.parent);
        const name = p.kind === BtfKind.Struct || p.kind === BtfKind.Union ? p.members[lastMember.idx]?.name : '';
        return `'${name}' is a zero-length array that is not the last member, so it is not a flexible array and libbpf allows no index into it`;
      }
      return `index ${idx} is out of bounds of an array of ${t.nelems}`;
    } else {
      return `step ${i} (${idx}) indexes into a type that is neither a struct/union nor an array`;
    }
  }
  return 'it cannot be parsed';
}
