/**
 * `relocs --target DIR`: a BTFHub-like tree built at test time from the fixture kernels (raw,
 * .btf.xz, .btf.tar.xz, a byte-identical copy, a corrupt member). Every member's results must
 * be what `relocs --target <that file>` computes alone; the worker-thread pool (the built CLI)
 * must print what the in-process path prints.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTar } from 'nanotar';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURES, ROOT, readFixture } from '../../test-utils/fixtures';
import { openTarget, targetLabel } from '../commands/relocs';
import { openBtf } from '../../core/open-btf';
import { parseBpfObject } from '../../core/bpf/bpf-object';
import { relocateMember } from './member-relocs';
import { hashClaims } from './relocs-set';
import { runCli } from '../test-run';

let dir: string;
/** label in the set → file. */
const members: Record<string, string> = {};

function put(label: string, file: string, bytes: Uint8Array): void {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  members[label] = path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'btfscope-set-'));
  const k510 = readFixture('kernels/vmlinux-5.10.btf');
  put('debian/11/x86_64/5.10.0-26-amd64', 'debian/11/x86_64/5.10.0-26-amd64.btf', k510);
  // Byte-identical to the one above: collapses into one member with both labels.
  put('debian/11/x86_64/5.10.0-27-amd64', 'debian/11/x86_64/5.10.0-27-amd64.btf', k510);
  mkdirSync(join(dir, 'debian/12/x86_64'), { recursive: true });
  copyFileSync(join(FIXTURES, 'kernels/vmlinux-6.1.btf.xz'), join(dir, 'debian/12/x86_64/6.1.0-13-amd64.btf.xz'));
  members['debian/12/x86_64/6.1.0-13-amd64'] = join(dir, 'debian/12/x86_64/6.1.0-13-amd64.btf.xz');
  put('debian/12/arm64/6.1.0-13-arm64', 'debian/12/arm64/6.1.0-13-arm64.btf', readFixture('kernels-min/vmlinux-6.1-arm64.min.btf'));
  // BTFHub's packing: a tar holding <kernel>.btf, xz-compressed.
  const tar = createTar([{ name: '6.12.0-1-generic.btf', data: readFixture('kernels/vmlinux-6.12.btf') }]);
  put('ubuntu/24.04/x86_64/6.12.0-1-generic', 'ubuntu/24.04/x86_64/6.12.0-1-generic.btf.tar.xz', new Uint8Array(execFileSync('xz', ['-c', '-0'], { input: tar, maxBuffer: 1 << 28 })));
  // A member cut short: reported, the others go on.
  writeFileSync(join(dir, 'debian/12/x86_64/6.1.0-99-cut.btf'), k510.subarray(0, 3000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const obj = (stem: string) => `${FIXTURES}/objects/${stem}.bpf.o`;
const CUT = 'debian/12/x86_64/6.1.0-99-cut.btf';

interface Doc {
  targets: { label: string; labels: string[] }[];
  relocations: { results: { target: string }[] }[];
}

/** One kernel's part of a document, with `label` renamed to `as` everywhere it appears. */
function column(doc: Doc, label: string, as: string) {
  const i = doc.targets.findIndex((t) => t.label === label);
  expect(i).toBeGreaterThanOrEqual(0);
  const { labels: _labels, ...summary } = doc.targets[i]!;
  const part = { summary, results: doc.relocations.map((v) => v.results[i]) };
  // The label enters texts as itself and, in a snippet's flavor name, as an identifier.
  const ident = (l: string) => l.replace(/[^A-Za-z0-9]+/g, '_');
  return JSON.parse(JSON.stringify(part).replaceAll(label, as).replaceAll(`___${ident(label)}`, `___${ident(as)}`)) as unknown;
}

describe('relocs --target DIR', () => {
  it.each(['netdev-el', 'execsnoop-el', 'task_state-el', 'missing-eb'])('%s: every member is what relocs computes on that file alone', async (stem) => {
    const set = await runCli(['relocs', obj(stem), '--target', dir, '--json']);
    expect(set.code).toBe(1);
    expect(set.stderr).toContain(`${join(dir, CUT)}: error [truncated]`);
    expect(set.stderr).toContain(`relocs: 1 of 6 kernels could not be read and are left out (diagnostics above): ${join(dir, CUT)}\n`);
    const doc = JSON.parse(set.stdout) as Doc & { version: number; object: string };
    expect(doc.version).toBe(1);
    expect(doc.object).toBe(`${stem}.bpf.o`);
    // Natural order; the identical copy is one target with both labels.
    expect(doc.targets.map((t) => t.labels)).toEqual([
      ['debian/11/x86_64/5.10.0-26-amd64', 'debian/11/x86_64/5.10.0-27-amd64'],
      ['debian/12/arm64/6.1.0-13-arm64'],
      ['debian/12/x86_64/6.1.0-13-amd64'],
      ['ubuntu/24.04/x86_64/6.12.0-1-generic'],
    ]);
    for (const [label, path] of Object.entries(members)) {
      const alone = await runCli(['relocs', obj(stem), '--target', path, '--json']);
      expect(alone.code).toBe(0);
      const one = JSON.parse(alone.stdout) as Doc;
      const computedAs = doc.targets.find((t) => t.labels.includes(label))!.label;
      expect(column(doc, computedAs, targetLabel(path)), label).toEqual({ summary: one.targets[0], results: one.relocations.map((v) => v.results[0]) });
      expect(doc.relocations.length).toBe(one.relocations.length);
    }
  });

  it('modules over --base: named as libbpf names them, as when relocated alone', async () => {
    const mods = mkdtempSync(join(tmpdir(), 'btfscope-mods-'));
    onTestFinished(() => rmSync(mods, { recursive: true, force: true }));
    mkdirSync(join(mods, '6.1/fs'), { recursive: true });
    copyFileSync(join(FIXTURES, 'modules/ext4-6.1.ko.xz'), join(mods, '6.1/fs/ext4.ko.xz'));
    copyFileSync(join(FIXTURES, 'modules/tcp_bbr-6.1.ko.xz'), join(mods, '6.1/tcp_bbr.ko.xz'));
    const base = join(FIXTURES, 'kernels/vmlinux-6.1.btf.xz');
    const set = await runCli(['relocs', obj('netdev-el'), '--target', mods, '--base', base, '--json']);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const doc = JSON.parse(set.stdout) as Doc;
    expect(doc.targets.map((t) => t.label)).toEqual(['6.1/fs/ext4', '6.1/tcp_bbr']);
    for (const [label, file] of [['6.1/fs/ext4', 'ext4'], ['6.1/tcp_bbr', 'tcp_bbr']] as const) {
      const alone = JSON.parse((await runCli(['relocs', obj('netdev-el'), '--target', join(mods, `${label}.ko.xz`), '--base', base, '--json'])).stdout) as Doc;
      expect(column(doc, label, file)).toEqual({ summary: alone.targets[0], results: alone.relocations.map((v) => v.results[0]) });
    }
    // No sample object reaches a module-only type, so say it directly: the candidates' `btf`
    // and libbpf's `in [ext4]` use the module's own name, not the set's label.
    const ctx = { stdout: () => {}, stderr: () => {}, readFile: async (p: string) => new Uint8Array(readFileSync(p)) };
    const baseSrc = openBtf(readFixture('kernels/vmlinux-6.1.btf')).value!;
    const opened = await openTarget(ctx, join(mods, '6.1/fs/ext4.ko.xz'), baseSrc, '6.1/fs/ext4');
    expect(opened!.target).toMatchObject({ label: '6.1/fs/ext4', moduleName: 'ext4' });
  });

  it('an identical kernel is hashed, not relocated again', async () => {
    const claim = hashClaims(new Map());
    expect(claim({ label: 'd/5.10.0-27' }, 'h')).toBe(true);
    expect(claim({ label: 'd/5.10.0-26' }, 'h')).toBe(true); // sorts first: computes and takes over
    expect(claim({ label: 'd/5.10.0-28' }, 'h')).toBe(false);
    expect(claim({ label: 'd/5.10.0-26' }, 'other')).toBe(true);
    const objects = [parseBpfObject(readFixture('objects/netdev-el.bpf.o')).value!];
    const read = async (p: string) => new Uint8Array(readFileSync(p));
    const task = { path: members['debian/11/x86_64/5.10.0-27-amd64']!, label: 'debian/11/x86_64/5.10.0-27-amd64' };
    const asked: string[] = [];
    const dup = await relocateMember(read, task, objects, undefined, 'full', async (h) => (asked.push(h), false));
    expect(dup).toMatchObject({ ok: true, duplicate: true, objects: [] });
    expect(asked).toEqual([(dup as { hash: string }).hash]);
    const full = await relocateMember(read, task, objects, undefined, 'full', async () => true);
    expect(full).toMatchObject({ ok: true, hash: asked[0] });
    expect((full as { objects: unknown[] }).objects).toHaveLength(1);
  });

  it('--summary groups kernels with identical results, worst first', async () => {
    const r = await runCli(['relocs', obj('netdev-el'), '--target', dir, '--summary']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('netdev-el.bpf.o: 5 kernels (4 distinct), 4 groups of identical results');
    expect(lines[2]).toBe('#1 1 kernel: debian 12 arm64 6.1.0-13-arm64: fails: kprobe_tcp_v4_connect (poisoned instruction 1 is reached on every path)');
    expect(lines[3]).toMatch(/^#2 1 kernel: ubuntu 24\.04 x86_64 6\.12\.0-1-generic: fails: tp_btf_netif_receive_skb \(poisoned instruction 47 is reached when /);
    expect(lines.slice(4)).toEqual([
      '#3 2 kernels: debian 11 x86_64 5.10.0-…: loads (1 program(s) with poisoned but guarded instructions)',
      '#4 1 kernel: debian 12 x86_64 6.1.0-13-amd64: loads',
      '',
      'members:',
      '#1: debian/12/arm64/6.1.0-13-arm64',
      '#2: ubuntu/24.04/x86_64/6.12.0-1-generic',
      '#3: debian/11/x86_64/5.10.0-26-amd64, debian/11/x86_64/5.10.0-27-amd64',
      '#4: debian/12/x86_64/6.1.0-13-amd64',
      '',
    ]);
  });

  it('the table has one column per group, several objects one after another', async () => {
    const r = await runCli(['relocs', obj('netdev-el'), obj('task_state-el'), '--target', `${dir}/debian/**/*.btf`]);
    // The glob picks raw .btf files under debian/ (not .xz), the cut one included.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('netdev-el.bpf.o: 3 kernels (2 distinct), 2 groups of identical results\n');
    expect(r.stdout).toContain('#2 = 2 kernels: 11 x86_64 5.10.0-… (results of 11/x86_64/5.10.0-26-amd64)\n');
    expect(r.stdout).toMatch(/^program +insn +kind +access +local +#1 +#2$/m);
    expect(r.stdout).toContain('task_state-el.bpf.o: 3 kernels (2 distinct)');
    expect(r.stdout).toMatch(/^#\d: 11\/x86_64\/5\.10\.0-26-amd64, 11\/x86_64\/5\.10\.0-27-amd64$/m);
    expect(r.stderr).toContain('relocs: 1 of 4 kernels could not be read');
  });

  it('on a terminal, stderr shows progress and clears it', async () => {
    const r = await runCli(['relocs', obj('netdev-el'), '--target', dir, '--summary'], {}, { isTTY: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\r\x1b[Krelocs: 0/6 kernels');
    expect(r.stderr).toContain('\r\x1b[Krelocs: 6/6 kernels, 1 unreadable\r\x1b[K');
    expect(r.stdout).toContain('#3 2 kernels: debian 11 x86_64 5.10.0-…: loads');
    // Piped: no progress.
    expect((await runCli(['relocs', obj('netdev-el'), '--target', dir, '--summary'])).stderr).not.toContain('\x1b[K');
  });

  it('usage and input errors', async () => {
    expect((await runCli(['relocs', obj('netdev-el'), obj('netdev-el'), '--target', members['debian/12/arm64/6.1.0-13-arm64']!])).code).toBe(2);
    expect((await runCli(['relocs', obj('netdev-el'), '--target', dir, '--format', 'libbpf'])).code).toBe(2);
    expect((await runCli(['relocs', obj('netdev-el'), '--target', dir, '--jobs', '0'])).code).toBe(2);
    const none = await runCli(['relocs', obj('netdev-el'), '--target', `${dir}/nothing/*.btf`, '--summary']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`${dir}/nothing/*.btf: error [io]: no file matches`);
  });

  it('worker threads (the built CLI) print exactly what the in-process path prints', async () => {
    // A private copy of the launcher and bundle: other tests build dist/cli.cjs concurrently.
    const cli = mkdtempSync(join(tmpdir(), 'btfscope-cli-'));
    onTestFinished(() => rmSync(cli, { recursive: true, force: true }));
    mkdirSync(join(cli, 'bin'));
    copyFileSync(join(ROOT, 'bin/btfscope.mjs'), join(cli, 'bin/btfscope.mjs'));
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--quiet', '--out', join(cli, 'dist/cli.cjs')], { cwd: ROOT });
    // Announces every worker thread the CLI starts.
    const preload = join(cli, 'count-workers.cjs');
    writeFileSync(preload, "const wt = require('worker_threads'); const W = wt.Worker; wt.Worker = class extends W { constructor(...a) { super(...a); process.stderr.write('[worker]\\n'); } };\n");
    for (const args of [['--json'], ['--summary']]) {
      const argv = ['relocs', obj('netdev-el'), obj('execsnoop-el'), '--target', dir, ...args];
      const inProcess = await runCli(argv);
      const threads = spawnSync(process.execPath, ['-r', preload, join(cli, 'bin/btfscope.mjs'), ...argv, '--jobs', '3'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, BTFSCOPE_NO_CODE_CACHE: '1' } });
      expect(threads.status).toBe(1);
      expect(threads.stdout).toBe(inProcess.stdout);
      const lines = threads.stderr.split('\n');
      // The members really ran on three threads.
      expect(lines.filter((l) => l === '[worker]')).toHaveLength(3);
      expect(lines.filter((l) => l !== '[worker]').sort()).toEqual(inProcess.stderr.split('\n').sort());
    }
    // The timeline's workers too.
    const argv = ['timeline', 'task_struct', dir, '--json'];
    const threads = spawnSync(process.execPath, ['-r', preload, join(cli, 'bin/btfscope.mjs'), ...argv, '--jobs', '2'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, BTFSCOPE_NO_CODE_CACHE: '1' } });
    expect(threads.stderr.split('\n').filter((l) => l === '[worker]')).toHaveLength(2);
    expect(threads.stdout).toBe((await runCli(argv)).stdout);
  }, 120_000);
});
