import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from '../bpf/bpf-object';
import { openBtf } from '../open-btf';
import { type BtfExt, findLineInfo, parseBtfExt } from './btf-ext';

function load(stem: string) {
  const src = openBtf(readFixture(`objects/${stem}.bpf.o`)).value!;
  return { btf: src.btf, ext: src.btfExt! };
}

/** Re-encodes a parsed .BTF.ext with bigger records (extra zero words), as a newer compiler might. */
function reencode(ext: BtfExt, extra: number): Uint8Array {
  const words: number[] = [];
  const sub = (recWords: number, secs: { secNameOff: number; records: number[][] }[]) => {
    const start = words.length;
    if (!secs.length) return [0, 0];
    words.push((recWords + extra) * 4);
    for (const s of secs) {
      words.push(s.secNameOff, s.records.length);
      for (const r of s.records) words.push(...r, ...new Array<number>(extra).fill(0));
    }
    return [start * 4, (words.length - start) * 4];
  };
  const f = sub(2, ext.funcInfo.map((s) => ({ secNameOff: s.secNameOff, records: s.records.map((r) => [r.insnOff, r.typeId]) })));
  const l = sub(4, ext.lineInfo.map((s) => ({ secNameOff: s.secNameOff, records: s.records.map((r) => [r.insnOff, r.fileNameOff, r.lineOff, (r.line << 10) | r.col]) })));
  const c = sub(4, ext.coreRelo.map((s) => ({ secNameOff: s.secNameOff, records: s.records.map((r) => [r.insnOff, r.typeId, r.accessStrOff, r.kind]) })));
  const out = new Uint8Array(32 + words.length * 4);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0xeb9f, true);
  dv.setUint8(2, 1);
  dv.setUint32(4, 32, true);
  [f[0]!, f[1]!, l[0]!, l[1]!, c[0]!, c[1]!].forEach((v, i) => dv.setUint32(8 + i * 4, v, true));
  words.forEach((w, i) => dv.setUint32(32 + i * 4, w, true));
  return out;
}

describe('parseBtfExt', () => {
  it('reads func_info, line_info and core_relo of a clang object', () => {
    const { btf, ext } = load('execsnoop-el');
    const r = parseBtfExt(ext, btf);
    expect(r.diagnostics).toEqual([]);
    const e = r.value!;
    expect(e.funcInfoRecSize).toBe(8);
    expect(e.lineInfoRecSize).toBe(16);
    expect(e.coreReloRecSize).toBe(16);
    expect(e.funcInfo.map((s) => s.secName)).toEqual(['tracepoint/syscalls/sys_enter_execve', 'tracepoint/syscalls/sys_exit_execve']);
    expect(e.coreRelo.map((s) => s.records.length)).toEqual([8, 8]);
    expect(e.coreRelo[0]!.records[0]).toMatchObject({ kind: 0, accessStr: '0:1' });
    const li = e.lineInfo[0]!.records[0]!;
    expect(li.fileName).toMatch(/execsnoop\.bpf\.c$/);
    expect(li.lineText).toContain('tracepoint__syscalls__sys_enter_execve');
    expect(li.line).toBeGreaterThan(0);
    const at = findLineInfo(e, 'tracepoint/syscalls/sys_enter_execve', 12 * 8)!;
    expect(at.insnOff).toBeLessThanOrEqual(96);
    expect(e.lineInfo[0]!.records.filter((x) => x.line > 0 && x.insnOff > at.insnOff && x.insnOff <= 96)).toEqual([]);
    expect(at.line).toBeGreaterThan(0);
  });

  it('reads big-endian .BTF.ext to the same records as its little-endian twin', () => {
    const [el, eb] = ['el', 'eb'].map((e) => {
      const { btf, ext } = load(`subprog-${e}`);
      return parseBtfExt(ext, btf).value!;
    });
    expect(eb!.header.littleEndian).toBe(false);
    const shape = (x: BtfExt) => ({
      func: x.funcInfo.map((s) => [s.secName, s.records.length]),
      relos: x.coreRelo.map((s) => [s.secName, s.records.map((r) => `${r.kind} ${r.accessStr}`).sort()]),
      lines: x.lineInfo.map((s) => [s.secName, [...new Set(s.records.map((r) => r.line))].sort()]),
    });
    expect(shape(eb!)).toEqual(shape(el!));
  });

  it('honors record sizes larger than the structs it knows', () => {
    const { btf, ext } = load('task_state-el');
    const base = parseBtfExt(ext, btf).value!;
    const bigger = parseBtfExt(reencode(base, 2), btf);
    expect(bigger.diagnostics).toEqual([]);
    expect(bigger.value!.coreReloRecSize).toBe(24);
    expect(bigger.value!.coreRelo).toEqual(base.coreRelo);
    expect(bigger.value!.lineInfo).toEqual(base.lineInfo);
    expect(bigger.value!.funcInfo).toEqual(base.funcInfo);
  });

  it('reports broken input with codes and keeps the good subsections', () => {
    const { btf, ext } = load('execsnoop-el');
    expect(parseBtfExt(new Uint8Array([1, 2, 3, 4]), btf).diagnostics[0]!.code).toBe('bad-magic');
    const wrongRec = ext.slice();
    const dv = new DataView(wrongRec.buffer);
    const hdrLen = dv.getUint32(4, true);
    dv.setUint32(hdrLen + dv.getUint32(8, true), 6, true); // func_info record size 6 < 8
    const r = parseBtfExt(wrongRec, btf);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['bad-btf-ext']);
    expect(r.value!.funcInfo).toEqual([]);
    expect(r.value!.coreRelo.length).toBe(2);
    for (let n = 0; n <= ext.length; n++) expect(() => parseBtfExt(ext.subarray(0, n), btf)).not.toThrow();
  });

  it('is reachable through parseBpfObject', () => {
    const obj = parseBpfObject(readFixture('objects/enums-el.bpf.o')).value!;
    expect(obj.btfExt?.coreRelo.length).toBeGreaterThan(0);
  });
});
