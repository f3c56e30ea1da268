import { describe, expect, it } from 'vitest';
import { parseBtf } from './btf/parse-btf';
import { openBtf } from './open-btf';
import { type KernelArch, describeArchDifference, formatArchFacts, formatArchLong, formatArchShort, inferKernelArch } from './kernel-arch';
import { BtfBuilder } from '../test-utils/btf-builder';
import { KERNEL_VERSIONS, loadKernelFixture, loadModuleFixture, readFixture } from '../test-utils/fixtures';
import { buildElf } from '../test-utils/elf-patch';

function parse(bytes: Uint8Array) {
  const r = parseBtf(bytes);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** A BTF with `long` of `longSize` bytes and a pt_regs whose members are `names` (optionally wrapped in an anonymous union). */
function ptRegsBtf(names: string[], o: { longSize?: number; wrap?: boolean; littleEndian?: boolean } = {}) {
  const b = new BtfBuilder();
  const long = b.int('long unsigned int', o.longSize ?? 8);
  const bits = (o.longSize ?? 8) * 8;
  const members = names.map((n, i): [string, number, number] => [n, long, i * bits]);
  if (o.wrap) {
    const inner = b.struct('', members.length * (bits / 8), members);
    const u = b.union('', members.length * (bits / 8), [['', inner, 0]]);
    b.struct('pt_regs', members.length * (bits / 8) + bits / 8, [['', u, 0], ['orig_x', long, members.length * bits]]);
  } else {
    b.struct('pt_regs', members.length * (bits / 8), members);
  }
  return parse(b.build({ littleEndian: o.littleEndian ?? true }));
}

describe('inferKernelArch', () => {
  it.each(KERNEL_VERSIONS)('tells x86-64 little-endian from pt_regs on kernel %s', (v) => {
    expect(inferKernelArch(loadKernelFixture(v))).toEqual({ arch: 'x86-64', source: 'pt_regs', byteOrder: 'little-endian', pointerBits: 64 });
  });

  it('tells a module by its base kernel', () => {
    expect(inferKernelArch(loadModuleFixture('tcp_bbr-6.1')).arch).toBe('x86-64');
  });

  it('says unknown for the arm64 min cut, which keeps no pt_regs, but knows 64-bit LE', () => {
    const btf = openBtf(readFixture('kernels-min/vmlinux-6.1-arm64.min.btf')).value!.btf;
    const a = inferKernelArch(btf);
    expect(a).toEqual({ byteOrder: 'little-endian', pointerBits: 64 });
    expect(formatArchShort(a)).toBe('64-bit LE, arch unknown');
  });

  it('reads byte order from the header of a big-endian blob', () => {
    const btf = openBtf(readFixture('synthetic/every-kind-eb.btf')).value!.btf;
    expect(inferKernelArch(btf).byteOrder).toBe('big-endian');
  });

  it.each([
    [['r15', 'r14', 'bx', 'di', 'si', 'orig_ax', 'ip'], {}, 'x86-64'],
    [['bx', 'cx', 'di', 'orig_ax', 'ip'], { longSize: 4 }, 'x86'],
    [['regs', 'sp', 'pc', 'pstate'], { wrap: true }, 'arm64'],
    [['orig_x0', 'syscallno'], {}, 'arm64'],
    [['uregs'], { longSize: 4 }, 'arm'],
    [['args', 'psw', 'gprs'], { wrap: true, littleEndian: false }, 's390x'],
    [['gpr', 'nip', 'msr'], { wrap: true, littleEndian: false }, 'ppc64'],
    [['epc', 'ra', 'sp', 'orig_a0'], {}, 'riscv64'],
    [['regs', 'orig_a0', 'csr_era'], {}, 'loongarch64'],
    [['regs', 'cp0_status', 'cp0_epc'], {}, 'mips64'],
    [['u_regs', 'tstate', 'tpc', 'tnpc'], {}, 'sparc64'],
  ] as const)('pt_regs %j %j → %s', (names, o, arch) => {
    const a = inferKernelArch(ptRegsBtf([...names], o));
    expect(a.arch).toBe(arch);
    expect(a.source).toBe('pt_regs');
  });

  it('says unknown, without throwing, for a pt_regs whose anonymous member points out of range', () => {
    const b = new BtfBuilder();
    const long = b.int('long int', 8, { signed: true });
    b.struct('pt_regs', 16, [['r15', long, 0], ['', 99, 64]]);
    const btf = parseBtf(b.build(), { validate: false }).value!;
    expect(inferKernelArch(btf)).toEqual({ byteOrder: 'little-endian', pointerBits: 64 });
  });

  it('does not guess from a pt_regs no rule knows', () => {
    expect(inferKernelArch(ptRegsBtf(['a', 'b'])).arch).toBeUndefined();
  });

  it('prefers an ELF e_machine over pt_regs', () => {
    const raw = readFixture('synthetic/every-kind-el.btf');
    const elf = buildElf([{ name: '.BTF', data: raw }]);
    // buildElf writes x86-64's e_machine (62); patch it to s390's (22).
    elf[18] = 22;
    elf[19] = 0;
    const r = openBtf(elf);
    expect(inferKernelArch(r.value!.btf, r.value!.elf)).toMatchObject({ arch: 's390x', source: 'elf-machine' });
  });
});

describe('describeArchDifference', () => {
  const x86: KernelArch = { arch: 'x86-64', byteOrder: 'little-endian', pointerBits: 64 };
  const s390: KernelArch = { arch: 's390x', byteOrder: 'big-endian', pointerBits: 64 };
  const unknownLE: KernelArch = { byteOrder: 'little-endian', pointerBits: 64 };

  it('names both architectures when they differ', () => {
    expect(describeArchDifference(x86, s390)).toBe(
      'kernel A is x86-64 little-endian, B is s390x big-endian: offsets and sizes differ by architecture, not only by version',
    );
  });
  it('says nothing when both are the same', () => {
    expect(describeArchDifference(x86, { ...x86 })).toBeUndefined();
    expect(describeArchDifference(unknownLE, unknownLE)).toBeUndefined();
  });
  it('flags a byte-order difference even when an arch is unknown', () => {
    expect(describeArchDifference(x86, { byteOrder: 'big-endian', pointerBits: 64 })).toMatch(/^kernel A is x86-64 little-endian, B is of unknown architecture \(64-bit big-endian\): offsets/);
  });
  it('says honestly when one side cannot be told', () => {
    expect(describeArchDifference(x86, unknownLE)).toBe(
      "kernel A is x86-64 little-endian; B's BTF does not tell its architecture (no struct pt_regs): if it is not x86-64, offsets and sizes differ by architecture, not only by version",
    );
    expect(describeArchDifference(unknownLE, x86)).toMatch(/^kernel B is x86-64 little-endian; A's BTF/);
  });
  it('formats short and long forms', () => {
    expect(formatArchShort(s390)).toBe('s390x BE');
    expect(formatArchLong(unknownLE)).toBe('of unknown architecture (64-bit little-endian)');
    expect(formatArchFacts(unknownLE)).toBe('unknown, little-endian, 64-bit');
    expect(formatArchFacts(s390)).toBe('s390x, big-endian, 64-bit');
  });
});
