/**
 * The npm package's API (api.ts) on real fixtures, checked against the reference tools'
 * goldens (bpftool, pahole, libbpf 1.1.2), so the convenience layer cannot drift from the
 * engines the CLI is tested with.
 */
import { describe, expect, it } from 'vitest';
import {
  type OpenedFile,
  ErrorCode,
  createDiffShareLink,
  createRelocationShareLink,
  decodeShareLink,
  diff,
  dumpC,
  dumpRaw,
  findType,
  formatDiff,
  formatLayout,
  getLayout,
  libbpfLog,
  listTypes,
  minCoreBtf,
  openFile,
  relocate,
  relocationsJson,
  writeC,
} from './api';
import { extractCoreLogLines } from './core-relo/libbpf-log';
import { readFixture, readGoldenText } from '../test-utils/fixtures';
import { goldenText } from '../test-utils/libbpf-goldens';

async function open(rel: string, base?: OpenedFile): Promise<OpenedFile> {
  const r = await openFile(readFixture(rel), base ? { base } : {});
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value!;
}

describe('public API', () => {
  it('opens an xz kernel, lists and lays out task_struct as pahole does', async () => {
    const k = await open('kernels/vmlinux-6.1.btf.xz');
    expect(k.role).toBe('kernel');
    expect(k.layers).toEqual(['xz']);
    const rows = listTypes(k.btf, { kind: 'struct', name: 'task_struct' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe('STRUCT');
    const layout = getLayout(k.btf, 'task_struct');
    expect(layout.value!.byteSize).toBe(rows[0]!.size);
    const text = formatLayout(layout.value!);
    expect(readGoldenText('golden/pahole/vmlinux-6.1.txt')).toContain(text);
    // A typedef stands for its struct; an id works too.
    expect(getLayout(k.btf, rows[0]!.id).value!.byteSize).toBe(rows[0]!.size);
    expect(getLayout(k.btf, 'no_such_struct_xyz').diagnostics[0]!.code).toBe(ErrorCode.TypeNotFound);
    expect(listTypes(k.btf, { name: /^task_struct$/ }).map((r) => r.kind)).toContain('STRUCT');
    expect(listTypes(k.btf, { kind: 'nonsense' })).toEqual([]);
  });

  it('opens a module over its kernel; raw dump equals bpftool', async () => {
    const k = await open('kernels/vmlinux-6.1.btf.xz');
    const alone = await openFile(readFixture('modules/ext4-6.1.ko.xz'));
    expect(alone.value).toBeUndefined();
    expect(alone.diagnostics.map((d) => d.code)).toContain(ErrorCode.MissingBase);
    const m = await open('modules/ext4-6.1.ko.xz', k);
    expect(m.role).toBe('module');
    expect(dumpRaw(m.btf)).toBe(readGoldenText('golden/bpftool/ext4-6.1.raw.txt'));
  });

  it('dumps C as bpftool does, whole or for named types', async () => {
    const o = await open('objects/task_state-el.bpf.o');
    expect(o.role).toBe('object');
    expect(dumpC(o.btf).value).toBe(readGoldenText('golden/bpftool/obj-task_state-el.c.txt'));
    const chunks: string[] = [];
    expect(writeC(o.btf, (c) => chunks.push(c))).toEqual([]);
    expect(chunks.join('')).toBe(dumpC(o.btf).value);
    expect(findType(o.btf, 'task_struct').length).toBeGreaterThan(0);
    expect(dumpC(o.btf, { types: ['task_struct'] }).value).toContain('struct task_struct {');
    expect(dumpC(o.btf, { types: ['nope_nope'] }).diagnostics[0]!.code).toBe(ErrorCode.TypeNotFound);
  });

  it('relocates an object on several kernels as libbpf 1.1.2; the min BTF relocates the same', async () => {
    const o = await open('objects/task_state-el.bpf.o');
    const k61 = await open('kernels/vmlinux-6.1.btf.xz');
    const k518 = await open('kernels/vmlinux-5.10.btf.xz');
    const rep = relocate(o, [
      { label: 'vmlinux-6.1', btf: k61 },
      { label: 'vmlinux-5.10', btf: k518 },
    ]);
    for (const label of ['vmlinux-6.1', 'vmlinux-5.10']) {
      const want = extractCoreLogLines(goldenText(`task_state-el@${label}.log`));
      expect(libbpfLog(rep, label)!.split('\n').slice(0, -1)).toEqual(want);
    }
    expect(() => relocate(o, [{ label: 'a', btf: k61 }, { label: 'a', btf: k518 }])).toThrow(/two targets/);
    const min = minCoreBtf(rep, { label: 'vmlinux-6.1', btf: k61 });
    expect(min.value!.length).toBeLessThan(k61.bytes.length / 100);
    const minFile = await openFile(min.value!);
    const again = relocate(o, [{ label: 'vmlinux-6.1', btf: minFile.value! }]);
    const rows = (r: typeof rep) => r.relocations.map((v) => [v.results[0]!.result, v.results[0]!.after]);
    expect(rows(again)).toEqual(rows(relocate(o, [{ label: 'vmlinux-6.1', btf: k61 }])));
    expect(JSON.stringify(relocationsJson(rep, 'task_state-el.bpf.o', o.object))).toContain('"vmlinux-5.10"');
  });

  it('diffs two kernels and makes share links that decode back', async () => {
    const a = await open('kernels/vmlinux-5.10.btf.xz');
    const b = await open('kernels/vmlinux-6.1.btf.xz');
    const d = diff(a.btf, b.btf, { names: ['task_struct'], kinds: ['struct'] });
    expect(formatDiff(d.value!)).toContain('task_struct');
    const link = await createDiffShareLink({ label: 'vmlinux-5.10', file: a }, { label: 'vmlinux-6.1', file: b }, 'task_struct', {
      baseUrl: 'https://example.org/tools/btfscope/',
    });
    expect(link.value!.url).toMatch(/^https:\/\/example\.org\/tools\/btfscope\/#\/diff\?v=1&a=sha256:[0-9a-f]{16}~vmlinux-5\.10&/);
    const back = decodeShareLink(link.value!.url);
    expect(back.value!.view).toBe('diff');
    const cutA = await openFile(back.value!.blobs[0]!.bytes!);
    expect(getLayout(cutA.value!.btf, 'task_struct').value!.byteSize).toBe(getLayout(a.btf, 'task_struct').value!.byteSize);
    expect(decodeShareLink(link.value!.payload).value!.blobs).toHaveLength(2);
    expect(decodeShareLink('https://example.org/#/diff?v=1').diagnostics[0]!.code).toBe(ErrorCode.ShareBadEncoding);
    expect((await createDiffShareLink({ label: 'x', file: a }, { label: 'y', file: b }, 'task_struct', { baseUrl: 'ftp://x' })).diagnostics[0]!.code).toBe(
      ErrorCode.ShareInvalid,
    );

    const o = await open('objects/task_state-el.bpf.o');
    const rl = await createRelocationShareLink({ label: 'task_state.bpf.o', file: o }, [{ label: 'vmlinux-6.1', file: b }]);
    expect(rl.value!.view).toBe('relocs');
    expect(decodeShareLink(rl.value!.url).value!.blobs.map((x) => x.label)).toEqual(['task_state.bpf.o', 'vmlinux-6.1.min']);
  });
});
