import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandTarget, globRegex, isNotAKernel, isSetArgument, splitGlob, walkDirectory } from './targets';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'btfscope-walk-'));
  for (const f of ['ubuntu/20.04/x86_64/5.4.0-1100-aws.btf.tar.xz', 'ubuntu/20.04/x86_64/5.4.0-1011-aws.btf.tar.xz', 'ubuntu/20.04/arm64/5.10.0-1.btf.tar.xz', 'centos/8/x86_64/4.18.0-80.btf.tar.xz', '.git/config', 'ubuntu/.hidden.btf', 'README.md', 'ubuntu/SHA256SUMS', 'tools/fetch.sh']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  symlinkSync('..', join(dir, 'ubuntu/loop'));
  symlinkSync('nowhere', join(dir, 'centos/dangling.btf'));
  symlinkSync(join(dir, 'centos/8'), join(dir, 'linked-8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kernel-set targets', () => {
  it('walks a tree in natural order: links followed once, hidden and dangling entries skipped', async () => {
    expect(await walkDirectory(dir)).toEqual([
      'README.md',
      'centos/8/x86_64/4.18.0-80.btf.tar.xz',
      'tools/fetch.sh',
      'ubuntu/20.04/arm64/5.10.0-1.btf.tar.xz',
      'ubuntu/20.04/x86_64/5.4.0-1011-aws.btf.tar.xz',
      'ubuntu/20.04/x86_64/5.4.0-1100-aws.btf.tar.xz',
      'ubuntu/SHA256SUMS',
    ]);
    await expect(walkDirectory(join(dir, 'nope'))).rejects.toThrow();
  });

  it('leaves out documentation and checksums by name, and says so', async () => {
    const notes: string[][] = [];
    const all = await expandTarget(dir, () => 'unused', undefined, (_arg, names) => notes.push(names));
    expect(all.map((t) => t.label)).toEqual(['centos/8/x86_64/4.18.0-80', 'ubuntu/20.04/arm64/5.10.0-1', 'ubuntu/20.04/x86_64/5.4.0-1011-aws', 'ubuntu/20.04/x86_64/5.4.0-1100-aws']);
    expect(notes).toEqual([['README.md', 'tools/fetch.sh', 'ubuntu/SHA256SUMS']]);
    expect(isNotAKernel('x/5.4.0-1011-aws.btf.tar.xz')).toBe(false);
    expect(isNotAKernel('vmlinuz-6.1.0-13-s390x')).toBe(false);
    expect(isNotAKernel('debian/readme.txt')).toBe(true);
    expect(isNotAKernel('MD5SUMS')).toBe(true);
  });

  it('labels members relative to the directory or the glob base', async () => {
    // ubuntu/loop leads back up: what it reaches that the walk has not seen is walked once.
    expect((await expandTarget(join(dir, 'ubuntu'), () => 'unused')).map((t) => t.label)).toEqual(['20.04/arm64/5.10.0-1', '20.04/x86_64/5.4.0-1011-aws', '20.04/x86_64/5.4.0-1100-aws', 'loop/centos/8/x86_64/4.18.0-80']);
    expect((await expandTarget(`${dir}/*/20.04/x86_64/*.tar.xz`, () => 'unused')).map((t) => t.label)).toEqual(['ubuntu/20.04/x86_64/5.4.0-1011-aws', 'ubuntu/20.04/x86_64/5.4.0-1100-aws']);
    expect((await expandTarget(`${dir}/**/x86_64`, () => 'unused')).map((t) => t.label)).toEqual(['centos/8/x86_64/4.18.0-80', 'ubuntu/20.04/x86_64/5.4.0-1011-aws', 'ubuntu/20.04/x86_64/5.4.0-1100-aws']);
    const file = join(dir, 'centos/8/x86_64/4.18.0-80.btf.tar.xz');
    expect(await expandTarget(file, () => 'plain')).toEqual([{ path: file, label: 'plain', fromSet: false }]);
    await expect(expandTarget(`${dir}/*.none`, () => '')).rejects.toThrow(/no file matches/);
    expect(await isSetArgument(dir)).toBe(true);
    expect(await isSetArgument(file)).toBe(false);
    expect(await isSetArgument(`${dir}/*`)).toBe(true);
    expect(await isSetArgument('/no/such/file.btf')).toBe(false);
  });

  it('globs', () => {
    expect(splitGlob('a/b/*.btf')).toEqual({ base: 'a/b', pattern: '*.btf' });
    expect(splitGlob('/x/**/y?')).toEqual({ base: '/x', pattern: '**/y?' });
    expect(splitGlob('*.btf')).toEqual({ base: '.', pattern: '*.btf' });
    expect(splitGlob('a/b.btf')).toBeUndefined();
    const re = globRegex('**/x86_64/5.[0-4]*');
    expect(re.test('ubuntu/20.04/x86_64/5.4.0')).toBe(true);
    expect(re.test('x86_64/5.1')).toBe(true);
    expect(re.test('ubuntu/20.04/x86_64/5.10')).toBe(true);
    expect(re.test('ubuntu/20.04/x86_64/5.5')).toBe(false);
    expect(re.test('ubuntu/arm64/5.4')).toBe(false);
    expect(globRegex('*.btf').test('a/b.btf')).toBe(false);
    expect(globRegex('k[!0-9].btf').test('ka.btf')).toBe(true);
    expect(globRegex('k[!0-9].btf').test('k1.btf')).toBe(false);
    expect(globRegex('a+b(c).btf').test('a+b(c).btf')).toBe(true);
  });
});
