import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { goldenPairs, goldenText } from '../../test-utils/libbpf-goldens';
import { parseBpfObject } from './bpf-object';

describe('parseBpfObject', () => {
  const stems = [...new Set(goldenPairs().map((p) => p.object))];

  it.each(stems)('finds the programs libbpf finds in %s', (stem) => {
    const obj = parseBpfObject(readFixture(`objects/${stem}.bpf.o`)).value!;
    const log = goldenText(`${stem}@vmlinux-6.1.log`);
    const want = [...log.matchAll(/^libbpf: sec '([^']*)': found program '([^']*)' at insn offset (\d+) \(\d+ bytes\), code size (\d+) insns/gm)]
      .map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`)
      .sort();
    const got = obj.programs.map((p) => `${p.sectionName} ${p.name} ${p.sectionInsnOffset} ${p.insnCount}`).sort();
    expect(got).toEqual(want);
    // .text functions are subprograms; programs are sorted as libbpf sorts them.
    for (const p of obj.programs) expect(p.isSubprog).toBe(p.sectionName === '.text');
    const order = obj.programs.map((p) => p.sectionIndex * 1e6 + p.sectionInsnOffset);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // BTF-defined maps: the ones libbpf reports.
    const maps = [...log.matchAll(/^libbpf: map '([^']*)': at sec_idx/gm)].map((m) => m[1]);
    expect(obj.maps.filter((m) => m.source === 'btf').map((m) => m.name)).toEqual(maps);
  });

  it('reads map definitions, relocation sections and the license', () => {
    const obj = parseBpfObject(readFixture('objects/execsnoop-el.bpf.o')).value!;
    expect(obj.license).toBe('Dual MIT/GPL');
    const events = obj.maps.find((m) => m.name === 'events')!;
    expect(events).toMatchObject({ type: 27, maxEntries: 262144 });
    expect(obj.maps.find((m) => m.name === 'start_ns')).toMatchObject({ type: 1, keySize: 4, valueSize: 8, maxEntries: 10240 });
    const rel = obj.relocationSections.find((r) => r.name === '.reltracepoint/syscalls/sys_enter_execve')!;
    expect(rel.targetSectionName).toBe('tracepoint/syscalls/sys_enter_execve');
    expect(rel.entries.map((e) => [e.offset / 8, e.symbolName])).toEqual([
      [5, 'events'],
      [105, 'start_ns'],
    ]);
  });

  it('reads big-endian objects', () => {
    const el = parseBpfObject(readFixture('objects/subprog-el.bpf.o')).value!;
    const eb = parseBpfObject(readFixture('objects/subprog-eb.bpf.o')).value!;
    expect(eb.littleEndian).toBe(false);
    expect(eb.programs.map((p) => p.name)).toEqual(el.programs.map((p) => p.name));
    expect(eb.maps.map((m) => m.name)).toEqual(el.maps.map((m) => m.name));
  });

  it('refuses raw BTF and non-files with diagnostics, never throws', () => {
    expect(parseBpfObject(readFixture('kernels/vmlinux-6.1.btf').subarray(0, 4096)).value).toBeUndefined();
    const r = parseBpfObject(new Uint8Array([1, 2, 3]));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.severity).toBe('error');
    const bytes = readFixture('objects/execsnoop-el.bpf.o');
    for (let n = 0; n < bytes.length; n += 97) expect(() => parseBpfObject(bytes.subarray(0, n))).not.toThrow();
  });
});

describe('externs libbpf would refuse', () => {
  /** The object with symbol `name` turned into an undefined global NOTYPE symbol (an extern). */
  function withExtern(stem: string, name: string, rename?: string): Uint8Array {
    const bytes = readFixture(`objects/${stem}.bpf.o`).slice();
    const elf = parseBpfObject(bytes).value!.elf;
    const symtab = elf.sections.find((s) => s.type === 2)!;
    const strtab = elf.sections[symtab.link]!;
    const sym = elf.symbols().find((s) => s.name === name)!;
    const o = symtab.offset + sym.index * 24;
    bytes[o + 4] = (1 << 4) | 0; // STB_GLOBAL, STT_NOTYPE
    bytes[o + 6] = 0; // SHN_UNDEF
    bytes[o + 7] = 0;
    if (rename) {
      const at = strtab.offset + new DataView(bytes.buffer).getUint32(o, true);
      bytes.set(new TextEncoder().encode(rename), at); // same length as the old name
    }
    return bytes;
  }

  it('objects the fixtures build from clang have none', () => {
    for (const stem of ['execsnoop-el', 'task_state-el', 'enums-el']) {
      expect(parseBpfObject(readFixture(`objects/${stem}.bpf.o`)).diagnostics.filter((d) => d.code === 'libbpf-refuses')).toEqual([]);
    }
  });

  it('an extern whose BTF is not extern: -EINVAL, as libbpf prints it', () => {
    const r = parseBpfObject(withExtern('execsnoop-el', 'LICENSE'));
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'libbpf-refuses', message: "libbpf 1.1.2 refuses to open this object: failed to find BTF for extern 'LICENSE': -22" }),
    );
  });

  it('an extern with no BTF at all: -ENOENT', () => {
    const r = parseBpfObject(withExtern('execsnoop-el', 'LICENSE', 'NOSUCHV'));
    expect(r.diagnostics.find((d) => d.code === 'libbpf-refuses')?.message).toBe(
      "libbpf 1.1.2 refuses to open this object: failed to find BTF for extern 'NOSUCHV': -2",
    );
  });
});
