import { describe, expect, it } from 'vitest';
import { FIXTURES, readFixture, readGoldenText } from '../../test-utils/fixtures';
import { type MemFiles, runCli } from '../test-run';

const run = (argv: string[], files: MemFiles = {}) => runCli(argv, files);

const k618 = `${FIXTURES}/kernels/vmlinux-6.18.btf.xz`;

/** The block pahole printed for a type in the full golden run (first with that header). */
function goldenBlock(v: string, header: string): string {
  const text = readGoldenText(`golden/pahole/vmlinux-${v}.txt`);
  const start = text.indexOf(`\n${header}\n`) + 1;
  const close = text.indexOf('\n}', start) + 1;
  return text.slice(start, text.indexOf('\n', close) + 1);
}

describe('btfscope layout', () => {
  it('prints a struct as pahole does', async () => {
    const r = await run(['layout', k618, 'task_struct']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(goldenBlock('6.18', 'struct task_struct {'));
  });

  it('accepts struct:NAME, union:NAME, typedef names and #ID', async () => {
    const u = await run(['layout', k618, 'union:rcu_special']);
    expect(u.stdout.startsWith('union rcu_special {\n')).toBe(true);
    const t = await run(['layout', k618, 'atomic_t']);
    expect(t.stdout.startsWith('typedef struct {\n')).toBe(true);
    expect(t.stdout.endsWith('} atomic_t;\n')).toBe(true);
    const json = JSON.parse((await run(['layout', k618, 'list_head', '--json'])).stdout);
    const byId = await run(['layout', k618, `#${json.typeId}`]);
    expect(byId.stdout.startsWith('struct list_head {\n')).toBe(true);
  });

  it('picks the first of several same-named structs, like pahole, and says so', async () => {
    const r = await run(['layout', k618, 'workspace']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/4 types match 'workspace'.*showing #\d+ \(the first, as pahole -C does\)/);
    expect(r.stdout.startsWith('struct workspace {\n')).toBe(true);
  });

  it('--json gives the StructLayout', async () => {
    const r = await run(['layout', k618, 'struct:list_head', '--json']);
    const l = JSON.parse(r.stdout);
    expect(l).toMatchObject({ kind: 'struct', name: 'list_head', byteSize: 16, cachelines: 1, memberCount: 2 });
    expect(l.members.map((m: { name: string; absByteOffset: number }) => [m.name, m.absByteOffset])).toEqual([
      ['next', 0],
      ['prev', 8],
    ]);
  });

  it('lays out a module type with --base', async () => {
    const files = { 'bbr.ko': readFixture('modules/tcp_bbr-6.1.ko'), vmlinux: readFixture('kernels/vmlinux-6.1.btf') };
    const r = await run(['layout', 'bbr.ko', 'bbr', '--base', 'vmlinux'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^struct bbr \{\n/);
    expect(r.stdout).toMatch(/\/\* size: \d+, cachelines: \d+, members: \d+ \*\//);
  });

  it('fails cleanly on unknown or non-struct types and bad usage', async () => {
    const none = await run(['layout', k618, 'no_such_struct_xyz']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no struct or union matches/);
    const notStruct = await run(['layout', k618, '#1']);
    expect(notStruct.code).toBe(1);
    expect(notStruct.stderr).toMatch(/is not a struct or union/);
    expect((await run(['layout', k618])).code).toBe(2);
    expect((await run(['layout', k618, 'x', '--cacheline', 'zero'])).code).toBe(2);
  });
});

describe('btfscope dump --format c', () => {
  it('writes vmlinux.h as bpftool does', async () => {
    const r = await run(['dump', `${FIXTURES}/kernels/vmlinux-5.10.btf.xz`, '--format', 'c']);
    expect(r.code).toBe(0);
    expect(r.stdout === readGoldenText('golden/bpftool/vmlinux-5.10.c.txt')).toBe(true);
  });

  it('--type dumps only what the named types need', async () => {
    const r = await run(['dump', k618, '--format', 'c', '--type', 'struct:list_head', '--type', 'hlist_node']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('struct list_head {\n\tstruct list_head *next;\n\tstruct list_head *prev;\n};\n');
    expect(r.stdout).toContain('struct hlist_node {\n');
    expect(r.stdout).not.toContain('struct task_struct {');
    expect(r.stdout.endsWith('#endif /* __VMLINUX_H__ */\n')).toBe(true);
  });

  it('--enum-modes keeps odd-sized enums their size', async () => {
    const r = await run(['dump', k618, '--format', 'c', '--enum-modes', '--type', 'enum:rw_hint']);
    expect(r.stdout).toMatch(/\n\} __attribute__\(\(mode\(byte\)\)\);\n/);
    expect((await run(['dump', k618, '--enum-modes'])).code).toBe(2);
  });

  it('reports unknown --type names and misuse', async () => {
    const r = await run(['dump', k618, '--format', 'c', '--type', 'no_such_type_xyz']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no type matches 'no_such_type_xyz'/);
    expect((await run(['dump', k618, '--type', 'task_struct'])).code).toBe(2);
    expect((await run(['dump', k618, '--format', 'html'])).code).toBe(2);
  });
});
