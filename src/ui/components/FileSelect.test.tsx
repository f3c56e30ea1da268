import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileId, FileSummary } from '../../worker/protocol';
import { useAppStore } from '../store/app-store';
import type { FileMeta } from '../store/files-slice';
import { FileSelect } from './FileSelect';

function file(id: string, label: string, role: FileSummary['role'], arch: FileSummary['arch']): FileMeta {
  const summary = { fileId: id as FileId, role, sha256: id.repeat(64).slice(0, 64), arch } as FileSummary;
  return { id: id as FileId, name: `${label}.btf`, label, status: 'ready', summary, byteSize: 1 };
}

const files = [
  file('a', '6.12', 'kernel', { arch: 's390x', source: 'pt_regs', byteOrder: 'big-endian', pointerBits: 64 }),
  file('b', '6.12', 'kernel', { arch: 'x86-64', source: 'pt_regs', byteOrder: 'little-endian', pointerBits: 64 }),
  file('c', 'cut', 'kernel', { byteOrder: 'little-endian', pointerBits: 64 }),
  file('d', 'prog', 'object', { arch: 'bpf', source: 'elf-machine', byteOrder: 'little-endian', pointerBits: 64 }),
];

describe('FileSelect', () => {
  afterEach(() => {
    cleanup();
    useAppStore.setState({ files: [] });
  });

  it('with withArch, tells kernels of one release apart by architecture and byte order, as the badges do', () => {
    useAppStore.setState({ files });
    render(<FileSelect label="A" value={undefined} onChange={() => {}} testId="sel" withArch />);
    const texts = [...screen.getByTestId('sel').querySelectorAll('option')].map((o) => o.textContent);
    expect(texts).toEqual(['choose…', '6.12 · s390x BE', '6.12 · x86-64 LE', 'cut · 64-bit LE, arch unknown', 'prog']);
  });

  it('without it, shows the labels alone', () => {
    useAppStore.setState({ files });
    render(<FileSelect label="A" value={undefined} onChange={() => {}} testId="sel" />);
    const texts = [...screen.getByTestId('sel').querySelectorAll('option')].map((o) => o.textContent);
    expect(texts).toEqual(['choose…', '6.12', '6.12', 'cut', 'prog']);
  });
});
