/**
 * The raw dump must be byte-identical to bpftool 7.1's on real kernels, modules and
 * objects; goldens were recorded by scripts/record-golden.sh.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KERNEL_VERSIONS, MODULES, kernelBytes, loadKernelFixture, loadModuleFixture, readFixture, readShaSums } from '../../test-utils/fixtures';
import { swapBtfByteOrder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { formatRawDump } from './raw-dump';

const sums = readShaSums('golden/bpftool/SHA256SUMS');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('raw dump equals bpftool btf dump file', () => {
  for (const v of KERNEL_VERSIONS) {
    it(`vmlinux ${v}`, () => {
      const out = formatRawDump(loadKernelFixture(v));
      expect(sha(out)).toBe(sums.get(`vmlinux-${v}.raw.txt`));
    });
  }
  for (const m of MODULES) {
    it(`module ${m.name} (split on ${m.base})`, () => {
      const out = formatRawDump(loadModuleFixture(m.name));
      expect(sha(out)).toBe(sums.get(`${m.name}.raw.txt`));
    });
  }
  it('a big-endian copy of the 6.1 kernel dumps identically', () => {
    const le = kernelBytes('6.1');
    const be = parseBtf(swapBtfByteOrder(le));
    expect(be.diagnostics).toEqual([]);
    expect(be.value!.littleEndian).toBe(false);
    expect(sha(formatRawDump(be.value!))).toBe(sums.get('vmlinux-6.1.raw.txt'));
  });
});

describe('synthetic every-kind blob', () => {
  for (const e of ['el', 'eb'] as const) {
    it(`matches bpftool (${e})`, async () => {
      const { everyKind } = await import('../../test-utils/synthetic');
      const committed = readFixture(`synthetic/every-kind-${e}.btf`);
      // The committed blob is what the builder makes today (re-emit with scripts/emit-synthetic.mjs).
      expect(everyKind().build({ littleEndian: e === 'el' })).toEqual(committed);
      expect(sha(formatRawDump(parseBtf(committed).value!))).toBe(sums.get(`every-kind-${e}.raw.txt`));
    });
  }
});

describe('compiled .bpf.o objects (ELF, both byte orders)', () => {
  const objects = [...sums.keys()].filter((k) => k.startsWith('obj-') && k.endsWith('.raw.txt')).map((k) => k.slice(4, -'.raw.txt'.length));
  it('has goldens for the sample objects', () => expect(objects.length).toBeGreaterThanOrEqual(20));
  for (const name of objects) {
    it(name, async () => {
      const { openBtf } = await import('../open-btf');
      const r = openBtf(readFixture(`objects/${name}.bpf.o`));
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(sha(formatRawDump(r.value!.btf))).toBe(sums.get(`obj-${name}.raw.txt`));
    });
  }
});
