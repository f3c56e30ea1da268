/**
 * Damaged objects never make relocateObject throw or hang: random byte flips in the
 * .BTF.ext CO-RE records and in the object's .BTF (seeded, reproducible) give results or
 * diagnostics, nothing else.
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from '../bpf/bpf-object';
import { parseElf } from '../elf/elf-file';
import { relocateObject } from './relocate-object';
import { loadTarget } from '../../test-utils/libbpf-goldens';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('relocateObject on damaged objects', () => {
  const pristine = readFixture('objects/netdev-el.bpf.o');
  const elf = parseElf(pristine).value!;
  const ext = elf.sectionByName('.BTF.ext')!;
  const btf = elf.sectionByName('.BTF')!;
  const target = loadTarget('vmlinux-6.1');

  for (const [name, sec] of [
    ['.BTF.ext', ext],
    ['.BTF', btf],
  ] as const) {
    it(`survives byte flips in ${name}`, () => {
      const rand = rng(name.length * 7919);
      for (let round = 0; round < 60; round++) {
        const bytes = pristine.slice();
        for (let k = 0; k < 4; k++) bytes[sec.offset + Math.floor(rand() * sec.byteSize)] = Math.floor(rand() * 256);
        const r = parseBpfObject(bytes);
        if (!r.value) continue;
        const rep = relocateObject(r.value, [{ label: 'k', btf: target }]);
        expect(rep.targets.length).toBe(1);
        for (const v of rep.relocations) expect(v.results.length).toBe(1);
      }
    });
  }
});
