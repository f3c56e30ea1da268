import { describe, expect, it } from 'vitest';
import { fileFacts, releaseFromContents, releaseFromName, sha256Hex } from './file-facts';

describe('file facts', () => {
  it('guesses the kernel release from file names', () => {
    expect(releaseFromName('vmlinux-6.18.btf.xz')).toBe('6.18');
    expect(releaseFromName('5.4.0-42-generic.btf.tar.xz')).toBe('5.4.0-42-generic');
    expect(releaseFromName('tar:5.15.0-1019-aws.btf')).toBe('5.15.0-1019-aws');
    expect(releaseFromName('/boot/vmlinuz-6.1.0-50-amd64')).toBe('6.1.0-50-amd64');
    expect(releaseFromName('vmlinux')).toBeUndefined();
    expect(releaseFromName('task_state-el.bpf.o')).toBeUndefined();
  });

  it('reads the release from a bzImage setup header and an ELF banner', () => {
    const bz = new Uint8Array(0x1000);
    bz.set([0x48, 0x64, 0x72, 0x53], 0x202); // "HdrS"
    const version = '6.1.0-50-amd64 (debian-kernel@lists.debian.org) #1 SMP';
    bz[0x20e] = 0x00;
    bz[0x20f] = 0x02; // kernel_version = 0x200 + 0x200
    bz.set(new TextEncoder().encode(version), 0x400);
    expect(releaseFromContents(bz)).toBe('6.1.0-50-amd64');
    const elf = new TextEncoder().encode('\x7fELF....Linux version 5.10.0-32-amd64 (gcc) #1 SMP\0');
    expect(releaseFromContents(elf)).toBe('5.10.0-32-amd64');
    expect(releaseFromContents(new Uint8Array(64))).toBeUndefined();
  });

  it('hashes with WebCrypto and keeps head and tail bytes for reports', async () => {
    const bytes = new TextEncoder().encode('abc');
    const sha = await sha256Hex(bytes);
    expect(sha).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(fileFacts('x', bytes, sha)).toMatchObject({ byteSize: 3, headHex: '616263', tailHex: '616263' });
  });
});
