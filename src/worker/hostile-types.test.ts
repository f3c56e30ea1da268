/**
 * Issue #12, defect 1: a small BTF whose struct has a member far past its end, and a valid
 * struct of hundreds of MB. The file loads, the bad type answers with its diagnostic at once,
 * the rest works, and no answer grows with what the type would print.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, formatCHeader } from '../core/index';
import { BtfBuilder } from '../test-utils/btf-builder';
import { MAX_TEXT_CHARS } from './c-text';
import type { FileId, LoadResult } from './protocol';
import { Session } from './session';

const fid = (s: string) => s as FileId;
function ready(r: LoadResult) {
  if (r.status !== 'ready') throw new Error(`expected ready, got ${r.status}`);
  return r.file;
}

function blob(size: number, lastBit: number, bad = true) {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  b.int('long', 8, { signed: true });
  if (bad) b.struct('bad', 8, [['x', int, 0x7fff_fff8]]);
  b.struct('big', size, [['first', int, 0], ['last', int, lastBit]]);
  b.struct('fine', 8, [['a', int, 0], ['b', int, 32]]);
  return b.build();
}

describe('a file with an invalid struct (issue #12 defect 1)', () => {
  it('loads; the bad type is refused quickly and clearly, the others work', async () => {
    const s = new Session();
    const bytes = blob(16, 96);
    expect(bytes.length).toBeLessThan(200);
    const t0 = performance.now();
    const file = ready(await s.handle('load', { fileId: fid('f'), name: 'hostile.btf', bytes: bytes.slice().buffer }));
    // Raw BTF validates when the page asks; a type-confined error does not unload the file.
    const v = await s.handle('validate', { fileId: fid('f') });
    expect(v.diagnostics).toEqual([expect.objectContaining({ code: ErrorCode.MemberOutOfBounds, typeId: 3 })]);
    expect(file.ownTypeCount).toBe(5);

    await expect(s.handle('getLayout', { fileId: fid('f'), type: 'struct:bad' })).rejects.toMatchObject({ code: ErrorCode.MemberOutOfBounds });
    const c = await s.handle('dumpC', { fileId: fid('f'), type: 'struct:bad' });
    expect(c.invalid).toMatchObject({ code: ErrorCode.MemberOutOfBounds, message: expect.stringContaining("member #0 'x'") });
    expect(c.text.length).toBeLessThan(200);
    expect(performance.now() - t0).toBeLessThan(2000);

    const ok = await s.handle('getLayout', { fileId: fid('f'), type: 'struct:fine' });
    expect(ok.layout.members.map((m) => m.name)).toEqual(['a', 'b']);
    expect((await s.handle('dumpC', { fileId: fid('f'), type: 'struct:fine' })).invalid).toBeUndefined();
  });
});

describe('a valid struct of 16 MiB', () => {
  const size = 16 << 20;
  const s = new Session();
  const load = () => s.handle('load', { fileId: fid('h'), name: 'huge.btf', bytes: blob(size, (size - 4) * 8, false).slice().buffer });

  it('sends a counted excerpt of its C text, with the whole size', async () => {
    ready(await load());
    const c = await s.handle('dumpC', { fileId: fid('h'), type: 'struct:big' });
    expect(c.text.length).toBeLessThan(MAX_TEXT_CHARS);
    expect(c.text).toMatch(/padding lines \(\d+ bytes\) not shown/);
    // bpftool's text of the struct: one `long: 64;` (11 bytes) per 8 bytes but two, plus the rest.
    const small = (await s.handle('getLayout', { fileId: fid('h'), type: 'struct:big' })).layout;
    expect(small.byteSize).toBe(size);
    const lines = size / 8 - 2;
    expect(c.excerpt).toBeDefined();
    expect(c.excerpt!.omittedLines).toBeGreaterThan(lines - 2000);
    const header = 'struct big {\n\tint first;\n\tint: 32;\n\tint last;\n};\n'.length;
    expect(c.excerpt!.totalBytes).toBe(header + lines * 11);
  });

  it('offers the whole text as a Blob, byte-identical to the CLI dump of the type', async () => {
    ready(await load());
    const d = await s.handle('downloadC', { fileId: fid('h'), type: 'struct:big' });
    const expected = formatCHeader(s.btf(fid('h')), { rootIds: [3] }).value;
    expect(d.byteSize).toBe(expected.length);
    expect(d.fileName).toBe('big.h');
    expect(await d.blob.text()).toBe(expected);
  });
});
