/**
 * Fills in what a view needs when the URL does not say (first visit, or a file was just
 * dropped): the first kernel for Types, the first two kernels for Diff, the first object and
 * every kernel for Relocations. Replaces the history entry; an explicit choice is kept.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import type { UrlState } from '../url/url-state';
import { defaultsFor } from './nav';

const NEEDS: Partial<Record<UrlState['route'], (v: UrlState) => boolean>> = {
  types: (v) => !v.file,
  type: (v) => !v.file,
  diff: (v) => !v.a || !v.b,
  relocs: (v) => !v.obj || !v.targets.length,
  source: (v) => !v.obj || !v.targets.length,
};

export function useViewDefaults(): void {
  const view = useAppStore((s) => s.view);
  const readyCount = useAppStore((s) => s.files.filter((f) => f.status === 'ready').length);
  useEffect(() => {
    const needs = NEEDS[view.route];
    if (!needs?.(view)) return;
    const { files, refine } = useAppStore.getState();
    const d = defaultsFor(view.route, view, files);
    const patch: Partial<UrlState> = {};
    for (const [k, v] of Object.entries(d) as [keyof UrlState, unknown][]) {
      const cur = view[k];
      const empty = cur === undefined || (Array.isArray(cur) && cur.length === 0);
      if (k !== 'route' && empty && v !== undefined && !(Array.isArray(v) && v.length === 0)) (patch as Record<string, unknown>)[k] = v;
    }
    if (Object.keys(patch).length) refine(patch);
  }, [view, readyCount]);
}
