/**
 * Which rows of the aligned member view to show. "Changed members only" reads like a review:
 * it hides members that are the same on both sides and members whose only change is their
 * offset (everything after an insertion shifts; task_struct 6.1 → 6.12 has ~100 of those),
 * keeping members added, removed, renamed, resized, retyped, turned into (or out of) a
 * bitfield, or moved into another container.
 */
import type { AlignedMember } from '../../worker/protocol';

/** A member on both sides that differs in nothing but its offset. */
export function isMovedOnly(r: AlignedMember): boolean {
  const aspects = r.diff?.aspects;
  return r.change === 'changed' && !!aspects && aspects.length === 1 && aspects[0] === 'moved';
}

export function visibleMemberRows(rows: readonly AlignedMember[], changedOnly: boolean): AlignedMember[] {
  return changedOnly ? rows.filter((r) => r.change !== 'same' && !isMovedOnly(r)) : [...rows];
}

export interface MemberCounts {
  total: number;
  /** Rows with any difference (moved-only ones included). */
  differ: number;
  movedOnly: number;
}

export function countMemberRows(rows: readonly AlignedMember[]): MemberCounts {
  let differ = 0;
  let movedOnly = 0;
  for (const r of rows) {
    if (r.change !== 'same') differ++;
    if (isMovedOnly(r)) movedOnly++;
  }
  return { total: rows.length, differ, movedOnly };
}
