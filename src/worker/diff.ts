/**
 * The diff requests: the whole-kernel summary and changed-types table (core's diffBtf; its
 * per-BTF indexes are cached, so comparing one kernel with several re-indexes nothing), and
 * one type's diff with both layouts aligned member by member.
 */
import {
  type Btf,
  BtfKind,
  type BtfDiff,
  type DiffKind,
  type LayoutMember,
  type MemberDiff,
  type StructLayout,
  computeStructLayout,
  diffBtf,
  diffType,
  formatCType,
  kindKeyword,
} from '../core/index';
import { diffTableRows, formatDiffJson } from '../core/diff/diff-export';
import type { AlignedMember, AlignedSide, DiffRow, DiffSummaryView, DiffTypeView } from './diff-view-model';
import { type FileId, WorkerErrorCode } from './protocol';
import { cutText } from './c-text';
import { WorkerError } from './worker-error';

const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;

export function diffSummary(aFileId: FileId, a: Btf, bFileId: FileId, b: Btf): DiffSummaryView {
  let t = performance.now();
  const r = diffBtf(a, b);
  if (!r.value) throw new WorkerError(r.diagnostics[0]?.code ?? 'internal-error', 'the diff failed', r.diagnostics);
  const d: BtfDiff = r.value;
  const timingsMs: Record<string, number> = { diff: ms(t) };
  t = performance.now();
  const rows: DiffRow[] = diffTableRows(d);
  timingsMs.rows = ms(t);
  return { aFileId, bFileId, summary: d.summary, rows, duplicates: d.duplicates.length, timingsMs };
}

/** The whole diff as `btfscope diff A B --json` prints it, the sides named by the page's labels. */
export function diffJsonText(a: Btf, b: Btf, before: string, after: string): string {
  const r = diffBtf(a, b);
  if (!r.value) throw new WorkerError(r.diagnostics[0]?.code ?? 'internal-error', 'the diff failed', r.diagnostics);
  return formatDiffJson(r.value, before, after);
}

const KEY_KINDS: Record<string, DiffKind> = { struct: 'struct', union: 'union', enum: 'enum', typedef: 'typedef', func: 'func', var: 'var' };

export function diffTypeView(a: Btf, b: Btf, key: string): DiffTypeView {
  const m = /^([a-z]+):(.+)$/.exec(key);
  const kind = m ? KEY_KINDS[m[1]!] : undefined;
  if (!m || !kind) throw new WorkerError(WorkerErrorCode.BadRequest, `cannot diff '${key}': name a struct, union, enum, typedef, func or var`);
  const diffs = diffType(a, b, kind, m[2]!);
  if (!diffs.length) throw new WorkerError(WorkerErrorCode.UnknownType, `neither kernel has ${kind} ${m[2]}`);
  const first = diffs[0]!;
  // Bounded as the C view's text is (a struct of hundreds of MB is that many padding lines).
  const cBefore = first.idBefore ? cutText(formatCType(a, first.idBefore)).text : '';
  const cAfter = first.idAfter ? cutText(formatCType(b, first.idAfter)).text : '';
  const isComposite = kind === 'struct' || kind === 'union';
  const before = isComposite && first.idBefore ? computeStructLayout(a, first.idBefore).value : undefined;
  const after = isComposite && first.idAfter ? computeStructLayout(b, first.idAfter).value : undefined;
  const aligned = isComposite ? alignMembers(before, after, first.members ?? [], [a, b]) : [];
  return { key, diffs, aligned, cBefore, cAfter };
}

/** Leaf members with their C access paths (anonymous containers add nothing to the path). */
export function leafMembers(l: StructLayout | undefined, btf?: Btf): AlignedSide[] {
  const out: AlignedSide[] = [];
  const walk = (layout: StructLayout, prefix: string, baseBits: number) => {
    for (const mem of layout.members) {
      const bit = baseBits + mem.bitOffset;
      if (mem.nested) walk(mem.nested, mem.name ? `${prefix}${mem.name}.` : prefix, bit);
      else out.push(side(mem, prefix, bit, btf));
    }
  };
  if (l) walk(l, '', 0);
  return out;
}

function side(m: LayoutMember, prefix: string, bitOffset: number, btf: Btf | undefined): AlignedSide {
  const s: AlignedSide = {
    path: prefix + (m.name || '(anon)'),
    bitOffset,
    bitSize: m.bitfieldSize || m.byteSize * 8,
    bitfield: m.bitfieldSize > 0,
    typeName: m.typeName,
  };
  const key = btf ? namedTypeKey(btf, m.typeId) : undefined;
  if (key) s.typeKey = key;
  return s;
}

/** `struct:sk_buff` for `struct sk_buff *[4]`; undefined for anonymous or base types. */
export function namedTypeKey(btf: Btf, typeId: number): string | undefined {
  let id = typeId;
  for (let depth = 0; depth < 32 && id > 0 && btf.isValidId(id); depth++) {
    const k = btf.kind(id);
    if (k === BtfKind.Ptr || k === BtfKind.Const || k === BtfKind.Volatile || k === BtfKind.Restrict || k === BtfKind.TypeTag) id = btf.sizeOrType(id);
    else if (k === BtfKind.Array) {
      const t = btf.type(id);
      id = t.kind === BtfKind.Array ? t.elemTypeId : 0;
    } else {
      const named = k === BtfKind.Struct || k === BtfKind.Union || k === BtfKind.Enum || k === BtfKind.Enum64 || k === BtfKind.Typedef || k === BtfKind.Fwd;
      const name = named ? btf.name(id) : '';
      if (!name) return undefined;
      // A forward declaration names the struct (or union) all the same: what a pointer in a
      // share link's cut BTF points to, so a shared view links like the original.
      const word = k === BtfKind.Fwd ? (btf.kindFlag(id) ? 'union' : 'struct') : kindKeyword(k);
      return `${word}:${name}`;
    }
  }
  return undefined;
}

/**
 * Aligns the members of both sides: a longest common subsequence over names, where a member
 * renamed in B carries its old name, so `state` and `__state` share a row. A member on both
 * sides that the common order cannot hold (it moved past others, like `perf_event_ctxp` from
 * the end of task_struct to its middle) still gets one row, at its place in B, marked
 * `reordered`: one member moved (and maybe retyped), never one removed plus one added.
 */
export function alignMembers(before: StructLayout | undefined, after: StructLayout | undefined, diffs: MemberDiff[], btfs: [Btf?, Btf?] = []): AlignedMember[] {
  const A = leafMembers(before, btfs[0]);
  const B = leafMembers(after, btfs[1]);
  const byName = new Map(diffs.map((d) => [d.name, d]));
  const oldName = new Map(diffs.filter((d) => d.change === 'renamed' && d.renamedFrom).map((d) => [d.name, d.renamedFrom!]));
  // Keys tell repeated paths apart (unnamed bitfields are all `(anon)`): the k-th on each side pair up.
  const occurrence = (paths: string[]) => {
    const seen = new Map<string, number>();
    return paths.map((p) => {
      const k = seen.get(p) ?? 0;
      seen.set(p, k + 1);
      return k ? `${p}#${k}` : p;
    });
  };
  const keyA = occurrence(A.map((s) => s.path));
  const keyB = occurrence(B.map((s) => oldName.get(s.path) ?? s.path));
  const indexA = new Map(keyA.map((k, i) => [k, i]));
  const inB = new Set(keyB);
  const n = A.length;
  const mm = B.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(mm + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = mm - 1; j >= 0; j--) {
      lcs[i]![j] = keyA[i] === keyB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const pairRow = (a: AlignedSide, b: AlignedSide, reordered: boolean): AlignedMember => {
    const d = byName.get(b.path);
    const change = d?.change === 'renamed' ? 'renamed' : d ? 'changed' : 'same';
    return reordered ? { before: a, after: b, change, diff: d, reordered } : { before: a, after: b, change, diff: d };
  };
  const rows: AlignedMember[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < mm) {
    if (i < n && j < mm && keyA[i] === keyB[j]) {
      rows.push(pairRow(A[i]!, B[j]!, false));
      i++;
      j++;
    } else if (j < mm && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      const k = indexA.get(keyB[j]!);
      if (k !== undefined) rows.push(pairRow(A[k]!, B[j]!, true));
      else rows.push({ after: B[j], change: 'added', diff: byName.get(B[j]!.path) });
      j++;
    } else {
      // A member B also has is shown at its place in B.
      if (!inB.has(keyA[i]!)) rows.push({ before: A[i], change: 'removed', diff: byName.get(A[i]!.path) });
      i++;
    }
  }
  return rows;
}
