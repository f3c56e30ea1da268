/**
 * How well a type's name matches the filter, for the Types view's default (relevance) order:
 * exact names first, then names that start with the query, then names that contain it (at a
 * word start before inside a word), then, in fuzzy mode, names that merely contain its
 * characters in order (by fuzzy score). Within one rank, data types come before functions
 * and variables, and shorter names before longer ones: `sk_buff` lists `sk_buff` before
 * `sk_buff_head` before `__sk_buff`, and `tskst` lists `task_struct` first.
 */
import { BtfKind } from '../core/index';
import { fuzzyScore } from './fuzzy';

export const MatchTier = { Exact: 0, Prefix: 1, Substring: 2, Fuzzy: 3 } as const;
export type MatchTier = (typeof MatchTier)[keyof typeof MatchTier];

export interface NameMatch {
  tier: MatchTier;
  /** Higher is better within a tier: the fuzzy score, or 1 for a substring at a word start. */
  score: number;
}

/** `needle` and `hay` lower-case; undefined when the name does not match. */
export function matchName(needle: string, hay: string, fuzzy: boolean): NameMatch | undefined {
  const at = hay.indexOf(needle);
  if (at === 0) return { tier: hay.length === needle.length ? MatchTier.Exact : MatchTier.Prefix, score: 0 };
  if (at > 0) {
    // A later word-start occurrence counts too: `buff` in `xsk_buff_pool` starts a word.
    let wordStart = false;
    for (let i = at; i >= 0 && !wordStart; i = hay.indexOf(needle, i + 1)) {
      const prev = hay.charCodeAt(i - 1);
      wordStart = !((prev >= 0x61 && prev <= 0x7a) || (prev >= 0x30 && prev <= 0x39));
    }
    return { tier: MatchTier.Substring, score: wordStart ? 1 : 0 };
  }
  if (!fuzzy) return undefined;
  const s = fuzzyScore(needle, hay);
  return s > 0 ? { tier: MatchTier.Fuzzy, score: s } : undefined;
}

/**
 * The order of kinds within one rank: the types a reader looks up (structs, unions, enums,
 * typedefs), then other named types, then functions and variables, then the rest.
 */
export function kindClass(kind: number): number {
  switch (kind) {
    case BtfKind.Struct:
    case BtfKind.Union:
    case BtfKind.Enum:
    case BtfKind.Enum64:
    case BtfKind.Typedef:
      return 0;
    case BtfKind.Fwd:
    case BtfKind.Int:
    case BtfKind.Float:
      return 1;
    case BtfKind.Func:
    case BtfKind.Var:
    case BtfKind.Datasec:
      return 2;
    default:
      return 3;
  }
}
