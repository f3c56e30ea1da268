/**
 * The C dump must be byte-identical to `bpftool btf dump file X format c` (bpftool 7.1,
 * Debian bookworm) on the four fixture kernels, three kernel modules (split BTF) and the
 * compiled sample objects; goldens were recorded by scripts/record-golden.sh. A small
 * synthetic blob covers corners the kernels may not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KERNEL_VERSIONS,
  MODULES,
  kernelBytes,
  loadKernelFixture,
  loadModuleFixture,
  readFixture,
  readGoldenText,
  readShaSums,
} from '../../test-utils/fixtures';
import { swapBtfByteOrder } from '../../test-utils/btf-builder';
import { parseBtf } from '../btf/parse-btf';
import { openBtf } from '../open-btf';
import { BtfKind } from '../btf/btf-kinds';
import { formatCHeader, formatCType, writeCHeader } from './c-header';
import { cornerCasesBtf } from './testing/corner-cases';

const sums = readShaSums('golden/bpftool/SHA256SUMS');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** On a mismatch, the first differing lines make a readable failure. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const from = Math.max(0, i - 3);
      return `line ${i + 1}\n--- bpftool\n${a.slice(from, i + 4).join('\n')}\n--- btfscope\n${b.slice(from, i + 4).join('\n')}`;
    }
  }
  return 'identical';
}

describe('C dump equals bpftool btf dump file X format c', () => {
  for (const v of KERNEL_VERSIONS) {
    it(`vmlinux ${v}`, () => {
      const r = formatCHeader(loadKernelFixture(v));
      expect(r.diagnostics).toEqual([]);
      if (sha(r.value) !== sums.get(`vmlinux-${v}.c.txt`)) {
        expect(firstDifference(readGoldenText(`golden/bpftool/vmlinux-${v}.c.txt`), r.value)).toBe('identical');
      }
    });
  }

  it('a big-endian copy of the 6.1 kernel dumps identically', () => {
    const be = parseBtf(swapBtfByteOrder(kernelBytes('6.1'))).value!;
    expect(be.littleEndian).toBe(false);
    expect(sha(formatCHeader(be).value)).toBe(sums.get('vmlinux-6.1.c.txt'));
  });

  // Split BTF: bpftool dumps the base kernel's types and then the module's, one namespace
  // for the `___N` suffixes. Recorded as a sum only (the text is the base's vmlinux.h again).
  for (const m of MODULES) {
    it(`module ${m.name} on vmlinux ${m.base}`, () => {
      const r = formatCHeader(loadModuleFixture(m.name));
      expect(r.diagnostics).toEqual([]);
      const want = sums.get(`${m.name}.c.txt`);
      expect(want, `no sum for ${m.name}.c.txt: re-run scripts/record-golden.sh`).toBeDefined();
      expect(sha(r.value), `differs from bpftool -B vmlinux-${m.base} btf dump file ${m.name}.ko format c`).toBe(want);
    });
  }

  describe('compiled .bpf.o objects (both byte orders)', () => {
    const objects = [...sums.keys()].filter((k) => k.startsWith('obj-') && k.endsWith('.c.txt')).map((k) => k.slice(4, -'.c.txt'.length));
    it('has goldens for the sample objects', () => expect(objects.length).toBeGreaterThanOrEqual(20));
    for (const name of objects) {
      it(name, () => {
        const r = openBtf(readFixture(`objects/${name}.bpf.o`));
        const c = formatCHeader(r.value!.btf);
        expect(c.diagnostics).toEqual([]);
        if (sha(c.value) !== sums.get(`obj-${name}.c.txt`)) {
          expect(firstDifference(readGoldenText(`golden/bpftool/obj-${name}.c.txt`), c.value)).toBe('identical');
        }
      });
    }
  });

  it('streams in chunks with the same result', () => {
    const btf = loadKernelFixture('6.1');
    const chunks: string[] = [];
    writeCHeader(btf, (c) => chunks.push(c), { chunkChars: 1 << 14 });
    expect(chunks.length).toBeGreaterThan(10);
    expect(sha(chunks.join(''))).toBe(sums.get('vmlinux-6.1.c.txt'));
  });
});

describe('corner cases', () => {
  const btf = parseBtf(cornerCasesBtf()).value!;
  const expected = readFileSync(join(__dirname, 'testing/corner-cases.bpftool.h'), 'utf8');
  const idOf = (name: string, kind: number) => btf.findByName(name, kind)[0]!;

  it('match bpftool (packed, bit padding, anonymous types, duplicates, prototypes, qualifiers)', () => {
    expect(firstDifference(expected, formatCHeader(btf).value)).toBe('identical');
  });

  it('dump root types with what they need, forward declarations first', () => {
    const r = formatCHeader(btf, { rootIds: [idOf('cyc_b', BtfKind.Struct)] });
    expect(r.value).toContain('struct cyc_b;\n\nstruct cyc_a {\n\tstruct cyc_b *b;\n};\n\nstruct cyc_b {\n\tstruct cyc_a a;\n};\n\n');
    expect(r.value).not.toContain('struct fns');
    expect(r.value.startsWith('#ifndef __VMLINUX_H__\n')).toBe(true);
    expect(r.value.endsWith('#endif /* __VMLINUX_H__ */\n')).toBe(true);
  });

  it('formatCType gives each definition as in the full dump', () => {
    expect(formatCType(btf, idOf('dup', BtfKind.Struct))).toBe('struct dup {\n\tint a;\n};\n');
    const dup2 = btf.findByName('dup', BtfKind.Struct)[1]!;
    expect(formatCType(btf, dup2)).toBe('struct dup___2 {\n\tlong int b;\n};\n');
    expect(formatCType(btf, idOf('SAME', BtfKind.Typedef))).toBe('typedef int SAME___3;\n');
    expect(formatCType(btf, idOf('do_it', BtfKind.Func))).toBe('int do_it(int a, int *b);\n');
    expect(formatCType(btf, idOf('global_counter', BtfKind.Var))).toBe('long int global_counter;\n');
    // An anonymous struct shows its inline definition, de-indented.
    const withAnon = btf.type(idOf('with_anon', BtfKind.Struct));
    const unionId = withAnon.kind === BtfKind.Struct ? withAnon.members[0]!.typeId : 0;
    expect(formatCType(btf, unionId)).toBe(
      'union {\n\tstruct {\n\t\tint p;\n\t\tint q;\n\t} s;\n\tlong int raw;\n};\n',
    );
  });
});

describe('formatCType on a kernel', () => {
  it('equals the text of the definition in bpftool’s vmlinux.h', () => {
    const btf = loadKernelFixture('6.1');
    const golden = readGoldenText('golden/bpftool/vmlinux-6.1.c.txt');
    for (const name of ['task_struct', 'sk_buff', 'file_operations']) {
      const text = formatCType(btf, btf.findByName(name, BtfKind.Struct)[0]!);
      expect(golden).toContain('\n' + text.slice(0, -2) + ';\n\n');
      expect(text.startsWith(`struct ${name} {\n`)).toBe(true);
    }
    const ptr = btf.findByName('task_struct', BtfKind.Struct)[0]!;
    let ptrId = 0;
    for (let id = 1; id < btf.typeCount && !ptrId; id++) {
      if (btf.kind(id) === BtfKind.Ptr && btf.sizeOrType(id) === ptr) ptrId = id;
    }
    expect(formatCType(btf, ptrId)).toBe('struct task_struct *;\n');
  });
});
