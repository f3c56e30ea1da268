/**
 * The writer round-trips every kind and whole kernels (compared through bpftool-identical
 * raw dumps); cuts parse with our parser and, when bpftool is installed, with bpftool.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKernelFixture } from '../../test-utils/fixtures';
import { everyKind } from '../../test-utils/synthetic';
import { parseBtf } from '../btf/parse-btf';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfComposite } from '../btf/btf-types';
import { formatRawDump } from '../dump/raw-dump';
import { cutBtf } from './cut-btf';
import { type BtfTypeInput, encodeBtf } from './encode-btf';

function hasBpftool(): boolean {
  try {
    execFileSync('bpftool', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const bpftool = hasBpftool();

function bpftoolDump(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'btfscope-cut-'));
  const file = join(dir, 'cut.btf');
  writeFileSync(file, bytes);
  return execFileSync('bpftool', ['btf', 'dump', 'file', file], { encoding: 'utf8' });
}

function reencode(bytes: Uint8Array, littleEndian = true): Uint8Array {
  const btf = parseBtf(bytes).value!;
  const types = [];
  for (let id = 1; id < btf.typeCount; id++) types.push(btf.type(id) as BtfTypeInput);
  return encodeBtf(types, { littleEndian });
}

describe('encodeBtf', () => {
  it('writes a minimal blob with deduplicated strings', () => {
    const bytes = encodeBtf([
      { kind: BtfKind.Int, name: 'int', byteSize: 4, encoding: 1 },
      { kind: BtfKind.Struct, name: 'pair', byteSize: 8, members: [
        { name: 'a', typeId: 1, bitOffset: 0, bitfieldSize: 0 },
        { name: 'int', typeId: 1, bitOffset: 32, bitfieldSize: 3 },
      ] },
    ]);
    // header 24 + int 16 + struct 12+24 = 76, strings "\0int\0pair\0a\0" = 12
    expect(bytes.length).toBe(24 + 16 + 36 + 12);
    const r = parseBtf(bytes);
    expect(r.diagnostics).toEqual([]);
    const s = r.value!.type(2) as BtfComposite;
    expect(s.kindFlag).toBe(true);
    expect(s.members.map((m) => [m.name, m.bitOffset, m.bitfieldSize])).toEqual([['a', 0, 0], ['int', 32, 3]]);
  });

  it('round-trips the every-kind blob in both byte orders', () => {
    for (const le of [true, false]) {
      const src = everyKind().build({ littleEndian: le });
      const out = reencode(src, le);
      expect(formatRawDump(parseBtf(out).value!)).toBe(formatRawDump(parseBtf(src).value!));
    }
  });

  it('round-trips a whole kernel (raw dumps equal)', () => {
    const k = loadKernelFixture('6.1');
    expect(formatRawDump(parseBtf(reencode(k.bytes)).value!)).toBe(formatRawDump(k));
  });

  it('rejects a reference past the end', () => {
    expect(() => encodeBtf([{ kind: BtfKind.Ptr, typeId: 7 }])).toThrow(/refers to type 7/);
  });
});

describe('cutBtf', () => {
  const k = loadKernelFixture('6.18');
  const [taskId] = k.findByName('task_struct', BtfKind.Struct);

  it('keeps task_struct whole and member types as shapes', () => {
    const r = cutBtf(k, [taskId!]);
    expect(r.diagnostics).toEqual([]);
    const cut = parseBtf(r.value!.bytes);
    expect(cut.diagnostics).toEqual([]);
    const btf = cut.value!;
    const newId = r.value!.idMap.get(taskId!)!;
    const a = k.type(taskId!) as BtfComposite;
    const b = btf.type(newId) as BtfComposite;
    expect(b.byteSize).toBe(a.byteSize);
    expect(b.members.map((m) => [m.name, m.bitOffset, m.bitfieldSize, k.resolveSize(a.members.find((x) => x.name === m.name && x.bitOffset === m.bitOffset)!.typeId)]))
      .toEqual(a.members.map((m) => [m.name, m.bitOffset, m.bitfieldSize, btf.resolveSize(b.members.find((x) => x.name === m.name && x.bitOffset === m.bitOffset)!.typeId)]));
    // pointees are forward declarations, nested named structs are size-only stubs
    const [mm] = btf.findByName('mm_struct');
    expect(btf.kind(mm!)).toBe(BtfKind.Fwd);
    const [se] = btf.findByName('sched_entity');
    expect(btf.kind(se!)).toBe(BtfKind.Struct);
    // size-only stub: one unnamed padding bitfield keeps its alignment (8)
    expect((btf.type(se!) as BtfComposite).members.map((m) => [m.name, m.bitfieldSize])).toEqual([['', 64]]);
    expect(btf.sizeOrType(se!)).toBe(k.sizeOrType(k.findByName('sched_entity', BtfKind.Struct)[0]!));
    expect(r.value!.bytes.length).toBeLessThan(64 * 1024);
  });

  it('expands one more level with shapeDepth 2', () => {
    const r = cutBtf(k, [taskId!], { shapeDepth: 2 });
    const btf = parseBtf(r.value!.bytes).value!;
    const [se] = btf.findByName('sched_entity', BtfKind.Struct);
    expect(btf.vlen(se!)).toBeGreaterThan(5);
  });

  it('reports a bad root', () => {
    expect(cutBtf(k, [k.typeCount + 5]).diagnostics[0]!.code).toBe('bad-type-id');
  });

  it.runIf(bpftool)('bpftool reads the cut (raw dumps equal ours)', () => {
    const r = cutBtf(k, [taskId!]);
    expect(bpftoolDump(r.value!.bytes)).toBe(formatRawDump(parseBtf(r.value!.bytes).value!));
  });
});
