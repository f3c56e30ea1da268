/**
 * A vmlinux's sections and symbols sit at kernel addresses (0xffffffff8…), past 2^53: they must
 * not fail the parse (they did, so no ELF vmlinux could be opened). Made from a sample object
 * by giving its .BTF section and its symbols such an address.
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { openBtf } from '../open-btf';
import { parseElf } from './elf-file';

const KERNEL_ADDR = 0xffffffff81000000n;

function atKernelAddresses(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const elf = parseElf(out).value!;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const shoff = Number(view.getBigUint64(0x28, true));
  for (const s of elf.sections) {
    view.setBigUint64(shoff + s.index * 64 + 0x10, KERNEL_ADDR + BigInt(s.index * 0x1000), true); // sh_addr
  }
  const symtab = elf.sections.find((s) => s.type === 2)!;
  for (let o = symtab.offset + 24; o < symtab.offset + symtab.byteSize; o += 24) view.setBigUint64(o + 8, KERNEL_ADDR, true); // st_value
  return out;
}

describe('ELF files at kernel addresses', () => {
  it('parses sections and symbols whose addresses exceed 2^53', () => {
    const bytes = atKernelAddresses(readFixture('objects/task_state-el.bpf.o'));
    const r = parseElf(bytes);
    expect(r.diagnostics).toEqual([]);
    const btf = r.value!.sectionByName('.BTF')!;
    expect(btf.addr).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(r.value!.symbols().some((s) => s.value > Number.MAX_SAFE_INTEGER)).toBe(true);
    const o = openBtf(bytes);
    expect(o.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(o.value!.btf.typeCount).toBeGreaterThan(10);
  });
});
