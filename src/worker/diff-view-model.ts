/**
 * View models of the Diff view (kernel A vs kernel B), built by the worker from core's diff
 * engine: the summary and one compact row per changed, added or removed type for the table;
 * for one type, core's TypeDiff plus both layouts' members aligned side by side and both C
 * definitions (for a Monaco diff).
 */
import type { DiffKind, KindSummary, MemberDiff, TypeDiff } from '../core/index';
import type { DiffTableRow } from '../core/diff/diff-export';
import type { FileId, TypeKey } from './protocol';

export interface DiffRequestArgs {
  aFileId: FileId;
  bFileId: FileId;
}

/** One row of the changed-types table (built by core, shared with its CSV/Markdown export). */
export type DiffRow = DiffTableRow;

export interface DiffSummaryView {
  aFileId: FileId;
  bFileId: FileId;
  summary: Record<DiffKind, KindSummary>;
  /** Changed types of every kind; added and removed ones except functions and variables. */
  rows: DiffRow[];
  duplicates: number;
  /** Worker time in ms (diff, rows). */
  timingsMs: Record<string, number>;
}

export interface AlignedSide {
  /** C access path (`__state`, `u.field`; anonymous containers are transparent). */
  path: string;
  bitOffset: number;
  /** Bitfield width or the member's byte size × 8. */
  bitSize: number;
  bitfield: boolean;
  typeName: string;
  /**
   * The named struct, union, enum or typedef the member's type names (under pointers,
   * arrays and qualifiers), as a type key (`struct:sched_entity`): its own diff is a click away.
   */
  typeKey?: string | undefined;
}

/** One row of the side-by-side member view: a member on both sides, or on one. */
export interface AlignedMember {
  before?: AlignedSide | undefined;
  after?: AlignedSide | undefined;
  change: 'same' | 'changed' | 'renamed' | 'added' | 'removed';
  diff?: MemberDiff | undefined;
  /**
   * The member moved past others (out of the order both sides share): its row stands where it
   * is in B, and the A side shows where it was.
   */
  reordered?: boolean | undefined;
}

export interface DiffTypeView {
  key: TypeKey;
  /** Usually one; several when a kernel has duplicates of the name. */
  diffs: TypeDiff[];
  /** For structs and unions: the first pairing's members aligned. */
  aligned: AlignedMember[];
  cBefore: string;
  cAfter: string;
}
