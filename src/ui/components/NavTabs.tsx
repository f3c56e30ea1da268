/** The views, as tabs. A tab is enabled once the files it needs are loaded. */
import { useShallow } from 'zustand/react/shallow';
import { goTo } from '../data/nav';
import { useAppStore } from '../store/app-store';
import { readyFiles } from '../store/selectors';
import type { Route } from '../url/url-state';

const TABS: { route: Route; label: string; needs: (k: number, o: number, hasType: boolean) => boolean }[] = [
  { route: 'types', label: 'Types', needs: (k, o) => k + o > 0 },
  { route: 'type', label: 'Type', needs: (k, _o, t) => k > 0 && t },
  { route: 'diff', label: 'Diff', needs: (k) => k > 1 },
  { route: 'relocs', label: 'Relocations', needs: (k, o) => k > 0 && o > 0 },
  { route: 'source', label: 'Source', needs: (_k, o) => o > 0 },
  { route: 'playground', label: 'Playground', needs: () => true },
];

export function NavTabs() {
  const route = useAppStore((s) => s.view.route);
  const hasType = useAppStore((s) => !!s.view.type);
  const [kernels, objects] = useAppStore(
    useShallow((s) => [readyFiles(s.files).filter((f) => f.summary?.role !== 'object').length, readyFiles(s.files, 'object').length]),
  );
  return (
    <nav className="tabs" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t.route}
          type="button"
          className={route === t.route ? 'tab active' : 'tab'}
          aria-current={route === t.route ? 'page' : undefined}
          disabled={!t.needs(kernels, objects, hasType)}
          onClick={() => goTo(t.route)}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}
