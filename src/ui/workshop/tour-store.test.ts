import { beforeEach, describe, expect, it, vi } from 'vitest';

// The store reads its layout when the module loads: import it fresh per case.
async function freshStore() {
  vi.resetModules();
  return (await import('./tour-store')).useTourStore;
}

describe('tour card layout', () => {
  beforeEach(() => window.localStorage.clear());

  it('defaults to docked right, expanded; a choice survives a reload', async () => {
    let store = await freshStore();
    expect([store.getState().dock, store.getState().collapsed]).toEqual(['right', false]);
    store.getState().setDock('left');
    store.getState().setCollapsed(true);
    store = await freshStore();
    expect([store.getState().dock, store.getState().collapsed]).toEqual(['left', true]);
  });

  it('a bad stored value falls back to the default', async () => {
    window.localStorage.setItem('btfscope.tour.layout', '{not json');
    let store = await freshStore();
    expect(store.getState().dock).toBe('right');
    window.localStorage.setItem('btfscope.tour.layout', '{"dock":"top","collapsed":"yes"}');
    store = await freshStore();
    expect([store.getState().dock, store.getState().collapsed]).toEqual(['right', false]);
  });
});
