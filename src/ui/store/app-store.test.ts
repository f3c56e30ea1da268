import { beforeEach, describe, expect, it } from 'vitest';
import type { FileId, FileSummary } from '../../worker/protocol';
import { useAppStore } from './app-store';
import { type FileMeta, fileRefOf, refMatches } from './files-slice';
import { fileForRef, selectAppState } from './selectors';

const id = (s: string) => s as FileId;
const meta = (over: Partial<FileMeta>): FileMeta => ({ id: id('f1'), name: 'vmlinux-6.1.btf', label: 'vmlinux-6.1.btf', status: 'loading', byteSize: 10, ...over });
const summary = (over: Partial<FileSummary>) => ({ sha256: 'ab'.repeat(32), role: 'kernel', ...over }) as FileSummary;

describe('app store', () => {
  beforeEach(() => useAppStore.setState({ files: [], busy: 0 }));

  it('tracks files from loading to ready, and labels them', () => {
    const s = useAppStore.getState();
    s.addFile(meta({}));
    expect(selectAppState(useAppStore.getState())).toBe('loading');
    s.updateFile(id('f1'), { status: 'ready', summary: summary({}) });
    expect(selectAppState(useAppStore.getState())).toBe('idle');
    s.setLabel(id('f1'), '  6.1 ');
    expect(useAppStore.getState().files[0]!.label).toBe('6.1');
    s.setLabel(id('f1'), '');
    expect(useAppStore.getState().files[0]!.label).toBe('vmlinux-6.1.btf');
  });

  it('reports errors until dismissed', () => {
    const s = useAppStore.getState();
    s.addFile(meta({ status: 'error', error: { code: 'truncated', message: 'x', diagnostics: [] } }));
    expect(selectAppState(useAppStore.getState())).toBe('error');
    s.dismissError(id('f1'));
    expect(selectAppState(useAppStore.getState())).toBe('idle');
  });

  it('removes a kernel with the modules parsed on it', () => {
    const s = useAppStore.getState();
    s.addFile(meta({ status: 'ready', summary: summary({}) }));
    s.addFile(meta({ id: id('f2'), name: 'ext4.ko', status: 'ready', summary: summary({ role: 'module', baseFileId: id('f1') }) }));
    s.removeFile(id('f1'));
    expect(useAppStore.getState().files).toEqual([]);
  });

  it('names files by sample or sha256, never by session id', () => {
    const sample = meta({ sample: '6.18', status: 'ready', summary: summary({}) });
    expect(fileRefOf(sample)).toBe('sample:6.18');
    const dropped = meta({ name: 'my vmlinux (1).btf', status: 'ready', summary: summary({ sha256: '0123456789abcdef'.repeat(4) }) });
    const ref = fileRefOf(dropped)!;
    expect(ref).toBe('sha256:0123456789abcdef~my_vmlinux_1_.btf');
    expect(refMatches(ref, dropped)).toBe(true);
    expect(fileForRef([sample, dropped], ref)).toBe(dropped);
    expect(fileForRef([meta({ sample: '6.18' })], 'sample:6.18')).toBeUndefined(); // still loading
  });

  it('navigates with pushState semantics and refines with replaceState semantics', () => {
    const s = useAppStore.getState();
    s.navigate({ route: 'types', file: 'sample:6.1' });
    expect(useAppStore.getState().navMode).toBe('push');
    s.refine({ q: 'sk_' });
    expect(useAppStore.getState()).toMatchObject({ navMode: 'replace', view: { route: 'types', file: 'sample:6.1', q: 'sk_' } });
  });
});
