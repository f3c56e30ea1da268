import { describe, expect, it } from 'vitest';
import { extractCoreLogLines } from '../../core/index';
import { FIXTURES, readFixture } from '../../test-utils/fixtures';
import { type MemFiles, runCli } from '../test-run';
import { targetLabel } from './relocs';

const K61 = '/k/vmlinux-6.1.btf';
const K510 = '/k/vmlinux-5.10.btf';

/** Kernels are served uncompressed to keep the test fast. */
const files: MemFiles = {
  [K61]: () => readFixture('kernels/vmlinux-6.1.btf'),
  [K510]: () => readFixture('kernels/vmlinux-5.10.btf'),
  '/k/ext4.ko': () => readFixture('modules/ext4-6.1.ko'),
  '/k/vmlinux-6.1-arm64.min.btf': () => readFixture('kernels-min/vmlinux-6.1-arm64.min.btf'),
};
const run = (argv: string[]) => runCli(argv, files);

const obj = (stem: string) => `${FIXTURES}/objects/${stem}.bpf.o`;
const golden = (name: string) => new TextDecoder().decode(readFixture(`golden/libbpf/${name}.log`));

describe('btfscope relocs', () => {
  it('says per program and kernel whether the verifier reaches a poisoned instruction', async () => {
    const r = await run(['relocs', obj('netdev-el'), '--target', K510, '--target', '/k/vmlinux-6.1-arm64.min.btf']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('fails verification only if reachable');
    expect(r.stdout).toContain('verdict vmlinux-5.10: loads (1 program(s) with poisoned but guarded instructions)\n');
    expect(r.stdout).toContain('verdict vmlinux-6.1-arm64.min: fails: kprobe_tcp_v4_connect (poisoned instruction 1 is reached on every path)\n');
    expect(r.stdout).toMatch(/^kprobe_tcp_v4_connect +loads +FAILS: insn 1 reached$/m);
    expect(r.stdout).toMatch(/^tp_btf_kfree_skb +loads \(guarded\) +loads$/m);
    const j = JSON.parse((await run(['relocs', obj('netdev-el'), '--target', '/k/vmlinux-6.1-arm64.min.btf', '--json'])).stdout);
    expect(j.targets[0].verdict).toMatchObject({ kind: 'fails' });
    expect(j.targets[0].verdict.programs[0]).toMatchObject({ program: 'kprobe_tcp_v4_connect', kind: 'fails', reached: { program: 'kprobe_tcp_v4_connect', insn: 1, path: [] } });
    const sum = await run(['relocs', obj('netdev-el'), '--target', '/k/vmlinux-6.1-arm64.min.btf', '--summary']);
    expect(sum.stdout).toBe(
      [
        'netdev-el.bpf.o: load verdicts on vmlinux-6.1-arm64.min',
        '',
        'verdict vmlinux-6.1-arm64.min: fails: kprobe_tcp_v4_connect (poisoned instruction 1 is reached on every path)',
        '',
        'program                   vmlinux-6.1-arm64.min',
        'kprobe_tcp_v4_connect     FAILS: insn 1 reached',
        'tp_btf_netif_receive_skb  loads',
        'tp_btf_kfree_skb          loads',
        '',
        'vmlinux-6.1-arm64.min: kprobe_tcp_v4_connect: fails: poisoned instruction 1 is reached on every path',
        '',
      ].join('\n'),
    );
    expect((await run(['relocs', obj('netdev-el'), '--target', K61, '--summary', '--json'])).code).toBe(2);
    const eb = await run(['relocs', obj('netdev-eb'), '--target', K61]);
    expect(eb.stdout).toContain('verdict vmlinux-6.1: does not open: a big-endian object on a little-endian kernel (libbpf: elf: endianness mismatch)\n');
  });

  it('--format libbpf prints exactly libbpf 1.1.2 CO-RE lines', async () => {
    const r = await run(['relocs', obj('execsnoop-el'), '--target', K61, '--format', 'libbpf']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(extractCoreLogLines(golden('execsnoop-el@vmlinux-6.1')).join('\n') + '\n');
    const m = await run(['relocs', obj('memsz-el'), '--target', `${FIXTURES}/targets/memsz_big.o`, '--format=libbpf']);
    expect(m.stdout).toBe(extractCoreLogLines(golden('memsz-el@memsz_big')).join('\n') + '\n');
  });

  it('--json agrees with the libbpf log', async () => {
    const r = await run(['relocs', obj('task_state-el'), '--target', K510, '--target', K61, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.libbpfRefuses).toBeNull(); // libbpf opens it (its golden log goes past the open)
    expect(doc.targets.map((t: { label: string }) => t.label)).toEqual(['vmlinux-5.10', 'vmlinux-6.1']);
    const log = extractCoreLogLines(golden('task_state-el@vmlinux-6.1'));
    for (const v of doc.relocations) {
      const res = v.results[1];
      const patched = log.find((l) => l.startsWith(`libbpf: prog '${v.program}': relo #${v.reloIndex}: patched insn #${v.insnIndex} `));
      if (res.result === 'patched') expect(patched).toMatch(new RegExp(` -> ${res.patches[0].after}$`));
      if (res.result === 'poisoned') expect(log).toContain(`libbpf: prog '${v.program}': relo #${v.reloIndex}: substituting insn #${v.insnIndex} w/ invalid insn`);
      // Besides its own lines, a relocation carries the candidate search it triggered.
      expect(res.messages.filter((m: string) => !m.startsWith('CO-RE relocating '))).toEqual(
        log.filter((l) => l.startsWith(`libbpf: prog '${v.program}': relo #${v.reloIndex}: `)).map((l) => l.slice('libbpf: '.length)),
      );
    }
    expect(doc.relocations[0]).toMatchObject({ section: 'kprobe/finish_task_switch', reloIndex: 0, kindName: 'field_exists' });
    expect(doc.relocations[0].source.file).toMatch(/task_state\.bpf\.c$/);
  });

  it('prints a table with one column per target and explains failures', async () => {
    const r = await run(['relocs', obj('task_state-el'), '--target', K510, '--target', K61]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^program +insn +kind +access +local +vmlinux-5\.10 +vmlinux-6\.1$/m);
    expect(r.stdout).toMatch(/^kprobe_finish_task_switch +4 +byte_off +task_struct->__state +0 +poisoned +24$/m);
    expect(r.stdout).toMatch(/vmlinux-5\.10: libbpf completes CO-RE relocation; 32 patched, 3 poisoned/);
    expect(r.stdout).toContain("  why: task_struct.__state was renamed to state in vmlinux-5.10. libbpf: field '__state' is missing from struct task_struct in vmlinux-5.10, so it poisons the instruction");
    expect(r.stdout).toContain('  likely successor: state — same name up to underscores');
  });

  it('names the change first in text and --json: net_device.priv_flags became a bitfield in 6.12', async () => {
    const files612 = { ...files, '/k/vmlinux-6.12.btf': () => readFixture('kernels/vmlinux-6.12.btf') };
    const text = await runCli(['relocs', obj('netdev-el'), '--target', '/k/vmlinux-6.12.btf'], files612);
    expect(text.stdout).toContain(
      '  why: net_device.priv_flags became a 32-bit bitfield in vmlinux-6.12 (unsigned int priv_flags in the object, long unsigned int priv_flags:32 in vmlinux-6.12). libbpf: a bitfield has no byte size, so it cannot resize this 4-byte load/store and poisons it; read it with BPF_CORE_READ_BITFIELD_PROBED()\n',
    );
    const doc = JSON.parse((await runCli(['relocs', obj('netdev-el'), '--target', '/k/vmlinux-6.12.btf', '--json'], files612)).stdout);
    const v = doc.relocations.find((x: { access: string }) => x.access === 'net_device->priv_flags');
    expect(v.results[0].explanation).toMatchObject({ code: 'memsz', change: { kind: 'became-bitfield' } });
  });

  it('reports where libbpf stops', async () => {
    const r = await run(['relocs', obj('ambiguity-el'), '--target', `${FIXTURES}/targets/amb_offset.o`]);
    expect(r.stdout).toMatch(/amb_offset: libbpf fails the load at relo #0 of 'raw_tp\/btfscope_amb_1_offset' .*error -22; 0 patched, 0 poisoned, 1 error, 9 not reached/);
  });

  it('opens a module target over --base', async () => {
    const r = await run(['relocs', obj('execsnoop-el'), '--target', '/k/ext4.ko', '--base', K61, '--format', 'libbpf']);
    expect(r.code).toBe(0);
    // Kernel types are found in the base, as on a running kernel.
    expect(r.stdout).toContain('found target candidate [192] struct task_struct in [vmlinux]');
  });

  it('exits 2 on usage errors and 1 on unreadable input', async () => {
    expect((await run(['relocs', obj('execsnoop-el')])).code).toBe(2);
    expect((await run(['relocs', obj('execsnoop-el'), '--target', K61, '--target', K510, '--format', 'libbpf'])).code).toBe(2);
    expect((await run(['relocs', obj('execsnoop-el'), '--target', K61, '--format', 'yaml'])).code).toBe(2);
    const bad = await run(['relocs', `${FIXTURES}/README.md`, '--target', K61]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error/);
    expect((await run(['relocs', obj('execsnoop-el'), '--target', '/nonexistent.btf'])).code).toBe(1);
  });

  it('labels targets by file name', () => {
    expect(targetLabel('fixtures/kernels/vmlinux-6.18.btf.xz')).toBe('vmlinux-6.18');
    expect(targetLabel('/lib/modules/ext4.ko')).toBe('ext4');
    expect(targetLabel('/sys/kernel/btf/vmlinux')).toBe('vmlinux');
  });
});
