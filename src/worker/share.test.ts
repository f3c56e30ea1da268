/**
 * A share made in one session opens in another with nothing else loaded: the payload's
 * files load like dropped files, their hashes match the link's references, and the diff /
 * relocation views computed from them equal the originals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BtfKind, type LayoutMember, computeStructLayout, decodeSharePayload } from '../core/index';
import { kernelBytes, readFixture } from '../test-utils/fixtures';
import type { FileId, LoadResult } from './protocol';
import { Session } from './session';

const fid = (s: string) => s as FileId;
const buf = (u: Uint8Array): ArrayBuffer => u.slice().buffer;
function ready(r: LoadResult) {
  if (r.status !== 'ready') throw new Error(`expected ready, got ${r.status}`);
  return r.file;
}

/** Loads a payload's files into a fresh session; returns their ids in payload order. */
async function openPayload(payload: string): Promise<{ s: Session; ids: FileId[] }> {
  const decoded = decodeSharePayload(payload);
  expect(decoded.diagnostics).toEqual([]);
  const s = new Session();
  const ids: FileId[] = [];
  for (const [i, b] of decoded.value!.blobs.entries()) {
    const id = fid(`shared${i}`);
    ready(await s.handle('load', { fileId: id, name: b.label, bytes: buf(b.bytes!) }));
    ids.push(id);
  }
  return { s, ids };
}

const refOf = (s: Session, id: FileId) => `sha256:${s.file(id).summary.sha256.slice(0, 16)}~${s.file(id).summary.name}`;

describe('share request', () => {
  const s = new Session();
  beforeAll(async () => {
    ready(await s.handle('load', { fileId: fid('k510'), name: 'vmlinux-5.10.btf.xz', bytes: buf(kernelBytes('5.10')) }));
    ready(await s.handle('load', { fileId: fid('k618'), name: 'vmlinux-6.18.btf', bytes: buf(kernelBytes('6.18')) }));
    ready(await s.handle('load', { fileId: fid('k61'), name: 'vmlinux-6.1.btf.xz', bytes: buf(kernelBytes('6.1')) }));
    ready(await s.handle('load', { fileId: fid('obj'), name: 'task_state-el.bpf.o', bytes: buf(readFixture('objects/task_state-el.bpf.o')) }));
  });

  it('diff: the receiver sees the same rows for the type', async () => {
    const r = await s.handle('share', { route: 'diff', aFileId: fid('k510'), bFileId: fid('k618'), type: 'struct:task_struct' });
    expect(r.files.map((f) => f.name)).toEqual(['vmlinux-5.10.btf', 'vmlinux-6.18.btf']);
    const { s: s2, ids } = await openPayload(r.payload);
    expect([r.link.a, r.link.b]).toEqual(ids.map((id) => refOf(s2, id)));
    expect(r.link).toMatchObject({ route: 'diff', type: 'struct:task_struct' });
    expect(s2.file(ids[1]!).summary.releaseGuess).toBe('6.18');
    const strip = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'idBefore' || k === 'idAfter' || k === 'timingsMs' ? undefined : x));
    const before = await s.handle('diffType', { aFileId: fid('k510'), bFileId: fid('k618'), type: 'struct:task_struct' });
    const after = await s2.handle('diffType', { aFileId: ids[0]!, bFileId: ids[1]!, type: 'struct:task_struct' });
    expect(strip(after)).toBe(strip(before));
  });

  it("carries each file's label as the sender's page shows it, in payload order", async () => {
    const labels = { obj: 'my probe', k510: 'debian 5.10', k618: '6.18 (renamed)' };
    const relocs = await s.handle('share', {
      route: 'relocs',
      objectFileId: fid('obj'),
      targets: [{ fileId: fid('k510'), label: '5.10' }, { fileId: fid('k618'), label: '6.18' }],
      labels,
    });
    const blobs = decodeSharePayload(relocs.payload).value!.blobs;
    expect(blobs.map((b) => [b.label, b.displayLabel])).toEqual([
      ['task_state-el.bpf.o', 'my probe'],
      ['vmlinux-5.10.min.btf', 'debian 5.10'],
      ['vmlinux-6.18.min.btf', '6.18 (renamed)'],
    ]);
    const diff = await s.handle('share', { route: 'diff', aFileId: fid('k510'), bFileId: fid('k618'), type: 'struct:task_struct', labels });
    expect(decodeSharePayload(diff.payload).value!.blobs.map((b) => b.displayLabel)).toEqual(['debian 5.10', '6.18 (renamed)']);
    // Without labels (the CLI, an old page) a file carries none.
    const plain = await s.handle('share', { route: 'type', fileId: fid('k61'), type: 'struct:task_struct' });
    expect(decodeSharePayload(plain.payload).value!.blobs.map((b) => b.displayLabel)).toEqual([undefined]);
  });

  it('type: the receiver lays the type out as the whole kernel does', async () => {
    const r = await s.handle('share', { route: 'type', fileId: fid('k61'), type: 'struct:task_struct' });
    expect(r.files.map((f) => f.name)).toEqual(['vmlinux-6.1.btf']);
    const { s: s2, ids } = await openPayload(r.payload);
    expect(r.link).toEqual({ route: 'type', type: 'struct:task_struct', file: refOf(s2, ids[0]!) });
    const layoutOf = (btf: ReturnType<Session['file']>['source']['btf']) => {
      const id = btf.findByName('task_struct', BtfKind.Struct)[0]!;
      return computeStructLayout(btf, id).value!;
    };
    const whole = layoutOf(s.file(fid('k61')).source.btf);
    const cut = layoutOf(s2.file(ids[0]!).source.btf);
    // Member by member, nested anonymous structs and unions included. Type ids differ, and so
    // does typePaddingBytes (a member struct's own tail padding): the cut keeps member structs
    // as stubs with their size and alignment, not their last member. Only pahole's text shows
    // it ("XXX last struct has N bytes of padding"); the layout table and byte map do not.
    const flat = (ms: LayoutMember[]): unknown[] =>
      ms.flatMap(({ typeId: _, typePaddingBytes: _p, nested, ...m }) => [m, ...(nested ? flat(nested.members) : [])]);
    expect(flat(whole.members).length).toBeGreaterThan(200);
    expect(flat(cut.members)).toEqual(flat(whole.members));
    const totals = ({ members: _m, typeId: _t, paddings: _p, paddingSumBytes: _s, ...rest }: typeof whole) => rest;
    expect(totals(cut)).toEqual(totals(whole));
  });

  it('relocs: the receiver sees the same outcomes', async () => {
    const targets = [
      { fileId: fid('k510'), label: '5.10' },
      { fileId: fid('k618'), label: '6.18' },
    ];
    const r = await s.handle('share', { route: 'relocs', objectFileId: fid('obj'), targets, relo: 3 });
    expect(r.files.map((f) => f.name)).toEqual(['task_state-el.bpf.o', 'vmlinux-5.10.min.btf', 'vmlinux-6.18.min.btf']);
    expect(r.link.relo).toBe(3);
    const { s: s2, ids } = await openPayload(r.payload);
    expect([r.link.obj, ...(r.link.targets ?? [])]).toEqual(ids.map((id) => refOf(s2, id)));
    const rows = (v: Awaited<ReturnType<Session['handle']>>) =>
      (v as { report: { relocations: { access: string; results: { result: string; after: string | null }[] }[] } }).report.relocations.map((x) => [
        x.access,
        ...x.results.map((y) => `${y.result} ${y.after}`),
      ]);
    const before = await s.handle('relocations', { objectFileId: fid('obj'), targets });
    const after = await s2.handle('relocations', { objectFileId: ids[0]!, targets: [{ fileId: ids[1]!, label: '5.10' }, { fileId: ids[2]!, label: '6.18' }] });
    expect(rows(after)).toEqual(rows(before));
  });

  it('refuses what it cannot share', async () => {
    await expect(s.handle('share', { route: 'diff', aFileId: fid('k510'), bFileId: fid('k618'), type: 'struct:no_such_type' })).rejects.toThrow(/cannot share/);
  });
});
