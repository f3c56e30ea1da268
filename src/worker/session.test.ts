import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BtfKind } from '../core/index';
import { FIXTURES, kernelBytes, readFixture } from '../test-utils/fixtures';
import type { FileId, ListTypesArgs, LoadResult } from './protocol';
import { BtfBuilder } from '../test-utils/btf-builder';
import { buildElf } from '../test-utils/elf-patch';
import { parseElf } from '../core/elf/elf-file';
import { Session } from './session';
import { WorkerError } from './worker-error';

const fid = (s: string) => s as FileId;
const buf = (u: Uint8Array): ArrayBuffer => u.slice().buffer;

function ready(r: LoadResult) {
  if (r.status !== 'ready') throw new Error(`expected ready, got ${r.status}`);
  return r.file;
}

const list = (fileId: string, over: Partial<ListTypesArgs> = {}): ListTypesArgs => ({
  fileId: fid(fileId),
  query: { text: '', mode: 'substring', kinds: [] },
  sort: { column: 'id', desc: false },
  range: { start: 0, count: 50 },
  ...over,
});

describe('Session with two kernels', () => {
  const s = new Session();
  beforeAll(async () => {
    ready(await s.handle('load', { fileId: fid('k510'), name: 'vmlinux-5.10.btf', bytes: buf(kernelBytes('5.10')) }));
    // Loaded from the committed .xz, unpacked by the worker itself.
    const xz = new Uint8Array(readFileSync(join(FIXTURES, 'kernels/vmlinux-6.18.btf.xz')));
    ready(await s.handle('load', { fileId: fid('k618'), name: 'vmlinux-6.18.btf.xz', bytes: buf(xz) }));
  });

  it('summarizes each file', () => {
    const a = s.file(fid('k510')).summary;
    expect(a.role).toBe('kernel');
    expect(a.releaseGuess).toBe('5.10');
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.headHex.startsWith('9feb01')).toBe(true);
    expect(a.arch).toEqual({ arch: 'x86-64', source: 'pt_regs', byteOrder: 'little-endian', pointerBits: 64 });
    const b = s.file(fid('k618')).summary;
    expect(b.layers).toEqual(['xz']);
    expect(b.releaseGuess).toBe('6.18');
    expect(b.ownTypeCount).toBe(s.btf(fid('k618')).typeCount - 1);
    expect(Object.values(b.kindCounts).reduce((x, y) => x + y, 0)).toBe(b.ownTypeCount);
  });

  it('lists a window of all types', async () => {
    const w = await s.handle('listTypes', list('k510', { range: { start: 10, count: 5 } }));
    expect(w.total).toBe(s.btf(fid('k510')).typeCount - 1);
    expect([...w.ids]).toEqual([11, 12, 13, 14, 15]);
    expect(w.names).toHaveLength(5);
  });

  it('lists all types newest first, and reveals a type in the list as loaded', async () => {
    const n = s.btf(fid('k510')).typeCount - 1;
    const w = await s.handle('listTypes', list('k510', { sort: { column: 'id', desc: true }, range: { start: 0, count: 3 } }));
    expect([...w.ids]).toEqual([n, n - 1, n - 2]);
    const r = await s.handle('listTypes', list('k510', { revealId: 100, range: { start: 0, count: 0 } }));
    expect(r.revealIndex).toBe(99);
  });

  it('filters by substring and kind, sorts, reveals', async () => {
    const q = { text: 'TASK_STRUCT', mode: 'substring' as const, kinds: [BtfKind.Struct] };
    const w = await s.handle('listTypes', list('k618', { query: q, sort: { column: 'name', desc: false } }));
    expect(w.names).toContain('task_struct');
    expect(w.names.every((n) => n.includes('task_struct'))).toBe(true);
    expect([...w.kinds].every((k) => k === BtfKind.Struct)).toBe(true);
    expect([...w.names]).toEqual([...w.names].sort());
    const id = w.ids[w.names.indexOf('task_struct')]!;
    const r = await s.handle('listTypes', list('k618', { query: q, revealId: id, range: { start: 0, count: 1 } }));
    expect(r.revealIndex).toBe(w.names.indexOf('task_struct'));
  });

  it('fuzzy filter ranks the exact name first', async () => {
    const q = { text: 'task_struct', mode: 'fuzzy' as const, kinds: [] };
    const w = await s.handle('listTypes', list('k618', { query: q }));
    expect(w.names[0]).toBe('task_struct');
    const f = await s.handle('listTypes', list('k618', { query: { ...q, text: 'tskstrct' } }));
    expect(f.names).toContain('task_struct');
  });

  it('sorts by size descending', async () => {
    const w = await s.handle('listTypes', list('k618', { sort: { column: 'size', desc: true }, range: { start: 0, count: 20 } }));
    const sizes = [...w.byteSizes];
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });

  it('writes one type as C with clickable type names', async () => {
    const c = await s.handle('dumpC', { fileId: fid('k618'), type: 'struct:task_struct' });
    expect(c.text.startsWith('struct task_struct {')).toBe(true);
    const ref = c.refs.find((r) => r.key === 'struct:sched_entity');
    expect(ref).toBeDefined();
    const line = c.text.split('\n')[ref!.line - 1]!;
    expect(line.slice(ref!.column - 1, ref!.column - 1 + ref!.length)).toBe('sched_entity');
    expect(c.refs.some((r) => r.key === 'typedef:pid_t')).toBe(true);
  });

  it('relocates an object on both kernels', async () => {
    const obj = readFileSync(join(FIXTURES, 'objects/task_state-el.bpf.o'));
    const r = ready(await s.handle('load', { fileId: fid('o'), name: 'task_state-el.bpf.o', bytes: buf(new Uint8Array(obj)) }));
    expect(r.role).toBe('object');
    expect(r.object?.coreRelos).toBe(35);
    expect(r.arch).toMatchObject({ arch: 'bpf', source: 'elf-machine', byteOrder: 'little-endian' });
    const targets = [
      { fileId: fid('k510'), label: '5.10' },
      { fileId: fid('k618'), label: '6.18' },
    ];
    const v = await s.handle('relocations', { objectFileId: fid('o'), targets });
    expect(v.targetFileIds).toEqual(['k510', 'k618']);
    expect(v.report.relocations).toHaveLength(35);
    const exists = v.report.relocations[0]!;
    expect(exists.kindName).toBe('field_exists');
    expect(exists.results.map((x) => [x.target, x.after])).toEqual([['5.10', '0'], ['6.18', '1']]);
    expect(v.sources[0]!.lines.length).toBeGreaterThan(5);
  });

  it('lays out a struct as the CLI does', async () => {
    const t = performance.now();
    const l = await s.handle('getLayout', { fileId: fid('k510'), type: 'struct:task_struct' });
    const ms = performance.now() - t;
    expect(l.layout.name).toBe('task_struct');
    expect(l.layout.members.some((m) => m.name === 'state')).toBe(true);
    expect(l.paholeText.startsWith('struct task_struct {')).toBe(true);
    expect(ms).toBeLessThan(2000);
    const viaTypedef = await s.handle('getLayout', { fileId: fid('k510'), type: 'typedef:atomic_t' });
    expect(viaTypedef.layout.kind).toBe('struct');
  });

  it('diffs two kernels and one struct, members aligned', async () => {
    ready(await s.handle('load', { fileId: fid('k61'), name: 'vmlinux-6.1.btf', bytes: buf(kernelBytes('6.1')) }));
    const args = { aFileId: fid('k510'), bFileId: fid('k61') };
    const d = await s.handle('diff', args);
    expect(d.summary.struct.changed).toBeGreaterThan(1000);
    const ts = d.rows.find((r) => r.kind === 'struct' && r.name === 'task_struct')!;
    expect(ts).toMatchObject({ change: 'changed', byteSizeBefore: 9408, byteSizeAfter: 9792 });
    expect(ts.renamed).toBeGreaterThan(0);
    expect(d.rows.some((r) => r.kind === 'func' && r.change !== 'changed')).toBe(false);
    const t = await s.handle('diffType', { ...args, type: 'struct:task_struct' });
    const row = t.aligned.find((r) => r.after?.path === '__state')!;
    expect(row).toMatchObject({ change: 'renamed', before: { path: 'state' } });
    expect(t.cBefore).toContain('volatile long int state;');
    expect(t.cAfter).toContain('__state;');
  });

  it('answers "used by"', async () => {
    const u = await s.handle('usedBy', { fileId: fid('k618'), type: 'struct:task_struct', limit: 100000 });
    expect(u.total).toBeGreaterThan(50);
    const sig = u.users.find((x) => x.key === 'struct:signal_struct');
    expect(sig).toBeDefined();
    await expect(s.handle('usedBy', { fileId: fid('k618'), type: 'struct:no_such_thing' })).rejects.toThrow(WorkerError);
  });
});

describe('Session loading modules and bad files', () => {
  it('carries architecture and byte order in the summary, unknown where the BTF does not tell', async () => {
    const s = new Session();
    const arm = ready(await s.handle('load', { fileId: fid('arm'), name: 'vmlinux-6.1-arm64.min.btf', bytes: buf(readFixture('kernels-min/vmlinux-6.1-arm64.min.btf')) }));
    expect(arm.arch).toEqual({ byteOrder: 'little-endian', pointerBits: 64 });
    const eb = ready(await s.handle('load', { fileId: fid('eb'), name: 'every-kind-eb.btf', bytes: buf(readFixture('synthetic/every-kind-eb.btf')) }));
    expect(eb.arch?.byteOrder).toBe('big-endian');
  });

  it('waits for the base of a split BTF, then matches it among several kernels', async () => {
    const s = new Session();
    const ko = readFixture('modules/ext4-6.1.ko');
    const first = await s.handle('load', { fileId: fid('m'), name: 'ext4-6.1.ko', bytes: buf(ko) });
    expect(first).toMatchObject({ status: 'needs-base', candidates: [] });
    ready(await s.handle('load', { fileId: fid('a'), name: 'vmlinux-5.10.btf', bytes: buf(kernelBytes('5.10')) }));
    ready(await s.handle('load', { fileId: fid('b'), name: 'vmlinux-6.1.btf', bytes: buf(kernelBytes('6.1')) }));
    const again = ready(await s.handle('chooseBase', { fileId: fid('m'), baseFileId: 'auto' }));
    expect(again.baseFileId).toBe('b');
    // Dropped again with the kernels present: matched directly.
    const direct = ready(await s.handle('load', { fileId: fid('m2'), name: 'ext4.ko', bytes: buf(ko) }));
    expect(direct).toMatchObject({ role: 'module', baseFileId: 'b', startId: s.btf(fid('b')).typeCount });
    // Unloading the kernel drops its modules.
    await s.handle('unload', { fileId: fid('b') });
    expect(s.files.has(fid('m2'))).toBe(false);
  });

  it('a module alone names the release in its .modinfo vermagic (issue #16)', async () => {
    const elf = parseElf(readFixture('modules/tcp_bbr-6.1.ko')).value!;
    const modinfo = new TextEncoder().encode('license=GPL\0vermagic=6.1.0-13-amd64 SMP preempt mod_unload \0');
    const ko = buildElf([{ name: '.modinfo', data: modinfo }, { name: '.BTF', data: elf.contents(elf.sectionByName('.BTF')!) }]);
    const first = await new Session().handle('load', { fileId: fid('m'), name: 'tcp_bbr.ko', bytes: buf(ko) });
    expect(first).toMatchObject({ status: 'needs-base', candidates: [], builtFor: '6.1.0-13-amd64' });
    const plain = await new Session().handle('load', { fileId: fid('m'), name: 'tcp_bbr.ko', bytes: buf(readFixture('modules/tcp_bbr-6.1.ko')) });
    expect(plain).toMatchObject({ status: 'needs-base', builtFor: undefined });
  });

  it('names a wrong file by its magic (issue #16)', async () => {
    const png = new Uint8Array(64);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const err = await new Session().handle('load', { fileId: fid('p'), name: 'x.png', bytes: buf(png) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect((err as WorkerError).message).toBe('x.png: this is a PNG image, not a BTF or ELF file');
  });

  it('rejects a corrupt file with diagnostics and facts, and keeps working', async () => {
    const s = new Session();
    const bad = kernelBytes('5.10').slice(0, 5000);
    bad[4] = 0xff; // corrupt hdr_len
    const err = await s.handle('load', { fileId: fid('x'), name: 'broken.btf', bytes: buf(bad) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    const we = err as WorkerError;
    expect(we.diagnostics.length).toBeGreaterThan(0);
    expect(we.file).toMatchObject({ name: 'broken.btf', byteSize: 5000 });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await expect(s.handle('load', { fileId: fid('p'), name: 'cat.png', bytes: buf(png) })).rejects.toMatchObject({ code: 'unsupported-format' });
    ready(await s.handle('load', { fileId: fid('ok'), name: 'vmlinux-6.1.btf', bytes: buf(kernelBytes('6.1')) }));
  });

  it('validates a whole raw BTF when asked, after answering the load', async () => {
    const s = new Session();
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('ok', 4, [['x', int, 0]]);
    b.struct('broken', 4, [['y', 999, 0]]); // a member of a type that does not exist
    const r = ready(await s.handle('load', { fileId: fid('v'), name: 'bad-refs.btf', bytes: buf(b.build()) }));
    expect(r.role).toBe('kernel');
    const err = await s.handle('validate', { fileId: fid('v') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad-type-id', file: { name: 'bad-refs.btf' } });
    expect(s.files.has(fid('v'))).toBe(false);
  });

  it('diffs a second kernel in the background only once the worker is idle', async () => {
    // Issue #12 defect 8: the background diff (seconds on a busy machine) must not hold up the
    // query the page sends next.
    const s = new Session();
    const kernel = (byteSize: number) => {
      const b = new BtfBuilder();
      b.struct('s', byteSize, [['x', b.int('int', 4, { signed: true }), 0]]);
      return b.build();
    };
    ready(await s.handle('load', { fileId: fid('a'), name: 'a.btf', bytes: buf(kernel(4)) }));
    ready(await s.handle('load', { fileId: fid('b'), name: 'b.btf', bytes: buf(kernel(8)) }));
    const diffs = (s as unknown as { diffs: Map<string, unknown> }).diffs;
    vi.useFakeTimers();
    try {
      await s.handle('validate', { fileId: fid('a') });
      await s.handle('validate', { fileId: fid('b') });
      await vi.advanceTimersByTimeAsync(200);
      await s.handle('listTypes', list('a')); // the page's next query pushes the diff back
      await vi.advanceTimersByTimeAsync(200);
      expect(diffs.size).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(diffs.size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks the protocol version', async () => {
    const s = new Session();
    await expect(s.handle('hello', { protocolVersion: -1 })).rejects.toMatchObject({ code: 'protocol-mismatch' });
  });
});
