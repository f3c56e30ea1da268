/**
 * Fuzzy name matching for the type filter: the query's characters must appear in order
 * (`tskst` matches `task_struct`). Scores favour contiguous runs, matches at word starts
 * (after `_`) and at the start of the name, and shorter names, so the likely type ranks first.
 */

/** Score > 0 when `needle` is a subsequence of `hay` (both lower-case); 0 otherwise. */
export function fuzzyScore(needle: string, hay: string): number {
  const n = needle.length;
  if (n === 0) return 1;
  if (n > hay.length) return 0;
  let score = 0;
  let h = 0;
  let run = 0;
  let lastMatch = -2;
  for (let i = 0; i < n; i++) {
    const c = needle.charCodeAt(i);
    let found = -1;
    for (; h < hay.length; h++) {
      if (hay.charCodeAt(h) === c) {
        found = h;
        break;
      }
    }
    if (found < 0) return 0;
    const prev = found > 0 ? hay.charCodeAt(found - 1) : 0x5f;
    const wordStart = prev === 0x5f || found === 0; // '_' or start
    run = lastMatch === found - 1 ? run + 1 : 1;
    score += 1 + (run > 1 ? 2 * run : 0) + (wordStart ? 3 : 0) + (found === 0 ? 4 : 0);
    lastMatch = found;
    h = found + 1;
  }
  // Exact and prefix matches first; then shorter names.
  if (hay === needle) score += 100;
  else if (hay.startsWith(needle)) score += 20;
  return score + 1 / (1 + hay.length);
}
