/**
 * Maps declared by a BPF object: BTF-defined maps (`SEC(".maps")`), global-data maps
 * (`.data`, `.rodata*`, `.bss`, `.kconfig`) and legacy `SEC("maps")` definitions.
 *
 * Spec: libbpf 1.1.2 `libbpf.c` (parse_btf_map_def, bpf_object__init_global_data_maps,
 * bpf_object__init_user_maps). A BTF map definition is a struct whose integer attributes
 * are encoded as `int (*name)[VALUE]` (a pointer to an array of VALUE elements) and whose
 * `key`/`value` are `T *key`.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { type ElfFile, SectionType } from '../elf/elf-file';

export interface BpfMap {
  name: string;
  sectionName: string;
  source: 'btf' | 'global-data' | 'legacy';
  /** enum bpf_map_type, when declared. */
  type?: number;
  keySize?: number;
  valueSize?: number;
  maxEntries?: number;
  mapFlags?: number;
  keyTypeId?: number;
  valueTypeId?: number;
}

const INT_ATTRS: Record<string, keyof BpfMap> = {
  type: 'type',
  max_entries: 'maxEntries',
  map_flags: 'mapFlags',
  key_size: 'keySize',
  value_size: 'valueSize',
};

export function collectMaps(elf: ElfFile, btf: Btf): BpfMap[] {
  const maps: BpfMap[] = [];
  for (const id of btf.findByName('.maps', BtfKind.Datasec)) {
    const sec = btf.type(id);
    if (sec.kind !== BtfKind.Datasec) continue;
    for (const v of sec.vars) {
      const vt = btf.type(v.typeId);
      if (vt.kind !== BtfKind.Var) continue;
      maps.push(readBtfMapDef(btf, vt.name, vt.typeId));
    }
  }
  for (const sec of elf.sections) {
    const n = sec.name;
    if (n === '.data' || n === '.bss' || n === '.kconfig' || n.startsWith('.rodata') || n.startsWith('.data.')) {
      if (sec.type !== SectionType.Progbits && sec.type !== SectionType.Nobits) continue;
      maps.push({ name: n, sectionName: n, source: 'global-data', valueSize: sec.byteSize, maxEntries: 1, keySize: 4 });
    }
  }
  const legacy = elf.sectionByName('maps');
  if (legacy) {
    for (const sym of elf.symbols()) {
      if (sym.shndx !== legacy.index || !sym.name || sym.type === 3) continue;
      const o = legacy.offset + sym.value;
      const r = elf.reader;
      if (o + 16 > legacy.offset + legacy.byteSize) continue;
      maps.push({
        name: sym.name,
        sectionName: 'maps',
        source: 'legacy',
        type: r.u32(o),
        keySize: r.u32(o + 4),
        valueSize: r.u32(o + 8),
        maxEntries: r.u32(o + 12),
      });
    }
  }
  return maps;
}

function readBtfMapDef(btf: Btf, name: string, typeId: number): BpfMap {
  const map: BpfMap = { name, sectionName: '.maps', source: 'btf' };
  const t = btf.type(btf.skipModsAndTypedefs(typeId));
  if (t.kind !== BtfKind.Struct) return map;
  for (const m of t.members) {
    const mt = btf.type(btf.skipModsAndTypedefs(m.typeId));
    if (mt.kind !== BtfKind.Ptr) continue;
    const attr = INT_ATTRS[m.name];
    if (attr) {
      const arr = btf.type(mt.typeId);
      if (arr.kind === BtfKind.Array) (map as unknown as Record<string, number>)[attr] = arr.nelems;
    } else if (m.name === 'key' || m.name === 'value') {
      let size: number | undefined;
      try {
        size = btf.resolveSize(mt.typeId);
      } catch {
        size = undefined;
      }
      if (m.name === 'key') {
        map.keyTypeId = mt.typeId;
        if (size !== undefined) map.keySize = size;
      } else {
        map.valueTypeId = mt.typeId;
        if (size !== undefined) map.valueSize = size;
      }
    }
  }
  return map;
}
