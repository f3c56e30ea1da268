import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeMembers } from '../../core/kernel-set/timeline';
import { loadKernelFixture, readFixture } from '../../test-utils/fixtures';
import { runCli } from '../test-run';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'btfscope-timeline-'));
  const put = (rel: string, b: Uint8Array) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), b);
  };
  put('debian/11/x86_64/5.10.0-26-amd64.btf', readFixture('kernels/vmlinux-5.10.btf'));
  put('debian/11/x86_64/5.10.0-27-amd64.btf', readFixture('kernels/vmlinux-5.10.btf'));
  put('debian/12/x86_64/6.1.0-13-amd64.btf', readFixture('kernels/vmlinux-6.1.btf'));
  put('debian/13/x86_64/6.12.0-1-amd64.btf', readFixture('kernels/vmlinux-6.12.btf'));
  put('debian/13/x86_64/6.12.0-9-cut.btf', readFixture('kernels/vmlinux-6.12.btf').subarray(0, 5000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  version: number;
  type: string;
  kernels: { label: string; sha256: string; labels: string[]; hasType: boolean }[];
  rows: { member: string; cells: ({ bitOffset: number; bitSize: number | null; bitfield: boolean; type: string } | null)[]; firstSeen: string; lastSeen: string; movedIn: string[] }[];
}

describe('btfscope timeline', () => {
  it('--json: one column per distinct kernel, each equal to that kernel alone', async () => {
    const r = await runCli(['timeline', 'task_struct', dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'debian/13/x86_64/6.12.0-9-cut.btf')}: error [truncated]`);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.version).toBe(1);
    expect(doc.type).toBe('struct task_struct');
    expect(doc.kernels.map((k) => k.labels)).toEqual([
      ['debian/11/x86_64/5.10.0-26-amd64', 'debian/11/x86_64/5.10.0-27-amd64'],
      ['debian/12/x86_64/6.1.0-13-amd64'],
      ['debian/13/x86_64/6.12.0-1-amd64'],
    ]);
    expect(doc.kernels.every((k) => /^[0-9a-f]{64}$/.test(k.sha256) && k.hasType)).toBe(true);
    (['5.10', '6.1', '6.12'] as const).forEach((v, i) => {
      const alone = typeMembers(loadKernelFixture(v), 'task_struct')!.members;
      const column = doc.rows.filter((row) => row.cells[i]).map((row) => ({ member: row.member, ...row.cells[i]! }));
      expect(column.sort((a, b) => a.member.localeCompare(b.member))).toEqual([...alone].sort((a, b) => a.member.localeCompare(b.member)));
    });
    const state = doc.rows.find((row) => row.member === 'state')!;
    expect(state).toMatchObject({ firstSeen: 'debian/11/x86_64/5.10.0-26-amd64', lastSeen: 'debian/11/x86_64/5.10.0-26-amd64' });
    expect(state.cells.slice(1)).toEqual([null, null]);
    expect(doc.rows.find((row) => row.member === '__state')).toMatchObject({ firstSeen: 'debian/12/x86_64/6.1.0-13-amd64', movedIn: [] });
    expect(doc.rows.find((row) => row.member === 'stack')!.movedIn).toEqual(['debian/12/x86_64/6.1.0-13-amd64']);
  });

  it('text: kernels with identical layouts grouped', async () => {
    const r = await runCli(['timeline', 'struct:list_head', join(dir, 'debian/1[12]')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('struct list_head over 3 kernels (2 distinct), 1 group of identical layouts\n#1 = 3 kernels: 11/12 x86_64 5.10.0-26-amd64 … 6.1.0-13-amd64\n');
    expect(r.stdout).toMatch(/^next +0\/8 +struct list_head \* +#1 +#1$/m);
    expect(r.stdout).toContain('#1: 11/x86_64/5.10.0-26-amd64, 11/x86_64/5.10.0-27-amd64, 12/x86_64/6.1.0-13-amd64\n');
  });

  it('a type no kernel has, and usage', async () => {
    const r = await runCli(['timeline', 'no_such_struct', join(dir, 'debian/12')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no struct or union matches 'no_such_struct' in any of the 1 kernels");
    expect((await runCli(['timeline', 'task_struct'])).code).toBe(2);
  });
});
