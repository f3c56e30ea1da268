import { describe, expect, it } from 'vitest';
import { BtfBuilder, swapBtfByteOrder } from '../../test-utils/btf-builder';
import { everyKind } from '../../test-utils/synthetic';
import { BtfKind } from './btf-kinds';
import { parseBtf } from './parse-btf';
import { formatRawDump } from '../dump/raw-dump';
import { ErrorCode } from '../diagnostics';

describe('parseBtf', () => {
  it('decodes every kind', () => {
    const r = parseBtf(everyKind().build());
    expect(r.diagnostics).toEqual([]);
    const btf = r.value!;
    expect(btf.typeCount).toBe(24);
    const kinds = new Set<number>();
    for (let id = 1; id < btf.typeCount; id++) kinds.add(btf.kind(id));
    for (let k = 1; k <= 19; k++) expect(kinds.has(k)).toBe(true);
    const s = btf.type(btf.findByName('s', BtfKind.Struct)[0]!);
    expect(s.kind).toBe(BtfKind.Struct);
    if (s.kind !== BtfKind.Struct) return;
    expect(s.members.map((m) => [m.name, m.bitOffset, m.bitfieldSize])).toEqual([
      ['a', 0, 0],
      ['flag', 32, 1],
      ['bits', 33, 7],
      ['p', 64, 0],
      ['name', 128, 0],
    ]);
    const e64 = btf.type(btf.findByName('e64')[0]!);
    if (e64.kind !== BtfKind.Enum64) throw new Error('enum64 expected');
    expect(e64.values.map((v) => v.value64)).toEqual([0xffff_ffff_ffffn, -2n]);
    expect(btf.resolveSize(btf.findByName('s_t')[0]!)).toBe(32);
  });

  it('prints the bpftool spelling of every kind', () => {
    expect(formatRawDump(parseBtf(everyKind().build()).value!)).toMatchSnapshot();
  });

  it('reads big-endian BTF identically', () => {
    const le = everyKind().build();
    const be = everyKind().build({ littleEndian: false });
    expect(be[0]).toBe(0xeb);
    expect(formatRawDump(parseBtf(be).value!)).toBe(formatRawDump(parseBtf(le).value!));
    expect(swapBtfByteOrder(le)).toEqual(be);
  });

  it('accepts a longer header and the 2026 layout section, skipping unknown kinds', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    // kind 25 is unknown: 4 bytes of info + 2 elements of 8 bytes, as the layout says
    b.rawRecord('future', 25, 2, int, [1, 2, 3, 4, 5]);
    b.struct('after', 4, [['x', int, 0]]);
    const layout = Array.from({ length: 26 }, () => ({ infoSize: 0, elemSize: 0 }));
    const builtin: Record<number, [number, number]> = { 1: [4, 0], 3: [12, 0], 4: [0, 12], 5: [0, 12], 6: [0, 8], 13: [0, 8], 14: [4, 0], 15: [0, 12], 17: [4, 0], 19: [0, 12], 25: [4, 8] };
    for (const [k, [i, e]] of Object.entries(builtin)) layout[Number(k)] = { infoSize: i, elemSize: e };
    const r = parseBtf(b.build({ layout }));
    expect(r.value!.findByName('after').length).toBe(1);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === ErrorCode.UnknownKind && d.severity === 'warning')).toBe(true);

    const padded = parseBtf(new BtfBuilder().build({ extraHeaderBytes: 16 }));
    expect(padded.value).toBeDefined();
    expect(padded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reads known kinds with their own sizes whatever the layout section says (found by fuzzing)', () => {
    // A layout claiming 0-byte struct members let a vlen-64K struct fit in 12 bytes (16M with 24-bit vlen): the
    // validator and the decoder then walked them all (8 s for a 1.4 KB file).
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.rawRecord('huge', 4, 0xffff, 4, [], false);
    b.struct('after', 4, [['x', int, 0]]);
    const layout = Array.from({ length: 20 }, (_, k) => ({ infoSize: k === 1 || k === 14 || k === 17 ? 4 : k === 3 ? 12 : 0, elemSize: [4, 5, 15, 19].includes(k) ? 12 : k === 6 || k === 13 ? 8 : 0 }));
    layout[4] = { infoSize: 0, elemSize: 0 };
    const started = performance.now();
    const r = parseBtf(b.build({ layout }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.value!.ownTypeCount).toBe(1);
    expect(r.diagnostics.some((d) => d.code === ErrorCode.BadHeader && /STRUCT info_sz=0 elem_sz=0, expected 0\/12; its records are read with the expected sizes/.test(d.message))).toBe(true);
    expect(r.diagnostics.some((d) => d.severity === 'error' && /STRUCT record at .* needs \d+ bytes \(vlen [1-9]/.test(d.message))).toBe(true);
  });

  it('stops with an error at an unknown kind without a layout section, keeping earlier types', () => {
    const b = new BtfBuilder();
    b.int('int', 4);
    b.rawRecord('future', 25, 0, 0, [], false);
    const r = parseBtf(b.build());
    expect(r.value!.ownTypeCount).toBe(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: ErrorCode.UnknownKind, offset: 24 + 16 });
  });

  it('reads split BTF on top of a base', () => {
    const base = parseBtf(everyKind().build()).value!;
    const b = new BtfBuilder(base);
    const int = base.findByName('int')[0]!;
    const s = b.struct('module_struct', 8, [['x', int, 0], ['y', int, 32]]);
    const split = parseBtf(b.build(), { base }).value!;
    expect(s).toBe(base.typeCount);
    expect(split.startId).toBe(base.typeCount);
    expect(split.name(s)).toBe('module_struct');
    expect(split.findByName('int')).toEqual([int]);
    expect(split.type(s)).toMatchObject({ members: [{ name: 'x' }, { name: 'y' }] });
    expect(formatRawDump(split)).toMatch(/^\[24\] STRUCT 'module_struct' size=8 vlen=2\n\t'x' type_id=1 bits_offset=0\n/);
  });

  it('reports bad magic, bad version and short files', () => {
    expect(parseBtf(new Uint8Array([0x89, 0x50, 0x4e, 0x47])).diagnostics[0]!.code).toBe(ErrorCode.BadMagic);
    expect(parseBtf(new Uint8Array(0)).diagnostics[0]!.code).toBe(ErrorCode.BadMagic);
    expect(parseBtf(new BtfBuilder().build({ patchHeader: { version: 2 } })).diagnostics[0]!.code).toBe(ErrorCode.UnsupportedVersion);
    expect(parseBtf(new Uint8Array([0x9f, 0xeb, 1, 0, 24, 0])).diagnostics[0]!.code).toBe(ErrorCode.Truncated);
  });

  it('never allocates by a hostile length: a 28-byte file claiming 4 GiB of types', () => {
    const r = parseBtf(new BtfBuilder().build({ patchHeader: { typeLen: 0xfffffff0, strOff: 0xfffffff0, strLen: 0xff } }));
    expect(r.diagnostics.some((d) => d.code === ErrorCode.Truncated || d.code === ErrorCode.SectionOutOfBounds)).toBe(true);
  });

  it('reports type ids out of range and string offsets past the string section', () => {
    const b = new BtfBuilder();
    b.ptr(99);
    b.struct('s', 4, [['m', 77, 0]]);
    const bytes = b.build();
    // point the ptr's name at a string offset far past the section
    new DataView(bytes.buffer).setUint32(24, 0x10000, true);
    const r = parseBtf(bytes);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain(ErrorCode.BadTypeId);
    expect(codes).toContain(ErrorCode.BadStringOffset);
    expect(r.diagnostics.find((d) => d.code === ErrorCode.BadTypeId)!.offset).toBe(24 + 8);
    expect(r.value!.ownTypeCount).toBe(2);
  });

  it('reports reference cycles and never hangs resolving them', () => {
    const b = new BtfBuilder();
    // [1] typedef a -> [2] const -> [1]
    b.typedef('a', 2);
    b.const(1);
    const r = parseBtf(b.build());
    expect(r.diagnostics.map((d) => d.code)).toContain(ErrorCode.ReferenceCycle);
    expect(() => r.value!.resolveSize(1)).toThrow(/cycle|refers to itself/);
    expect(() => r.value!.skipModsAndTypedefs(1)).toThrow();
  });

  it('reports a truncated record and keeps the types before it', () => {
    const bytes = everyKind().build();
    const r = parseBtf(bytes.subarray(0, 24 + 100));
    expect(r.value!.ownTypeCount).toBeGreaterThan(3);
    expect(r.diagnostics.some((d) => d.code === ErrorCode.Truncated)).toBe(true);
  });
});

describe('index paths', () => {
  it('the WebAssembly and JS indexers agree on every kernel-like blob, including odd records', async () => {
    const { kernelBytes } = await import('../../test-utils/fixtures');
    for (const bytes of [kernelBytes('5.10'), everyKind().build(), everyKind().build({ littleEndian: false })]) {
      const a = parseBtf(bytes, { validate: false });
      const b = parseBtf(bytes, { validate: false, noWasm: true });
      expect(a.value!.typeCount).toBe(b.value!.typeCount);
      for (let id = 1; id < a.value!.typeCount; id += 97) expect(a.value!.recordOffset(id)).toBe(b.value!.recordOffset(id));
      expect(a.diagnostics).toEqual(b.diagnostics);
    }
    // a struct bigger than the 64Ki-word WebAssembly window, between ordinary records
    const big = new BtfBuilder();
    const int = big.int('int', 4);
    big.struct('huge', 4 * 30000, Array.from({ length: 30000 }, (_, i) => [`m${i}`, int, i * 32] as [string, number, number]));
    big.struct('after', 4, [['x', int, 0]]);
    const r = parseBtf(big.build());
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.findByName('after')).toEqual([3]);
  });
});

describe('trailing bytes after the blob', () => {
  it('warns with their count and where the blob ends, and keeps every type', () => {
    const blob = everyKind().build();
    const file = new Uint8Array(blob.length + 300);
    file.set(blob);
    const r = parseBtf(file);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: ErrorCode.TrailingBytes, offset: blob.length, message: expect.stringContaining('300 bytes after the end of the BTF blob') }),
    ]);
    expect(r.value!.typeCount).toBe(parseBtf(blob).value!.typeCount);
  });

  it('says nothing when the string section ends the file', () => {
    expect(parseBtf(everyKind().build()).diagnostics).toEqual([]);
  });
});
