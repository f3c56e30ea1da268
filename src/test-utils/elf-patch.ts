/**
 * Test-only ELF surgery: patch a section header field of a real fixture, find a struct
 * member's record in an object's .BTF, or build a small ELF64 from named sections.
 */
import { openBtf } from '../core/open-btf';
import { parseElf } from '../core/elf/elf-file';
import { BtfKind } from '../core/btf/btf-kinds';

/** A copy of `bytes` with section `name`'s sh_offset or sh_size set to `value` (ELF64). */
export function patchSectionHeader(bytes: Uint8Array, name: string, field: 'offset' | 'size', value: number): Uint8Array {
  const elf = parseElf(bytes).value!;
  const sec = elf.sectionByName(name);
  if (!sec) throw new Error(`no section ${name}`);
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  const shoff = Number(dv.getBigUint64(0x28, elf.littleEndian));
  const at = shoff + sec.index * 64 + (field === 'offset' ? 0x18 : 0x20);
  dv.setBigUint64(at, BigInt(value), elf.littleEndian);
  return out;
}

/** File offset of the `type` field of member `member` of struct `struct` in an object's .BTF. */
export function memberTypeOffset(bytes: Uint8Array, struct: string, member: string): number {
  const elf = parseElf(bytes).value!;
  const sec = elf.sectionByName('.BTF')!;
  const btf = openBtf(elf.contents(sec)).value!.btf;
  const id = btf.findByName(struct, BtfKind.Struct)[0];
  if (id === undefined) throw new Error(`no struct ${struct}`);
  const t = btf.type(id);
  if (t.kind !== BtfKind.Struct) throw new Error('not a struct');
  const idx = t.members.findIndex((m) => m.name === member);
  if (idx < 0) throw new Error(`no member ${member}`);
  return sec.offset + btf.recordOffset(id) + 12 + idx * 12 + 4;
}

/** A little-endian ELF64 relocatable file holding `sections` (plus the null section and .shstrtab). */
export function buildElf(sections: { name: string; data: Uint8Array; type?: number }[]): Uint8Array {
  const names = ['', ...sections.map((s) => s.name), '.shstrtab'];
  const strtab: number[] = [];
  const nameOff = names.map((n) => {
    const off = strtab.length;
    for (const c of new TextEncoder().encode(n)) strtab.push(c);
    strtab.push(0);
    return off;
  });
  const all = [...sections.map((s) => ({ ...s, type: s.type ?? 1 })), { name: '.shstrtab', data: new Uint8Array(strtab), type: 3 }];
  let end = 64;
  const offs = all.map((s) => {
    end = Math.ceil(end / 8) * 8;
    const o = end;
    end += s.data.length;
    return o;
  });
  const shoff = Math.ceil(end / 8) * 8;
  const out = new Uint8Array(shoff + (all.length + 1) * 64);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  dv.setUint16(16, 1, true); // ET_REL
  dv.setUint16(18, 62, true); // EM_X86_64
  dv.setUint32(20, 1, true);
  dv.setBigUint64(0x28, BigInt(shoff), true);
  dv.setUint16(0x34, 64, true);
  dv.setUint16(0x3a, 64, true);
  dv.setUint16(0x3c, all.length + 1, true);
  dv.setUint16(0x3e, all.length, true);
  all.forEach((s, i) => {
    out.set(s.data, offs[i]!);
    const h = shoff + (i + 1) * 64;
    dv.setUint32(h, nameOff[i + 1]!, true);
    dv.setUint32(h + 4, s.type, true);
    dv.setBigUint64(h + 0x18, BigInt(offs[i]!), true);
    dv.setBigUint64(h + 0x20, BigInt(s.data.length), true);
    dv.setBigUint64(h + 0x30, 1n, true);
  });
  return out;
}
