import { lazy, Suspense } from 'react';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from './ViewBoundary';
import { isChunkLoadError, usePwaStore } from './pwa-store';

const gone = new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/tools/btfscope/assets/DiffView-abc123.js');

function Broken(): never {
  throw new Error('bad row');
}

describe('ViewBoundary', () => {
  // React reports every caught render error on the console.
  beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('replaces only the view whose chunk failed to load, with Reload', async () => {
    const Lazy = lazy(() => Promise.reject(gone));
    const { rerender } = render(
      <>
        <p>files stay</p>
        <ViewBoundary resetKey="diff">
          <Suspense fallback="loading">
            <Lazy />
          </Suspense>
        </ViewBoundary>
      </>,
    );
    expect((await screen.findByTestId('view-error')).textContent).toContain('could not be loaded');
    expect(screen.getByTestId('view-error-reload')).not.toBeNull();
    expect(screen.queryByText('Try again')).toBeNull();
    expect(screen.getByText('files stay')).not.toBeNull();
    expect(usePwaStore.getState().chunkFailed).toBe(true);
    // Another route gets a fresh try.
    rerender(
      <>
        <p>files stay</p>
        <ViewBoundary resetKey="types">
          <p>types view</p>
        </ViewBoundary>
      </>,
    );
    expect(screen.getByText('types view')).not.toBeNull();
    expect(screen.queryByTestId('view-error')).toBeNull();
  });

  it('shows any other error as text, with Try again', () => {
    render(
      <ViewBoundary resetKey="type">
        <Broken />
      </ViewBoundary>,
    );
    expect(screen.getByTestId('view-error').textContent).toContain('This view failed: bad row');
    expect(screen.getByText('Try again')).not.toBeNull();
  });

  it('tells chunk failures from other errors, in the browsers’ words', () => {
    expect(isChunkLoadError(gone)).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module: x.js'))).toBe(true);
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/x.css'))).toBe(true);
    expect(isChunkLoadError(new Error('bad row'))).toBe(false);
  });
});
