/**
 * The result of a BTF diff, compact until read.
 *
 * Diffing 5.10 against 6.18 reports ~60k types, ~50k of them functions that were added or
 * removed. Decoding all their names and building an object for each costs more than the
 * diff itself, and a table view shows a screenful at a time. So the result keeps each
 * entry as (kind, change, id before, id after) in arrays and builds the `TypeDiff` of an
 * entry when it is first read. Changed types, the interesting part, are built during the
 * diff (with `details`, the default). `types()` materializes and sorts everything (the
 * CLI, JSON output); `toJSON()` is what docs/diff-json.md describes.
 */
import type { Diagnostic } from '../diagnostics';
import { describePair, describeSide } from './compare-types';
import type { DiffIndex } from './diff-index';
import { DIFF_KINDS, type DiffKind, type DuplicateName, type KindSummary, type TypeChange, type TypeDiff, emptySummary } from './diff-model';

const CHANGES: readonly TypeChange[] = ['added', 'removed', 'changed', 'unchanged'];
/** Change codes for `add` (indexes into CHANGES). */
export const ADDED = 0;
export const REMOVED = 1;
export const CHANGED = 2;
export const UNCHANGED = 3;
/** Kind codes for `add`: indexes into DIFF_KINDS. */
export const KIND_CODE = Object.freeze(Object.fromEntries(DIFF_KINDS.map((k, i) => [k, i])) as Record<DiffKind, number>);

/** JSON form of a diff (docs/diff-json.md). */
export interface BtfDiffJson {
  summary: Record<DiffKind, KindSummary>;
  types: TypeDiff[];
  duplicates: DuplicateName[];
  diagnostics: Diagnostic[];
}

/** The result of a kernel-to-kernel diff: per-kind totals and the types that differ, read by index or as JSON. */
export class BtfDiff {
  readonly before: DiffIndex;
  readonly after: DiffIndex;
  readonly summary: Record<DiffKind, KindSummary> = emptySummary();
  /** Per kind code × change code while diffing (keyed stores by string are slow in the hot loop); see `finish`. */
  private readonly counts = new Int32Array(DIFF_KINDS.length * 4);
  /** Kind + names that occur more than once in either BTF (paired by best structural match). */
  readonly duplicates: DuplicateName[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private count = 0;
  /** Per entry: kind << 2 | change. */
  private codes: Uint8Array;
  private idsBefore: Int32Array;
  private idsAfter: Int32Array;
  private dups: Int32Array;
  /** Built entries, by entry index (a Map: most entries are never built). */
  private readonly built = new Map<number, TypeDiff>();
  private sorted: TypeDiff[] | undefined;

  constructor(before: DiffIndex, after: DiffIndex, capacity = 1024) {
    this.before = before;
    this.after = after;
    this.codes = new Uint8Array(capacity);
    this.idsBefore = new Int32Array(capacity);
    this.idsAfter = new Int32Array(capacity);
    this.dups = new Int32Array(capacity);
  }

  /** Number of entries (added, removed, changed, and unchanged ones if they were asked for). */
  get size(): number {
    return this.count;
  }

  /** Counts a pair or a one-sided type (kind and change codes) in the summary. */
  tally(kind: number, change: number): void {
    this.counts[kind * 4 + change]++;
  }

  /** Copies the tallies into `summary` (when the diff is complete). */
  finish(): void {
    DIFF_KINDS.forEach((k, i) => {
      const s = this.summary[k];
      s.added = this.counts[i * 4 + ADDED]!;
      s.removed = this.counts[i * 4 + REMOVED]!;
      s.changed = this.counts[i * 4 + CHANGED]!;
      s.unchanged = this.counts[i * 4 + UNCHANGED]!;
    });
  }

  /**
   * Records an entry (kind and change as codes); ids are 0 for the side that lacks the
   * type. Returns its index.
   */
  add(kind: number, change: number, idBefore: number, idAfter: number, dup: number, built?: TypeDiff): number {
    const i = this.count++;
    if (i >= this.codes.length) this.grow();
    this.codes[i] = (kind << 2) | change;
    this.idsBefore[i] = idBefore;
    this.idsAfter[i] = idAfter;
    this.dups[i] = dup;
    if (built) this.built.set(i, built);
    this.sorted = undefined;
    return i;
  }

  private grow(): void {
    const n = Math.max(16, this.codes.length * 2);
    const codes = new Uint8Array(n);
    codes.set(this.codes);
    this.codes = codes;
    const before = new Int32Array(n);
    before.set(this.idsBefore);
    this.idsBefore = before;
    const after = new Int32Array(n);
    after.set(this.idsAfter);
    this.idsAfter = after;
    const dups = new Int32Array(n);
    dups.set(this.dups);
    this.dups = dups;
  }

  /** The kind of the i-th type of the diff. */
  kindAt(i: number): DiffKind {
    return DIFF_KINDS[this.codes[i]! >> 2]!;
  }

  /** The change of the i-th type of the diff. */
  changeAt(i: number): TypeChange {
    return CHANGES[this.codes[i]! & 3]!;
  }

  /** Entry i, built on first read (with member/value/param details for changed types). */
  entry(i: number): TypeDiff {
    let t = this.built.get(i);
    if (!t) {
      const kind = this.kindAt(i);
      const change = this.changeAt(i);
      const ia = this.idsBefore[i]!;
      const ib = this.idsAfter[i]!;
      const name = ia ? this.before.namer.name(ia) : this.after.namer.name(ib);
      t = { kind, name, change };
      const d = this.dups[i]!;
      if (d >= 0) t.duplicates = { before: this.duplicates[d]!.before, after: this.duplicates[d]!.after };
      if (ia && ib) describePair(kind, this.before, ia, this.after, ib, t, change === 'changed');
      else if (ia) describeSide(kind, this.before, ia, t, 'before', true);
      else describeSide(kind, this.after, ib, t, 'after', true);
      this.built.set(i, t);
    }
    return t;
  }

  /** All entries, built, sorted by kind (DIFF_KINDS order), then name, then id. */
  types(): TypeDiff[] {
    if (this.sorted) return this.sorted;
    this.sorted = this.typesWhere(() => true);
    return this.sorted;
  }

  /**
   * The entries whose kind and change pass `want`, built, in `types()` order (the sort is
   * stable and entries are taken in the same order, so a subset keeps its relative order).
   * The text output skips the ~50k added/removed functions this way without building them.
   */
  typesWhere(want: (kind: DiffKind, change: TypeChange) => boolean): TypeDiff[] {
    if (this.sorted) return this.sorted.filter((t) => want(t.kind, t.change));
    // Indexes sorted on parallel arrays, then built: comparing the built objects (a dozen
    // shapes) was megamorphic and cost twice as much for ~60k entries.
    const picked: number[] = [];
    for (let i = 0; i < this.size; i++) if (want(this.kindAt(i), this.changeAt(i))) picked.push(i);
    const n = this.size;
    const names: string[] = new Array<string>(n);
    const ids = new Int32Array(n);
    for (const i of picked) {
      const ia = this.idsBefore[i]!;
      names[i] = this.built.get(i)?.name ?? (ia ? this.before.namer.name(ia) : this.after.namer.name(this.idsAfter[i]!));
      ids[i] = ia || this.idsAfter[i]!;
    }
    const codes = this.codes;
    // Kind (DIFF_KINDS order), then name, then id; entry order last (what a stable sort keeps).
    picked.sort((x, y) => {
      const kx = codes[x]! >> 2;
      const ky = codes[y]! >> 2;
      if (kx !== ky) return kx - ky;
      const nx = names[x]!;
      const ny = names[y]!;
      return (nx < ny ? -1 : nx > ny ? 1 : 0) || ids[x]! - ids[y]! || x - y;
    });
    return picked.map((i) => this.entry(i));
  }

  /** The diff as `btfscope diff --json` writes it (docs/diff-json.md). */
  toJSON(): BtfDiffJson {
    return { summary: this.summary, types: this.types(), duplicates: this.duplicates, diagnostics: this.diagnostics };
  }
}
