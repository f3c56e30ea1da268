/**
 * Fuzzy name matching for the type filter: the query's characters must appear in order
 * (`tskst` matches `task_struct`). The score is that of the best alignment (dynamic
 * programming over query × name, as fzf's v2 matcher does), not of the first one found: a
 * greedy scan aligns `tskst` in `task_struct` as well as anything, but cannot tell that the
 * second `s` landing on the start of `struct` is better than inside `task`. Each matched
 * character scores; matches at word starts (the name's start, after `_` or another non-letter)
 * and runs of consecutive matches earn bonuses; gaps between matches cost, the leading and
 * trailing parts of the name cost nothing (lengths break ties in the caller).
 */

const MATCH = 16;
const GAP_START = -3;
const GAP_EXTEND = -1;
const BONUS_BOUNDARY = 8;
const BONUS_CONSECUTIVE = 4;
/** The query's first character is what the user aimed at most. */
const FIRST_CHAR_MULTIPLIER = 2;
const NONE = -1e9;

let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let runA = new Float64Array(64);
let runB = new Float64Array(64);

/** True when `needle` is a subsequence of `hay`: the cheap test before scoring. */
export function isSubsequence(needle: string, hay: string): boolean {
  let h = 0;
  for (let i = 0; i < needle.length; i++) {
    const c = needle.charCodeAt(i);
    while (h < hay.length && hay.charCodeAt(h) !== c) h++;
    if (h === hay.length) return false;
    h++;
  }
  return true;
}

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
}

/** The bonus for a match at `j`: at the start of the name or of a `_`-separated word. */
function boundaryBonus(hay: string, j: number): number {
  if (j === 0) return BONUS_BOUNDARY;
  return isWordChar(hay.charCodeAt(j - 1)) ? 0 : BONUS_BOUNDARY;
}

/**
 * Score > 0 when `needle` is a subsequence of `hay` (both lower-case); 0 otherwise. Higher is
 * better; the score does not depend on the name's length beyond its alignment.
 */
export function fuzzyScore(needle: string, hay: string): number {
  const m = needle.length;
  const n = hay.length;
  if (m === 0) return 1;
  if (m > n || !isSubsequence(needle, hay)) return 0;
  if (rowA.length < n) {
    const size = Math.max(n, rowA.length * 2);
    rowA = new Float64Array(size);
    rowB = new Float64Array(size);
    runA = new Float64Array(size);
    runB = new Float64Array(size);
  }
  // prev[j]: best score with needle[i-1] matched at hay[j]; prevRun[j]: the bonus the run
  // ending there carries forward (a run inherits its first character's boundary bonus).
  let prev = rowA;
  let cur = rowB;
  let prevRun = runA;
  let curRun = runB;
  const c0 = needle.charCodeAt(0);
  for (let j = 0; j < n; j++) {
    if (hay.charCodeAt(j) === c0) {
      const b = boundaryBonus(hay, j);
      prev[j] = MATCH + b * FIRST_CHAR_MULTIPLIER;
      prevRun[j] = b;
    } else prev[j] = NONE;
  }
  for (let i = 1; i < m; i++) {
    const c = needle.charCodeAt(i);
    // best over k < j-1 of prev[k] + k: a gap from k to j costs GAP_START + (j-k-2)·GAP_EXTEND.
    let bestGap = NONE;
    for (let j = 0; j < n; j++) {
      cur[j] = NONE;
      if (j >= 2 && prev[j - 2]! > NONE) bestGap = Math.max(bestGap, prev[j - 2]! + (j - 2) * -GAP_EXTEND);
      if (j < i || hay.charCodeAt(j) !== c) continue;
      const b = boundaryBonus(hay, j);
      let best = NONE;
      let run = 0;
      if (prev[j - 1]! > NONE) {
        const carried = Math.max(prevRun[j - 1]!, BONUS_CONSECUTIVE, b);
        best = prev[j - 1]! + MATCH + carried;
        run = Math.max(prevRun[j - 1]!, b);
      }
      if (bestGap > NONE) {
        const viaGap = bestGap + j * GAP_EXTEND + GAP_START - 2 * GAP_EXTEND + MATCH + b;
        if (viaGap > best) {
          best = viaGap;
          run = b;
        }
      }
      cur[j] = best;
      curRun[j] = run;
    }
    [prev, cur] = [cur, prev];
    [prevRun, curRun] = [curRun, prevRun];
  }
  let score = NONE;
  for (let j = m - 1; j < n; j++) if (prev[j]! > score) score = prev[j]!;
  // Long gaps can push a true match below zero: map every score into (0, ∞), order kept.
  return score > 0 ? score + 1 : 1 / (1 - score);
}
