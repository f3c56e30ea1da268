/** What scripts/fuzz.mjs runs (bundled) to write the seed corpora and the small kernel. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSeeds, makeSmallKernel } from './seeds';

/** Writes each target's seeds into `<dir>/<target>/seed-<n>`; returns the counts. */
export function writeSeeds(dir: string): Record<string, number> {
  const seeds = makeSeeds();
  const counts: Record<string, number> = {};
  for (const [name, list] of Object.entries(seeds)) {
    mkdirSync(join(dir, name), { recursive: true });
    list.forEach((b, i) => writeFileSync(join(dir, name, `seed-${String(i).padStart(2, '0')}`), b));
    counts[name] = list.length;
  }
  return counts;
}

export function writeSmallKernel(path: string): number {
  const b = makeSmallKernel();
  writeFileSync(path, b);
  return b.length;
}
