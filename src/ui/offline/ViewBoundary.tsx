/**
 * Catches what a view throws while rendering, above all a lazy view's chunk that failed to
 * load (the site was rebuilt under an open tab): a message with "Reload" replaces the view
 * alone, so the header, the loaded files and the other views stay. Moving to another route
 * clears it.
 */
import { Component, type ReactNode } from 'react';
import { SafeText } from '../text/SafeText';
import { isChunkLoadError, reloadApp, usePwaStore } from './pwa-store';

interface Props {
  /** The route: a new one gets a fresh try. */
  resetKey: string;
  children: ReactNode;
}

export class ViewBoundary extends Component<Props, { error?: unknown }> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    if (isChunkLoadError(error)) usePwaStore.setState({ chunkFailed: true, dismissed: true });
  }

  override componentDidUpdate(prev: Props) {
    if (prev.resetKey !== this.props.resetKey && this.state.error !== undefined) this.setState({ error: undefined });
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const chunk = isChunkLoadError(error);
    return (
      <div className="notice view-error" role="alert" data-testid="view-error">
        <p>
          {chunk
            ? 'This view could not be loaded: btfscope was probably updated on the server since this page was opened. Your files are still open; reload to get the new version.'
            : 'This view failed: '}
          {!chunk && <SafeText text={error instanceof Error ? error.message : String(error)} />}
        </p>
        <button type="button" className="btn btn-primary" onClick={reloadApp} data-testid="view-error-reload">
          Reload
        </button>
        {!chunk && (
          // A lazy view's failed import stays failed (React caches it): only a reload helps there.
          <button type="button" className="btn" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
        )}
      </div>
    );
  }
}
