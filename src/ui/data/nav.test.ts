import { describe, expect, it } from 'vitest';
import type { FileId, FileSummary } from '../../worker/protocol';
import type { FileMeta } from '../store/files-slice';
import { DEFAULT_URL_STATE, type UrlState } from '../url/url-state';
import { defaultsFor } from './nav';

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
