/**
 * Layouts must agree with pahole 1.24 (`pahole -F btf -a -A`, recorded by
 * scripts/record-golden.sh) for every struct and union of the four fixture kernels:
 * - numbers: every member offset/bit position/size, hole, bit hole, "last struct has N bytes
 *   of padding", cacheline boundary and summary value, read from pahole's text and compared
 *   with our StructLayout fields (no formatting involved);
 * - text: formatPaholeLayout over all types in pahole's order is byte-identical; for the three
 *   kernel modules too (split BTF, `pahole --btf_base`: the base's types and then the module's),
 *   recorded as sums only.
 * pahole prints a named type once when an identical one (same name, size, members) came
 * before; `paholePrintOrder` applies the same rule. Nothing is excluded.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { KERNEL_VERSIONS, MODULES, loadKernelFixture, loadModuleFixture, readGoldenText, readShaSums } from '../../test-utils/fixtures';
import type { StructLayout } from './layout-types';
import { formatPaholeLayout } from './pahole-format';
import { PaholeSession } from './pahole-session';
import { computeStructLayout, paholePrintOrder } from './struct-layout';
import { layoutNumbers, parsePaholeNumbers } from './testing/pahole-numbers';

const sums = readShaSums('golden/pahole/SHA256SUMS');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}\n--- pahole\n${a.slice(Math.max(0, i - 3), i + 4).join('\n')}\n--- btfscope\n${b.slice(Math.max(0, i - 3), i + 4).join('\n')}`;
  }
  return 'identical';
}

/** All layouts of a kernel in pahole's order, with one session like one pahole run. */
function allLayouts(v: (typeof KERNEL_VERSIONS)[number]): StructLayout[] {
  const btf = loadKernelFixture(v);
  const session = new PaholeSession(btf);
  return paholePrintOrder(btf).map((id) => computeStructLayout(btf, id, { session }).value!);
}

for (const v of KERNEL_VERSIONS) {
  describe(`vmlinux ${v} against pahole 1.24`, () => {
    let layouts: StructLayout[];
    let golden: string;
    beforeAll(() => {
      layouts = allLayouts(v);
      golden = readGoldenText(`golden/pahole/vmlinux-${v}.txt`);
    });

    it('has the same numbers for every struct and union', () => {
      const blocks = parsePaholeNumbers(golden);
      expect(layouts.length).toBe(blocks.length);
      const mismatches: string[] = [];
      let first: unknown;
      for (let i = 0; i < blocks.length; i++) {
        const { header, ...want } = blocks[i]!;
        const l = layouts[i]!;
        const ours = layoutNumbers(l);
        const head = `${l.print.prefix ? 'typedef ' : ''}${l.kind}${l.name ? ' ' + l.name : ''} {`;
        if (head !== header || JSON.stringify(ours) !== JSON.stringify(want)) {
          mismatches.push(header);
          first ??= { header, head, want, ours };
        }
      }
      expect(first).toBeUndefined();
      expect(mismatches).toEqual([]);
      // The summaries alone: one per struct at top level plus const-qualified inline ones.
      expect(blocks.reduce((n, b) => n + b.summaries.length, 0)).toBeGreaterThan(blocks.length / 2);
    });

    it('prints byte-identical text', () => {
      const text = layouts.map(formatPaholeLayout).join('');
      if (sha(text) !== sums.get(`vmlinux-${v}.txt`)) expect(firstDifference(golden, text)).toBe('identical');
    });
  });
}

describe('kernel modules (split BTF) against pahole 1.24 --btf_base', () => {
  for (const m of MODULES) {
    it(`${m.name} on vmlinux ${m.base}`, () => {
      const btf = loadModuleFixture(m.name);
      const session = new PaholeSession(btf);
      const text = paholePrintOrder(btf)
        .map((id) => formatPaholeLayout(computeStructLayout(btf, id, { session }).value!))
        .join('');
      const want = sums.get(`${m.name}.txt`);
      expect(want, `no sum for ${m.name}.txt: re-run scripts/record-golden.sh`).toBeDefined();
      expect(sha(text), `differs from pahole -F btf -a -A --btf_base vmlinux-${m.base}.btf ${m.name}.ko`).toBe(want);
    });
  }
});
