import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, URL_VERSION, type UrlState, decodeUrlState, encodeUrlState, refsOf } from './url-state';

const state = (patch: Partial<UrlState>): UrlState => ({ ...DEFAULT_URL_STATE, targets: [], kinds: [], ...patch });

describe('url-state', () => {
  it('round-trips every view', () => {
    const views: UrlState[] = [
      state({ route: 'types', file: 'sample:6.18', q: 'task', fuzzy: true, kinds: ['struct', 'union'], sort: { column: 'size', desc: true } }),
      state({ route: 'type', file: 'sha256:0123456789abcdef~vmlinux-6.8.btf', type: 'struct:task_struct' }),
      state({ route: 'type', file: 'sample:5.10', type: '#42' }),
      state({ route: 'diff', a: 'sample:5.10', b: 'sample:6.1', type: 'struct:task_struct', dsort: 'moved' }),
      state({ route: 'diff', a: 'sample:6.1', b: 'sample:6.12', type: 'struct:task_struct', changedOnly: true }),
      state({ route: 'relocs', obj: 'sample:task_state', targets: ['sample:5.10', 'sample:6.18'], relo: 3 }),
      state({ route: 'relocs', obj: 'sample:task_state', targets: ['sample:5.10', 'sample:6.18'], relo: 3, reloKernel: 'sample:6.18' }),
      state({ route: 'source', obj: 'sample:task_state', targets: ['sample:6.1'], share: 'AbC-_1' }),
    ];
    for (const v of views) {
      const d = decodeUrlState(encodeUrlState(v));
      expect(d.warnings).toEqual([]);
      expect(d.state).toEqual(v);
    }
  });

  it('keeps links readable', () => {
    const s = state({ route: 'diff', a: 'sample:5.10', b: 'sample:6.1', type: 'struct:task_struct' });
    expect(encodeUrlState(s)).toBe('#/diff?v=1&a=sample:5.10&b=sample:6.1&t=struct:task_struct');
  });

  // Released link versions, pinned: these literal links must keep opening the same view.
  it('decodes pinned version 1 links', () => {
    expect(URL_VERSION).toBe(1);
    const d = decodeUrlState('#/types?v=1&f=sample:6.18&q=sk_buff&fz=1&kinds=struct,union&s=name.asc');
    expect(d.warnings).toEqual([]);
    expect(d.state).toMatchObject({ route: 'types', file: 'sample:6.18', q: 'sk_buff', fuzzy: true, kinds: ['struct', 'union'], sort: { column: 'name', desc: false } });
    const r = decodeUrlState('#/relocs?v=1&obj=sha256:00112233445566aa~prog.bpf.o&k=sample:5.10&k=sample:6.18&r=7');
    expect(r.state).toMatchObject({ route: 'relocs', obj: 'sha256:00112233445566aa~prog.bpf.o', targets: ['sample:5.10', 'sample:6.18'], relo: 7 });
    expect(refsOf(r.state)).toEqual(['sha256:00112233445566aa~prog.bpf.o', 'sample:5.10', 'sample:6.18']);
  });

  it('keeps "changed members only" in diff links, additively (older links read as off)', () => {
    const s = state({ route: 'diff', a: 'sample:6.1', b: 'sample:6.12', type: 'struct:task_struct', changedOnly: true });
    expect(encodeUrlState(s)).toBe('#/diff?v=1&a=sample:6.1&b=sample:6.12&t=struct:task_struct&mc=1');
    expect(decodeUrlState('#/diff?v=1&a=sample:6.1&b=sample:6.12&t=struct:task_struct').state.changedOnly).toBe(false);
  });

  it('keeps the kernel of an expanded relocation, additively', () => {
    const s = state({ route: 'relocs', obj: 'sample:netdev', targets: ['sample:6.1', 'sample:6.18'], relo: 4, reloKernel: 'sample:6.18' });
    expect(encodeUrlState(s)).toBe('#/relocs?v=1&obj=sample:netdev&k=sample:6.1&k=sample:6.18&r=4&rk=sample:6.18');
    // Pinned: a link from before rk= opens the same relocation, on the default kernel.
    const old = decodeUrlState('#/relocs?v=1&obj=sample:netdev&k=sample:6.1&k=sample:6.18&r=4');
    expect(old.warnings).toEqual([]);
    expect(old.state).toMatchObject({ relo: 4, reloKernel: undefined });
    expect(decodeUrlState('#/relocs?v=1&obj=sample:netdev&r=4&rk=http://x').warnings).toEqual(["ignored file reference rk='http://x'"]);
    // Without an expanded relocation the kernel means nothing and is not written.
    expect(encodeUrlState({ ...s, relo: undefined })).not.toContain('rk=');
  });

  it('drops invalid fields with a warning and keeps the rest', () => {
    const d = decodeUrlState('#/types?v=1&f=http://evil/x&q=ok&kinds=struct,bogus&s=size.sideways&r=abc');
    expect(d.state).toMatchObject({ route: 'types', file: undefined, q: 'ok', kinds: ['struct'], sort: { column: 'id', desc: false } });
    expect(d.warnings).toHaveLength(4);
  });

  it('says when a link is newer than the page', () => {
    const d = decodeUrlState('#/types?v=99&f=sample:6.1');
    expect(d.newerVersion).toBe(99);
    expect(d.warnings[0]).toMatch(/newer btfscope.*reload/);
    expect(d.state.file).toBe('sample:6.1');
  });

  it('treats an empty or unknown fragment as the start page', () => {
    expect(decodeUrlState('').state.route).toBe('home');
    const d = decodeUrlState('#/nowhere?v=1');
    expect(d.state.route).toBe('home');
    expect(d.warnings).toHaveLength(1);
  });
});
