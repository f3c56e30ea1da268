/**
 * Share links built from real fixtures: the view computed from the link's cut files
 * equals the view computed from the whole files, the min BTF equals bpftool's
 * `gen min_core_btf` byte for byte (when bpftool is installed), and the sizes stay under
 * the targets (diff of task_struct 5.10 → 6.18 < 16 KB, relocation view < 8 KB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelBytes, loadKernelFixture, readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from '../bpf/bpf-object';
import { parseBtf } from '../btf/parse-btf';
import { relocateObject } from '../core-relo/relocate-object';
import { diffType } from '../diff/diff-btf';
import { formatRawDump } from '../dump/raw-dump';
import { buildDiffShare, buildRelocationShare, parseFormattedSpec, withFileRefs } from './share-builders';
import { decodeSharePayload, encodeSharePayload } from './share-payload';

const bpftool = (() => {
  try {
    execFileSync('bpftool', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const k510 = loadKernelFixture('5.10');
const k618 = loadKernelFixture('6.18');

/** Drops type ids (they differ between a whole kernel and a cut). */
function noIds(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === 'idBefore' || k === 'idAfter' || k === 'typeId' ? 0 : x)).replace(/\[\d+\]/g, '[#]');
}

describe('diff share', () => {
  for (const type of ['task_struct', 'sk_buff', 'struct:mm_struct']) {
    it(`${type}: the link's diff equals the whole kernels' diff`, () => {
      const built = buildDiffShare({ label: 'vmlinux-5.10', btf: k510 }, { label: 'vmlinux-6.18', btf: k618 }, type);
      expect(built.diagnostics).toEqual([]);
      const link = encodeSharePayload(built.value!.payload);
      expect(built.value!.link).toEqual({ route: 'diff', type: `struct:${type.replace(/^struct:/, '')}` });
      const back = decodeSharePayload(link);
      expect(back.diagnostics).toEqual([]);
      const [a, b] = back.value!.blobs.map((x) => parseBtf(x.bytes!).value!);
      const name = type.replace(/^struct:/, '');
      const rows = diffType(a!, b!, 'struct', name);
      expect(rows.length).toBe(1);
      expect(noIds(rows)).toBe(noIds(diffType(k510, k618, 'struct', name)));
      if (name === 'task_struct') {
        console.log(`share size: task_struct diff 5.10 -> 6.18: ${link.length} characters`);
        expect(link.length).toBeLessThan(16 * 1024);
      }
    });
  }

  it('reports a type neither kernel has', () => {
    const r = buildDiffShare({ label: 'a', btf: k510 }, { label: 'b', btf: k618 }, 'no_such_type_xyz');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.at(-1)!.code).toBe('type-not-found');
  });
});

describe('relocation share', () => {
  const objects = ['task_state', 'execsnoop', 'netdev', 'cgroup_sock'];
  for (const name of objects) {
    it(`${name}: the link's relocation report equals the whole files' report`, () => {
      const bytes = readFixture(`objects/${name}-el.bpf.o`);
      const obj = parseBpfObject(bytes).value!;
      const targets = [
        { label: 'vmlinux-5.10', btf: k510 },
        { label: 'vmlinux-6.18', btf: k618 },
      ];
      const full = relocateObject(obj, targets);
      const built = buildRelocationShare({ label: `${name}.bpf.o`, elf: obj.elf }, targets, full);
      expect(built.diagnostics).toEqual([]);
      const link = encodeSharePayload(built.value!.payload);
      console.log(`share size: ${name} relocations on 5.10 + 6.18: ${link.length} characters`);
      // netdev's 6.18 target carries enum skb_drop_reason whole (~100 values), as min_core_btf
      // keeps enums of enumval relocations whole: ~8.7 KB. The others are typical: < 8 KB.
      expect(link.length).toBeLessThan(name === 'netdev' ? 9 * 1024 : 8 * 1024);
      const back = decodeSharePayload(link).value!;
      const obj2 = parseBpfObject(back.blobs[0]!.bytes!).value!;
      const targets2 = back.blobs.slice(1).map((b, i) => ({ label: targets[i]!.label, btf: parseBtf(b.bytes!).value! }));
      const small = relocateObject(obj2, targets2);
      // Rows: kind, access, local spec, outcome and patched values per target. Target specs
      // name ids and member indices of the cut BTF (as with bpftool's min BTF): masked.
      const rows = (r: typeof full) =>
        r.relocations.map((v) => [v.kind, v.access, v.localSpec, v.source?.line, ...v.results.map((x) => [x.result, x.before, x.after, x.targetSpec?.replace(/\[\d+\]/, '[#]').replace(/\([\d:]+ @/, '(# @')])]);
      expect(rows(small)).toEqual(rows(full));
    });
  }

  it.runIf(bpftool)('min BTF is byte-identical to bpftool gen min_core_btf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'btfscope-min-'));
    for (const name of ['task_state', 'execsnoop', 'netdev', 'cgroup_sock']) {
      const objPath = join(dir, `${name}.bpf.o`);
      writeFileSync(objPath, readFixture(`objects/${name}-el.bpf.o`));
      for (const [label, k, v] of [['vmlinux-5.10', k510, '5.10'], ['vmlinux-6.18', k618, '6.18']] as const) {
        const src = join(dir, `vmlinux-${v}.btf`);
        writeFileSync(src, kernelBytes(v));
        const out = join(dir, `${name}-${v}.min.btf`);
        execFileSync('bpftool', ['gen', 'min_core_btf', src, out, objPath], { stdio: 'ignore' });
        const obj = parseBpfObject(readFixture(`objects/${name}-el.bpf.o`)).value!;
        const report = relocateObject(obj, [{ label, btf: k }]);
        const built = buildRelocationShare({ label: name, elf: obj.elf }, [{ label, btf: k }], report).value!;
        const ours = built.payload.blobs[1]!.bytes!;
        const theirs = new Uint8Array(readFileSync(out));
        expect(formatRawDump(parseBtf(ours).value!), `${name} on ${v}`).toBe(formatRawDump(parseBtf(theirs).value!));
        expect(Buffer.from(ours).equals(Buffer.from(theirs)), `${name} on ${v} bytes`).toBe(true);
      }
    }
  });
});

describe('withFileRefs', () => {
  it('names the payload files the way the app names loaded files', () => {
    const bytes = new Uint8Array(1);
    const diff = { payload: { view: 'diff' as const, state: {}, blobs: [{ label: 'vmlinux-5.10', bytes }, { label: 'vmlinux-6.18', bytes }] }, link: { route: 'diff', type: 'struct:task_struct' } };
    expect(withFileRefs(diff, ['ab'.repeat(32), 'CD'.repeat(32)])).toEqual({
      route: 'diff',
      type: 'struct:task_struct',
      a: `sha256:${'ab'.repeat(8)}~vmlinux-5.10`,
      b: `sha256:${'cd'.repeat(8)}~vmlinux-6.18`,
    });
    const relocs = { payload: { view: 'relocs' as const, state: {}, blobs: [{ label: 'x.bpf.o', bytes }, { label: 'k', ref: 'sample:6.1' }] }, link: { route: 'relocs' } };
    expect(withFileRefs(relocs, ['01'.repeat(32)])).toEqual({ route: 'relocs', obj: `sha256:${'01'.repeat(8)}~x.bpf.o`, targets: ['sample:6.1'] });
  });
});

describe('parseFormattedSpec', () => {
  it('reads libbpf spec strings', () => {
    expect(parseFormattedSpec('<byte_off> [7] struct task_struct.__state (0:1 @ offset 24)')).toEqual({ reloKind: 0, rootTypeId: 7, rawSpec: [0, 1] });
    expect(parseFormattedSpec('<byte_off> [9] struct s.bits (0:2 @ offset 4.1)')).toEqual({ reloKind: 0, rootTypeId: 9, rawSpec: [0, 2] });
    expect(parseFormattedSpec('<type_exists> [3] struct x')).toEqual({ reloKind: 8, rootTypeId: 3, rawSpec: [] });
    expect(parseFormattedSpec('<enumval_value> [5] enum e::A = 1')).toEqual({ reloKind: 11, rootTypeId: 5, rawSpec: [] });
    expect(parseFormattedSpec('garbage')).toBeUndefined();
  });
});
