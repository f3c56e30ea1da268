/**
 * Robustness sweep: every fixture truncated at many points and with random byte flips
 * must yield diagnostics — never an uncaught exception, never a hang. Small fixtures are
 * cut at every byte; whole kernels at a seeded sample of points (a full parse of one takes
 * ~30 ms, so every byte would take days).
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_VERSIONS, MODULES, kernelBytes, loadKernelFixture, readFixture } from '../test-utils/fixtures';
import { BtfBuilder } from '../test-utils/btf-builder';
import { rng } from '../test-utils/rng';
import { computeBtfInfo } from './info';
import { openBtf } from './open-btf';
import type { Btf } from './btf/btf';
import { writeRawDump } from './dump/raw-dump';
import { sniff } from './detect';

/** Parses, then exercises every reader the dump and info use; returns the diagnostic codes. */
function exercise(bytes: Uint8Array, base?: Btf, full = true): string[] {
  const r = openBtf(bytes, base ? { base } : {});
  if (r.value && full) {
    let n = 0;
    writeRawDump(r.value.btf, (s) => (n += s.length));
    computeBtfInfo(r.value.btf);
  }
  for (const d of r.diagnostics) {
    expect(typeof d.code).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
  }
  return r.diagnostics.map((d) => d.code);
}

function sweep(name: string, bytes: Uint8Array, opts: { every?: boolean; samples?: number; flips?: number; base?: Btf; full?: boolean }) {
  const rand = rng(0xb7f + bytes.length);
  const cuts: number[] = [];
  if (opts.every) for (let i = 0; i < bytes.length; i++) cuts.push(i);
  else for (let i = 0; i < (opts.samples ?? 40); i++) cuts.push(Math.floor(rand() * bytes.length));
  cuts.push(0, 1, 2, 3, 4, 23, 24, 25);
  for (const cut of cuts) {
    if (cut > bytes.length) continue;
    const codes = exercise(bytes.subarray(0, cut), opts.base, opts.full);
    if (cut < bytes.length && cut > 0) expect(codes.length, `${name} cut at ${cut}`).toBeGreaterThan(0);
  }
  for (let i = 0; i < (opts.flips ?? 40); i++) {
    const copy = bytes.slice();
    const nflips = 1 + Math.floor(rand() * 8);
    for (let k = 0; k < nflips; k++) copy[Math.floor(rand() * copy.length)] ^= 1 << Math.floor(rand() * 8);
    exercise(copy, opts.base, opts.full);
  }
}

describe('robustness sweep', () => {
  it('a synthetic blob of every kind, every truncation and 500 flips, both byte orders', () => {
    for (const le of [true, false]) {
      const b = new BtfBuilder();
      const int = b.int('int', 4, { signed: true });
      const p = b.ptr(int);
      const s = b.struct('s', 16, [['a', int, 0], ['b', int, 32, 3], ['p', p, 64]]);
      b.enum('e', 4, [['A', 1]]);
      b.enum64('e64', 8, [['B', 1n << 40n]]);
      const fp = b.funcProto(int, [['x', s]]);
      b.func('f', fp);
      const v = b.var('v', int);
      b.datasec('.bss', 4, [[v, 0, 4]]);
      b.declTag('t', s, 0);
      b.typedef('td', b.array(int, int, 4));
      sweep('synthetic', b.build({ littleEndian: le }), { every: true, flips: 500 });
    }
  });

  for (const m of MODULES) {
    it(`module ${m.name} (ELF, split BTF)`, () => {
      const bytes = readFixture(`modules/${m.name}.ko`);
      sweep(m.name, bytes, { every: bytes.length < 20000, samples: 150, flips: 150, base: loadKernelFixture(m.base) });
    });
  }

  for (const obj of ['execsnoop-el', 'netdev-eb', 'enums-el', 'subprog-eb']) {
    it(`object ${obj}.bpf.o (ELF with .BTF and .BTF.ext)`, () => {
      sweep(obj, readFixture(`objects/${obj}.bpf.o`), { samples: 300, flips: 300 });
    });
  }

  for (const v of KERNEL_VERSIONS) {
    it(`vmlinux ${v}`, () => {
      // Parsing validates every record; the dump of a kernel is the slow part, so only a few get it.
      const bytes = kernelBytes(v);
      sweep(`vmlinux-${v}`, bytes, { samples: 4, flips: 2, full: true });
      sweep(`vmlinux-${v}`, bytes, { samples: 16, flips: 16, full: false });
      // ~20 whole-kernel parses: seconds alone, minutes on a busy 2-core machine.
    }, 300_000);
  }

  it('non-BTF input says what it is and what we accept', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(sniff(png)).toBe('unknown');
    const r = openBtf(png);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'unsupported-format' });
    expect(r.diagnostics[0]!.message).toMatch(/raw BTF/);
  });
});
