import { describe, expect, it } from 'vitest';
import { kernelBytes, readFixture } from '../../test-utils/fixtures';
import { decodeSharePayload, shareFragmentPayload } from '../../core/index';
import { runCli } from '../test-run';

const files: Record<string, Uint8Array> = {
  'vmlinux-5.10.btf': kernelBytes('5.10'),
  'vmlinux-6.18.btf': kernelBytes('6.18'),
  'task_state.bpf.o': readFixture('objects/task_state-el.bpf.o'),
};

const run = (argv: string[]) => runCli(argv, files, { disk: false });

function payloadOf(url: string) {
  const hash = url.slice(url.indexOf('#'));
  const r = decodeSharePayload(shareFragmentPayload(hash)!);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

describe('btfscope share', () => {
  it('prints a diff link', async () => {
    const r = await run(['share', 'vmlinux-5.10.btf', 'vmlinux-6.18.btf', '--type', 'task_struct']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^http:\/\/localhost:4173\/#\/diff\?v=1&a=sha256:[0-9a-f]{16}~vmlinux-5\.10&b=sha256:[0-9a-f]{16}~vmlinux-6\.18&t=struct:task_struct&share=[A-Za-z0-9_-]+\n$/);
    expect(r.stderr).toMatch(/share: diff of task_struct between vmlinux-5.10 and vmlinux-6.18: \d+ characters/);
    const p = payloadOf(r.stdout.trim());
    expect(p.view).toBe('diff');
    expect(p.state).toEqual({});
    expect(p.blobs.map((b) => b.label)).toEqual(['vmlinux-5.10', 'vmlinux-6.18']);
    expect(p.blobs[0]!.sha256).toMatch(/^[0-9a-f]{16}$/);
  });

  it('prints a relocation link with --base-url and --json', async () => {
    const r = await run(['share', 'task_state.bpf.o', '--target', 'vmlinux-5.10.btf', '--target', 'vmlinux-6.18.btf', '--base-url', 'https://example.org/btfscope/', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.url).toMatch(/^https:\/\/example\.org\/btfscope\/#\/relocs\?v=1&obj=sha256:[0-9a-f]{16}~task_state\.bpf\.o&k=sha256:[0-9a-f]{16}~vmlinux-5\.10\.min&k=sha256:[0-9a-f]{16}~vmlinux-6\.18\.min&share=/);
    expect(j.characters).toBeLessThan(8 * 1024);
    expect(j.files.map((f: { label: string }) => f.label)).toEqual(['task_state.bpf.o', 'vmlinux-5.10.min', 'vmlinux-6.18.min']);
    expect(payloadOf(j.url).view).toBe('relocs');
  });

  it('points links at BTFSCOPE_URL unless --base-url is given', async () => {
    const argv = ['share', 'vmlinux-5.10.btf', 'vmlinux-6.18.btf', '--type', 'task_struct'];
    const hosted = await runCli(argv, files, { disk: false, shareBaseUrl: 'https://example.org/tools/btfscope/' });
    expect(hosted.code).toBe(0);
    expect(hosted.stdout).toMatch(/^https:\/\/example\.org\/tools\/btfscope\/#\/diff\?v=1&/);
    const flag = await runCli([...argv, '--base-url', 'https://other.example/'], files, { disk: false, shareBaseUrl: 'https://example.org/tools/btfscope/' });
    expect(flag.stdout).toMatch(/^https:\/\/other\.example\/#\/diff\?/);
    const bad = await runCli(argv, files, { disk: false, shareBaseUrl: 'javascript:alert(1)' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('BTFSCOPE_URL must be an http(s) URL');
  });

  it('exits 1 for a missing type and 2 for bad usage', async () => {
    expect((await run(['share', 'vmlinux-5.10.btf', 'vmlinux-6.18.btf', '--type', 'no_such_struct_xyz'])).code).toBe(1);
    expect((await run(['share', 'vmlinux-5.10.btf', 'vmlinux-6.18.btf'])).code).toBe(2);
    expect((await run(['share', 'task_state.bpf.o'])).code).toBe(2);
    expect((await run(['share', 'a', 'b', '--type', 'x', '--base-url', 'javascript:alert(1)'])).code).toBe(2);
    expect((await run(['share', 'missing.btf', 'vmlinux-6.18.btf', '--type', 'x'])).code).toBe(1);
  });
});
