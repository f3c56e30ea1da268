/**
 * Inputs the fuzzers found (fixtures/fuzz/regressions/<target>/<name>) replayed through the
 * same targets `npm run fuzz` runs (src/test-utils/fuzz/targets.ts): no exception, output
 * within the target's bound, and fast. Inputs of defects another change fixes sit in
 * fixtures/fuzz/pending/<target>/ and are skipped here until then (docs/fuzzing.md).
 * Also checks that every target runs its seeds clean, so the harness itself stays honest.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../test-utils/btf-builder';
import { FIXTURES } from '../test-utils/fixtures';
import { FUZZ_TARGETS, fuzzTarget, setSmallKernel } from '../test-utils/fuzz/targets';
import { makeSeeds } from '../test-utils/fuzz/seeds';

setSmallKernel(new Uint8Array(readFileSync(join(FIXTURES, 'fuzz/small-kernel.btf'))));

/** Jazzer fails an input after 1 s; a replay gets slack for a busy machine, not for a hang. */
const SLOW_MS = 2000;

function inputs(kind: 'regressions' | 'pending'): { target: string; name: string; bytes: Uint8Array }[] {
  const dir = join(FIXTURES, 'fuzz', kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((target) =>
    readdirSync(join(dir, target)).map((name) => ({ target, name, bytes: new Uint8Array(readFileSync(join(dir, target, name))) })),
  );
}

/** Why each pending input still fails, and whose change fixes it. */
const PENDING: Record<string, string> = {
  'cut/output-past-bound':
    'open, found by the 8 Dec campaign: cutBtf (shape depth 2) of a 665-byte BTF with 12 types writes a 7,934-byte cut, over 8x the input; a cut should not outgrow what it cuts from',
};

describe('fuzz regressions', () => {
  for (const { target, name, bytes } of inputs('regressions')) {
    it(`${target}: ${name}`, async () => {
      const t = fuzzTarget(target);
      const started = performance.now();
      await t.run(bytes);
      expect(performance.now() - started).toBeLessThan(SLOW_MS);
    });
  }

  for (const { target, name, bytes } of inputs('pending')) {
    const why = PENDING[`${target}/${name}`];
    it('has a reason for every pending input', () => expect(why, `${target}/${name}`).toBeDefined());
    it.skip(`${target}: ${name} — pending ${why}`, async () => {
      await fuzzTarget(target).run(bytes);
    });
  }
});

describe('fuzz targets', () => {
  const seeds = makeSeeds();

  it('has seeds for every target', () => {
    expect(Object.keys(seeds).sort()).toEqual(FUZZ_TARGETS.map((t) => t.name).sort());
    for (const t of FUZZ_TARGETS) expect(seeds[t.name]!.length, t.name).toBeGreaterThan(0);
  });

  for (const t of FUZZ_TARGETS) {
    it(`${t.name} runs its seeds clean`, async () => {
      for (const s of seeds[t.name]!) {
        expect(s.length, `${t.name} seed within -max_len`).toBeLessThanOrEqual(t.maxLen);
        await t.run(s);
      }
    });
  }

  it('layout: bounds each layout, not their sum (64 structs holding one anonymous struct print it 64 times)', async () => {
    // An anonymous struct of 16 anonymous structs of 16 ints (dedup shares identical anonymous
    // types), held by 64 structs: each layout is 16 KB of a 2.7 KB file's 415 KB bound, all
    // 64 together 1 MB, fully laid out (no limit reached).
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    const inner = b.struct('', 64, Array.from({ length: 16 }, (_, i) => [`f${i}`, int, i * 32] as [string, number, number]));
    const big = b.struct('', 1024, Array.from({ length: 16 }, (_, i) => [`g${i}`, inner, i * 512] as [string, number, number]));
    for (let i = 0; i < 64; i++) b.struct(`holder_${i}`, 1024, [['', big, 0]]);
    await fuzzTarget('layout').run(b.build());
  });

  it('fails on output past the bound', async () => {
    // The raw dump of a name 4000 times: past 128× the input.
    const b = new BtfBuilder();
    const int = b.int('int', 4);
    const name = 'n'.repeat(3000);
    b.struct('s', 4, Array.from({ length: 400 }, () => [name, int, 0] as [string, number, number]));
    await expect((async () => fuzzTarget('raw-dump').run(b.build()))()).rejects.toThrow(/\[fuzz blow-up\] raw-dump/);
    await expect((async () => fuzzTarget('url-state').run(new Uint8Array(0)))()).resolves.toBeUndefined();
  });
});
