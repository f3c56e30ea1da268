import { beforeEach, describe, expect, it } from 'vitest';
import type { FileId, FileSummary } from '../../worker/protocol';
import type { FileMeta } from '../store/files-slice';
import { DEFAULT_URL_STATE, type UrlState } from '../url/url-state';
import { useAppStore } from '../store/app-store';
import { defaultsFor, diffAcross } from './nav';
import { compareReleases, inReleaseOrder, releaseParts } from './release-order';

const file = (sample: string, role: FileSummary['role']): FileMeta => ({
  id: `f-${sample}` as FileId,
  name: sample,
  label: sample,
  sample,
  status: 'ready',
  byteSize: 1,
  summary: { role, sha256: 'ab'.repeat(32) } as FileSummary,
});
const view = (over: Partial<UrlState>): UrlState => ({ ...DEFAULT_URL_STATE, ...over });

describe('defaultsFor types', () => {
  const obj = file('netdev', 'object');
  const k61 = file('6.1', 'kernel');

  it('opens on a kernel rather than an object when both are loaded', () => {
    expect(defaultsFor('types', view({ route: 'home' }), [obj, k61]).file).toBe('sample:6.1');
    // An object left in `file` by an earlier default gives way when coming from another view.
    expect(defaultsFor('types', view({ route: 'relocs', file: 'sample:netdev' }), [obj, k61]).file).toBe('sample:6.1');
  });

  it('keeps an object chosen within the Types view, and opens one when it is all there is', () => {
    expect(defaultsFor('types', view({ route: 'type', file: 'sample:netdev' }), [obj, k61]).file).toBe('sample:netdev');
    expect(defaultsFor('types', view({ route: 'relocs', file: 'sample:netdev' }), [obj]).file).toBe('sample:netdev');
    expect(defaultsFor('types', view({ route: 'home' }), [obj]).file).toBe('sample:netdev');
  });

  it('keeps a kernel wherever it comes from', () => {
    const k612 = file('6.12', 'kernel');
    expect(defaultsFor('types', view({ route: 'diff', file: 'sample:6.12' }), [obj, k61, k612]).file).toBe('sample:6.12');
  });
});

describe('release order', () => {
  it('orders kernels by release numbers, not as strings or as loaded', () => {
    expect(releaseParts('6.12.113-s390x.min')).toEqual([6, 12, 113]);
    expect(releaseParts('vmlinux')).toEqual([]);
    const files = ['6.12', '5.10', '6.1', '6.18', 'custom'].map((v) => file(v, 'kernel'));
    expect(inReleaseOrder(files).map((f) => f.label)).toEqual(['5.10', '6.1', '6.12', '6.18', 'custom']);
    const guessed = { ...file('x', 'kernel'), summary: { role: 'kernel', releaseGuess: '6.1.0-50-amd64' } as FileSummary };
    expect(compareReleases(guessed, file('6.12', 'kernel'))).toBeLessThan(0);
  });
});

describe('diff across kernels from a type page', () => {
  const ks = ['5.10', '6.1', '6.12', '6.18'].map((v) => file(v, 'kernel'));
  beforeEach(() => useAppStore.setState({ files: ks }));

  it('always has the kernel being viewed as one side', () => {
    // The Diff view last compared two other kernels: the viewed one replaces neither silently.
    useAppStore.setState({ view: view({ route: 'type', file: 'sample:6.18', a: 'sample:5.10', b: 'sample:6.1', type: 'struct:task_struct' }) });
    diffAcross('sample:6.18', 'struct:task_struct');
    const v = useAppStore.getState().view;
    expect(v.route).toBe('diff');
    expect([v.a, v.b]).toContain('sample:6.18');
    expect(v).toMatchObject({ a: 'sample:5.10', b: 'sample:6.18', type: 'struct:task_struct' });
  });

  it('without an earlier pair, compares with the kernel released just before (older as A)', () => {
    useAppStore.setState({ view: view({ route: 'type', file: 'sample:6.12' }) });
    diffAcross('sample:6.12', 'struct:sk_buff');
    expect(useAppStore.getState().view).toMatchObject({ route: 'diff', a: 'sample:6.1', b: 'sample:6.12' });
    useAppStore.setState({ view: view({ route: 'type', file: 'sample:5.10' }) });
    diffAcross('sample:5.10', 'struct:sk_buff');
    expect(useAppStore.getState().view).toMatchObject({ a: 'sample:5.10', b: 'sample:6.1' });
  });
});
