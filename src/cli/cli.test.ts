import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readFixture } from '../test-utils/fixtures';
import { type MemFiles, runCli } from './test-run';

const run = (argv: string[], files: MemFiles = {}) => runCli(argv, files);

describe('btfscope CLI', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: btfscope/);
  });

  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(`${FIXTURES}/../package.json`, 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) expect(await run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['dump', 'x.btf', '--bogus'])).code).toBe(2);
    expect((await run(['dump'])).code).toBe(2);
  });

  it('info summarises a kernel, reading the .xz directly', async () => {
    const r = await run(['info', `${FIXTURES}/kernels/vmlinux-6.1.btf.xz`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/byte order: +little-endian/);
    expect(r.stdout).toMatch(/STRUCT +\d+/);
    expect(r.stdout).toMatch(/largest structs and unions:\n +\d+\s{2}struct /);
    expect(r.stdout).toMatch(/^packing: +xz$/m);
    const j = await run(['info', `${FIXTURES}/kernels/vmlinux-6.1.btf.xz`, '--json']);
    expect(JSON.parse(j.stdout).kindCounts.STRUCT).toBeGreaterThan(5000);
    expect(JSON.parse(j.stdout).packing).toEqual(['xz']);
    const raw = await run(['info', `${FIXTURES}/kernels/vmlinux-6.1.btf`]);
    expect(raw.stdout).not.toMatch(/^packing:/m);
  });

  it('info tells the architecture, or says it cannot', async () => {
    const x86 = await run(['info', `${FIXTURES}/kernels/vmlinux-6.1.btf.xz`]);
    expect(x86.stdout).toMatch(/^architecture: +x86-64, little-endian, 64-bit \(from struct pt_regs\)$/m);
    const j = await run(['info', `${FIXTURES}/kernels/vmlinux-6.1.btf.xz`, '--json']);
    expect(JSON.parse(j.stdout).arch).toEqual({ arch: 'x86-64', source: 'pt_regs', byteOrder: 'little-endian', pointerBits: 64 });
    const arm = await run(['info', `${FIXTURES}/kernels-min/vmlinux-6.1-arm64.min.btf.xz`]);
    expect(arm.stdout).toMatch(/^architecture: +unknown, little-endian, 64-bit \(no struct pt_regs to tell it\)$/m);
    const obj = await run(['info', `${FIXTURES}/objects/task_state-el.bpf.o`]);
    expect(obj.stdout).toMatch(/^architecture: +bpf, little-endian, 64-bit \(ELF e_machine\)$/m);
  });

  it('dumps a module as split BTF on its base', async () => {
    const files = { 'tcp_bbr.ko': readFixture('modules/tcp_bbr-6.1.ko'), 'vmlinux': readFixture('kernels/vmlinux-6.1.btf') };
    const r = await run(['dump', 'tcp_bbr.ko', '--base', 'vmlinux'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("STRUCT 'bbr'");
    expect(r.stdout.startsWith('[')).toBe(true);
  });

  it('a split module without its base is an input error naming the problem', async () => {
    const r = await run(['dump', 'tcp_bbr.ko'], { 'tcp_bbr.ko': readFixture('modules/tcp_bbr-6.1.ko') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[/);
  });

  it('bad input: the problem and its offset on stderr, exit 1', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const r = await run(['dump', 'x.png'], { 'x.png': png });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/x\.png: error \[unsupported-format\] at 0x0/);
    const cut = readFixture('kernels/vmlinux-5.10.btf').slice(0, 1000);
    const t = await run(['dump', 'cut.btf'], { 'cut.btf': cut });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/\[(truncated|section-out-of-bounds)\] at 0x/);
    const missing = await run(['info', '/nonexistent/file']);
    expect(missing.code).toBe(1);
  });
});
