import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { diffBtf } from '../../core/diff/diff-btf';
import { formatDiffJson } from '../../core/diff/diff-export';
import { openBtf } from '../../core/open-btf';
import { runCli } from '../test-run';
import { parseDiffTypeArg } from './diff';

/** Kernels and modules, decompressed once, served from memory under short names. */
const files: Record<string, () => Uint8Array> = {
  'k510.btf': () => readFixture('kernels/vmlinux-5.10.btf'),
  'k61.btf': () => readFixture('kernels/vmlinux-6.1.btf'),
  'k612.btf': () => readFixture('kernels/vmlinux-6.12.btf'),
  'arm64.min.btf': () => readFixture('kernels-min/vmlinux-6.1-arm64.min.btf'),
  'eb.btf': () => readFixture('synthetic/every-kind-eb.btf'),
  'tcp_bbr.ko': () => readFixture('modules/tcp_bbr-6.1.ko'),
  'nf_conntrack.ko': () => readFixture('modules/nf_conntrack-6.12.ko'),
};

const run = (argv: string[]) => runCli(argv, files, { disk: false });

describe('btfscope diff', () => {
  it('text: one struct, renames marked', async () => {
    const r = await run(['diff', 'k510.btf', 'k61.btf', '--type', 'task_struct']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('~ struct task_struct  size 9408 -> 9792 (+384)\n');
    expect(r.stdout).toContain(
      '    renamed   state -> __state  (close name, same position)  offset 16 -> 24, size 8 -> 4, type volatile long int -> unsigned int\n',
    );
    expect(r.stdout).toContain('    moved     stack  offset 24 -> 32, void *\n');
    expect(r.stdout).toMatch(/^struct +0 +0 +1 +0$/m);
  });

  it('says up front when the kernels differ in architecture or byte order', async () => {
    const same = await run(['diff', 'k510.btf', 'k61.btf', '--type', 'task_struct']);
    expect(same.stdout).not.toContain('note:');
    const eb = await run(['diff', 'k61.btf', 'eb.btf', '--kind', 'struct']);
    expect(eb.stdout.split('\n')[2]).toBe(
      'note: kernel A is x86-64 little-endian, B is of unknown architecture (big-endian): offsets and sizes differ by architecture, not only by version',
    );
    const arm = await run(['diff', 'arm64.min.btf', 'k61.btf', '--type', 'task_struct']);
    expect(arm.stdout.split('\n')[2]).toBe(
      "note: kernel B is x86-64 little-endian; A's BTF does not tell its architecture (no struct pt_regs): if it is not x86-64, offsets and sizes differ by architecture, not only by version",
    );
  });

  it('--json of two whole BTFs is core\'s formatDiffJson, the text the web app exports', async () => {
    const r = await run(['diff', 'arm64.min.btf', 'eb.btf', '--json']);
    expect(r.code).toBe(0);
    const a = openBtf(files['arm64.min.btf']!()).value!.btf;
    const b = openBtf(files['eb.btf']!()).value!.btf;
    expect(r.stdout).toBe(formatDiffJson(diffBtf(a, b).value!, 'arm64.min.btf', 'eb.btf'));
    expect(JSON.parse(r.stdout).types.length).toBeGreaterThan(10);
  });

  it('--json: the documented document', async () => {
    const r = await run(['diff', 'k61.btf', 'k612.btf', '--type', 'struct:inode', '--type', 'enum:rw_hint', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ version: 1, before: 'k61.btf', after: 'k612.btf', duplicates: [], diagnostics: [] });
    expect(Object.keys(doc.summary)).toEqual(['struct', 'union', 'enum', 'typedef', 'func', 'var']);
    expect(doc.types.map((t: { kind: string; name: string }) => `${t.kind} ${t.name}`)).toEqual(['struct inode', 'enum rw_hint']);
    const inode = doc.types[0];
    expect(inode).toMatchObject({ change: 'changed', byteSizeBefore: 632, byteSizeAfter: 624 });
    expect(inode.members.find((m: { name: string }) => m.name === 'i_atime')).toEqual({
      name: 'i_atime',
      change: 'removed',
      aspects: [],
      bitOffsetBefore: 704,
      bitSizeBefore: 128,
      bitfieldBefore: false,
      typeBefore: 'struct timespec64',
    });
  });

  it('whole kernels: summary, changed types, added/removed types but not functions', async () => {
    const r = await run(['diff', 'k61.btf', 'k612.btf']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[2]).toMatch(/^kind +added +removed +changed +unchanged$/);
    expect(lines[3]).toMatch(/^struct +1123 +155 +1522 +6108$/); // per type: names with duplicates count each
    expect(r.stdout).toContain('\n~ struct task_struct  size 9792\n');
    expect(r.stdout).toMatch(/\n\+ struct [a-z_0-9]+ {2}size \d+\n/);
    expect(r.stdout).not.toMatch(/\n\+ func /);
    expect(r.stdout).toMatch(/added and \d+ removed functions not listed; --all-funcs lists them/);
    expect(r.stdout).toContain('\nnames with several types (paired by structure):\n');
    expect(r.stdout).toContain('\n  struct elf_note_info: 2 -> 2\n');
  });

  it('modules with their kernels', async () => {
    const r = await run(['diff', 'tcp_bbr.ko', 'nf_conntrack.ko', '--base-a', 'k61.btf', '--base-b', 'k612.btf', '--type', 'struct:bbr', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).types).toMatchObject([{ kind: 'struct', name: 'bbr', change: 'removed' }]);
  });

  it('usage and input errors', async () => {
    expect((await run(['diff', 'k61.btf'])).code).toBe(2);
    expect((await run(['diff', 'k61.btf', 'k612.btf', '--kind', 'bogus'])).code).toBe(2);
    expect((await run(['diff', 'k61.btf', 'k612.btf', '--type', 'two words here'])).code).toBe(2);
    const missing = await run(['diff', 'k61.btf', 'nope.btf']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.btf: error [io]');
    const unknown = await run(['diff', 'k61.btf', 'k612.btf', '--type', 'no_such_type_here']);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toContain("no type named 'no_such_type_here' in either file");
  });

  it('parses NAME, kind:NAME and "kind NAME"', () => {
    expect(parseDiffTypeArg('task_struct')).toEqual({ name: 'task_struct' });
    expect(parseDiffTypeArg('union:rcu_special')).toEqual({ name: 'rcu_special', kind: 'union' });
    expect(parseDiffTypeArg('enum64 big')).toEqual({ name: 'big', kind: 'enum' });
  });
});
