import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { loadObject, loadTarget } from '../../test-utils/libbpf-goldens';
import { openBtf } from '../open-btf';
import { relocateObject } from './relocate-object';
import { targetVerdict } from './verdict';

function arm64() {
  const r = openBtf(readFixture('kernels-min/vmlinux-6.1-arm64.min.btf'));
  return { label: 'vmlinux-6.1-arm64', btf: r.value!.btf };
}

const verdictOf = (stem: string, t: { label: string; btf: ReturnType<typeof loadTarget> }) => relocateObject(loadObject(stem), [t]).targets[0]!.verdict;

describe('load verdicts', () => {
  it("netdev's kprobe reads pt_regs->di at insn 1: poisoned on arm64 and reached on every path", () => {
    const v = verdictOf('netdev-el', arm64());
    expect(v.kind).toBe('fails');
    const p = v.programs.find((x) => x.program === 'kprobe_tcp_v4_connect')!;
    expect(p).toMatchObject({ kind: 'fails', reached: { program: 'kprobe_tcp_v4_connect', insn: 1, path: [] } });
    expect(p.text).toBe('fails: poisoned instruction 1 is reached on every path');
    expect(p.poisoned).toContainEqual({ program: 'kprobe_tcp_v4_connect', insn: 1, reached: 'yes' });
    expect(v.text).toMatch(/^fails: kprobe_tcp_v4_connect \(poisoned instruction 1 is reached/);
  });

  it('an enum-value guard keeps poisoned enum reads unreached (5.10 has no skb_drop_reason)', () => {
    const v = verdictOf('netdev-el', { label: '5.10', btf: loadTarget('vmlinux-5.10') });
    const p = v.programs.find((x) => x.program === 'tp_btf_kfree_skb')!;
    expect(p.kind).toBe('guarded');
    expect(p.poisoned.length).toBeGreaterThan(0);
    expect(p.poisoned.every((x) => x.reached === 'no')).toBe(true);
    expect(p.text).toMatch(/^loads \(poisoned but guarded: instructions [\d, ]+ never reached\)$/);
    expect(v.kind).toBe('guarded');
  });

  it('poison reached inside a subprogram names the subprogram; the path shows the call', () => {
    const v = verdictOf('verdicts-el', { label: '6.1', btf: loadTarget('vmlinux-6.1') });
    const p = v.programs.find((x) => x.program === 'verdict_subprog_unguarded')!;
    expect(p.kind).toBe('fails');
    expect(p.reached).toMatchObject({ program: 'read_missing', insn: 1 });
    expect(p.reached!.path.map((s) => s.how)).toEqual(['call']);
    expect(p.text).toBe('fails: poisoned instruction 1 of subprogram read_missing is reached on every path');
    // The caller's field_exists constant guards the callee's poisoned read of `state`.
    expect(v.programs.find((x) => x.program === 'verdict_subprog_guarded')!.kind).toBe('guarded');
    // A guard on another field does not guard: its branch is decided the wrong way.
    const wrong = v.programs.find((x) => x.program === 'verdict_wrong_guard')!;
    expect(wrong.kind).toBe('fails');
    expect(wrong.reached!.path).toEqual([expect.objectContaining({ how: 'fallthrough', decided: true })]);
  });

  it('programs with no poisoned instruction load', () => {
    const v = verdictOf('execsnoop-el', { label: '6.18', btf: loadTarget('vmlinux-6.18') });
    expect(v).toMatchObject({ kind: 'loads', text: 'loads' });
    expect(v.programs.every((p) => p.kind === 'loads' && p.poisoned.length === 0)).toBe(true);
  });

  it('byte order: a big-endian object on a little-endian kernel, and the reverse, do not open', () => {
    const be = verdictOf('netdev-eb', { label: '6.1', btf: loadTarget('vmlinux-6.1') });
    expect(be.kind).toBe('does-not-open');
    expect(be.text).toBe('does not open: a big-endian object on a little-endian kernel (libbpf: elf: endianness mismatch)');
    expect(be.programs.map((p) => p.kind)).toEqual(['does-not-open', 'does-not-open', 'does-not-open']);
    const beBtf = openBtf(readFixture('synthetic/every-kind-eb.btf')).value!.btf;
    const le = verdictOf('netdev-el', { label: 's390x', btf: beBtf });
    expect(le.text).toBe('does not open: a little-endian object on a big-endian kernel (libbpf: elf: endianness mismatch)');
  });

  it("libbpf's refusal to open and a hard relocation error come before any reachability", () => {
    const obj = loadObject('execsnoop-el');
    const t = { label: '6.1', btf: loadTarget('vmlinux-6.1') };
    const rep = relocateObject(obj, [t]);
    const refused = targetVerdict({ ...obj, libbpfRefuses: { libbpf: "failed to find BTF for extern 'LICENSE': -22" } }, t, rep.targets[0]!, rep.patchedInsns['6.1']!);
    expect(refused.text).toBe("does not open: libbpf refuses the object (failed to find BTF for extern 'LICENSE': -22)");
    const err = verdictOf('err_anon_type-el', t);
    expect(err).toMatchObject({ kind: 'fails', text: 'fails: libbpf stops CO-RE relocation (error -22); no program loads' });
  });
});
