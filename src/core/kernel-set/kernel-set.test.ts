import { describe, expect, it } from 'vitest';
import type { TargetReloResult, TargetSummary } from '../core-relo/report';
import { collapseIdentical } from './collapse';
import { groupResults, groupTitle } from './groups';
import { kernelFields, memberLabel, stripPackingExtensions } from './member-label';
import { compareByFields, compareLabels, compareNatural } from './release-order';
import { reloResultKey } from './relocs-key';

describe('member labels', () => {
  it('is the path relative to the folder, without packing extensions', () => {
    expect(memberLabel('ubuntu/20.04/x86_64/5.4.0-1011-aws.btf.tar.xz')).toBe('ubuntu/20.04/x86_64/5.4.0-1011-aws');
    expect(memberLabel('./a//b\\vmlinux-6.1.btf.xz')).toBe('a/b/vmlinux-6.1');
    expect(memberLabel('vmlinuz-6.1.0-13-amd64')).toBe('vmlinuz-6.1.0-13-amd64');
    expect(memberLabel('vmlinux')).toBe('vmlinux');
    expect(stripPackingExtensions('x.tar.gz')).toBe('x');
    expect(stripPackingExtensions('k.btf.zst')).toBe('k');
    expect(stripPackingExtensions('ext4.ko.xz')).toBe('ext4');
    // Only extensions go: a release's own dots stay.
    expect(stripPackingExtensions('5.10.0-26-cloud-amd64.btf')).toBe('5.10.0-26-cloud-amd64');
    expect(stripPackingExtensions('.btf')).toBe('.btf');
  });

  it('recognises BTFHub layout fields, never guessing absent ones', () => {
    expect(kernelFields('ubuntu/20.04/x86_64/5.4.0-1011-aws')).toEqual({ distro: 'ubuntu', release: '20.04', arch: 'x86_64', kernel: '5.4.0-1011-aws' });
    expect(kernelFields('btfhub-archive/centos/8/arm64/4.18.0-80.el8.aarch64')).toEqual({ distro: 'centos', release: '8', arch: 'arm64', kernel: '4.18.0-80.el8.aarch64' });
    expect(kernelFields('20.04/x86_64/5.4.0-1011-aws')).toEqual({ release: '20.04', arch: 'x86_64', kernel: '5.4.0-1011-aws' });
    expect(kernelFields('kernels/vmlinux-6.1')).toEqual({ kernel: 'vmlinux-6.1' });
    expect(kernelFields('vmlinux-6.1')).toEqual({ kernel: 'vmlinux-6.1' });
  });
});

describe('natural release order', () => {
  it('compares digit runs as numbers', () => {
    const sorted = ['5.10.0-1', '5.4.0-1100-aws', '5.4.0-1011-aws', '4.19.0', '5.4.0-99-generic', '10.0'].sort(compareNatural);
    expect(sorted).toEqual(['4.19.0', '5.4.0-99-generic', '5.4.0-1011-aws', '5.4.0-1100-aws', '5.10.0-1', '10.0']);
    expect(compareNatural('5.4.0-1011', '5.4.0-1100')).toBeLessThan(0);
    expect(compareNatural('5.4.0-1100', '5.10')).toBeLessThan(0);
    expect(compareNatural('18446744073709551617', '18446744073709551616')).toBeGreaterThan(0);
    expect(compareNatural('a', 'a')).toBe(0);
    expect(compareNatural('007', '7')).not.toBe(0);
  });

  it('sorts labels segment by segment, or by chosen fields', () => {
    const labels = ['ubuntu/20.04/x86_64/5.4.0-1100-aws', 'ubuntu/18.04/x86_64/5.4.0-1011-aws', 'centos/8/arm64/4.18.0-80', 'ubuntu/20.04/arm64/5.4.0-1011-aws', 'ubuntu/20.04/x86_64/5.4.0-1011-aws'];
    expect([...labels].sort(compareLabels)).toEqual([
      'centos/8/arm64/4.18.0-80',
      'ubuntu/18.04/x86_64/5.4.0-1011-aws',
      'ubuntu/20.04/arm64/5.4.0-1011-aws',
      'ubuntu/20.04/x86_64/5.4.0-1011-aws',
      'ubuntu/20.04/x86_64/5.4.0-1100-aws',
    ]);
    expect([...labels].sort((a, b) => compareByFields(a, b, ['arch', 'kernel']))).toEqual([
      'centos/8/arm64/4.18.0-80',
      'ubuntu/20.04/arm64/5.4.0-1011-aws',
      'ubuntu/18.04/x86_64/5.4.0-1011-aws',
      'ubuntu/20.04/x86_64/5.4.0-1011-aws',
      'ubuntu/20.04/x86_64/5.4.0-1100-aws',
    ]);
    // A label without the field sorts after those with it.
    expect(['vmlinux-6.1', 'debian/12/amd64/6.1.0'].sort((a, b) => compareByFields(a, b, ['distro']))).toEqual(['debian/12/amd64/6.1.0', 'vmlinux-6.1']);
  });
});

describe('identical kernels', () => {
  it('collapse into one member listing every label, in natural order', () => {
    const m = collapseIdentical([
      { label: 'u/20.04/x86_64/5.4.0-1100', hash: 'b' },
      { label: 'u/20.04/x86_64/5.4.0-1011', hash: 'a' },
      { label: 'u/18.04/x86_64/5.4.0-1011', hash: 'a' },
      { label: 'c/8/x86_64/4.18', hash: 'c' },
    ]);
    expect(m).toEqual([
      { label: 'c/8/x86_64/4.18', labels: ['c/8/x86_64/4.18'], hash: 'c' },
      { label: 'u/18.04/x86_64/5.4.0-1011', labels: ['u/18.04/x86_64/5.4.0-1011', 'u/20.04/x86_64/5.4.0-1011'], hash: 'a' },
      { label: 'u/20.04/x86_64/5.4.0-1100', labels: ['u/20.04/x86_64/5.4.0-1100'], hash: 'b' },
    ]);
  });
});

describe('result groups', () => {
  it('groups items by key with every label and a readable title', () => {
    const items = [
      { labels: ['ubuntu/20.04/x86_64/5.4.0-1100-aws'], v: 'loads' },
      { labels: ['ubuntu/20.04/x86_64/5.4.0-1011-aws', 'ubuntu/20.04/x86_64/5.4.0-1012-aws'], v: 'loads' },
      { labels: ['ubuntu/20.04/x86_64/5.15.0-1-aws'], v: 'fails' },
    ];
    const g = groupResults(items, (i) => i.v, (i) => i.labels);
    expect(g.map((x) => [x.key, x.labels.length, x.representativeLabel, x.title])).toEqual([
      ['loads', 3, 'ubuntu/20.04/x86_64/5.4.0-1011-aws', '3 kernels: ubuntu 20.04 x86_64 5.4.0-…'],
      ['fails', 1, 'ubuntu/20.04/x86_64/5.15.0-1-aws', '1 kernel: ubuntu 20.04 x86_64 5.15.0-1-aws'],
    ]);
    expect(g[0]!.representative).toBe(items[1]);
  });

  it('titles summarise each field', () => {
    expect(groupTitle(['centos/8/x86_64/4.18.0-1', 'fedora/34/x86_64/5.11.12', 'ubuntu/20.04/arm64/5.4.0-1'])).toBe('3 kernels: centos/fedora/ubuntu 8/20.04/34 arm64/x86_64 4.18.0-1 … 5.11.12');
    const many = ['a', 'b', 'c', 'd'].map((d, i) => `${d}/1/x86_64/5.${i}.0`);
    expect(groupTitle(many)).toBe('4 kernels: a … d (4 distros) 1 x86_64 5.…');
    expect(groupTitle(['vmlinux-5.10', 'vmlinux-6.1'])).toBe('2 kernels: vmlinux-…');
    expect(groupTitle(['vmlinux-6.1'])).toBe('1 kernel: vmlinux-6.1');
    expect(groupTitle([])).toBe('0 kernels');
  });
});

describe('reloResultKey', () => {
  const summary = (label: string, kind: 'loads' | 'fails'): TargetSummary => ({
    label,
    ok: true,
    failedAt: null,
    libbpfLog: [`libbpf: [${label.length}] found`],
    counts: { patched: 1, poisoned: 0, error: 0, unreached: 0, skipped: 0 },
    verdict: { kind, text: kind, programs: [{ program: 'p', kind, text: kind, reached: null, poisoned: [] }] },
  });
  const result = (target: string, after: string): TargetReloResult => ({
    target,
    result: 'patched',
    targetSpec: `[${target.length}] struct s.f (0:1 @ offset ${after})`,
    candidates: [],
    before: '8',
    after,
    patches: [],
    poisoned: [],
    insnsBefore: [],
    insnsAfter: [],
    messages: [`found in ${target}`],
  });
  it('ignores what only names the kernel, not what libbpf writes or decides', () => {
    const a = reloResultKey({ summary: summary('k1', 'loads'), results: [result('k1', '16')] });
    expect(reloResultKey({ summary: summary('kernel-two', 'loads'), results: [result('kernel-two', '16')] })).toBe(a);
    expect(reloResultKey({ summary: summary('k1', 'loads'), results: [result('k1', '24')] })).not.toBe(a);
    expect(reloResultKey({ summary: summary('k1', 'fails'), results: [result('k1', '16')] })).not.toBe(a);
  });
});
