/**
 * The views, as tabs. A tab is enabled once the files it needs are loaded; a disabled tab says
 * what to load (its description, read by screen readers and shown as a tooltip). Below the
 * small-screen breakpoint the tabs sit behind a "Menu" disclosure button (styles.css).
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { goTo } from '../data/nav';
import { useAppStore } from '../store/app-store';
import { readyFiles } from '../store/selectors';
import type { Route } from '../url/url-state';

interface Tab {
  route: Route;
  label: string;
  /** Why the tab is disabled with these loaded files, or undefined when it is enabled. */
  missing: (kernels: number, objects: number, hasType: boolean) => string | undefined;
}

const TABS: Tab[] = [
  { route: 'types', label: 'Types', missing: (k, o) => (k + o > 0 ? undefined : 'load a kernel (or any BTF file) first') },
  {
    route: 'type',
    label: 'Type',
    missing: (k, _o, t) => (k === 0 ? 'load a kernel first, then choose a type' : t ? undefined : 'choose a type in the Types view first'),
  },
  { route: 'diff', label: 'Diff', missing: (k) => (k > 1 ? undefined : k === 1 ? 'load a second kernel to compare with' : 'load two kernels first') },
  {
    route: 'relocs',
    label: 'Relocations',
    missing: (k, o) =>
      k > 0 && o > 0 ? undefined : o === 0 && k === 0 ? 'load a BPF object (.bpf.o) and a kernel first' : o === 0 ? 'load a BPF object (.bpf.o) first' : 'load a kernel first',
  },
  { route: 'source', label: 'Source', missing: (_k, o) => (o > 0 ? undefined : 'load a BPF object (.bpf.o) first') },
  { route: 'playground', label: 'Playground', missing: () => undefined },
];

export function NavTabs() {
  const route = useAppStore((s) => s.view.route);
  const hasType = useAppStore((s) => !!s.view.type);
  const [kernels, objects] = useAppStore(
    useShallow((s) => [readyFiles(s.files).filter((f) => f.summary?.role !== 'object').length, readyFiles(s.files, 'object').length]),
  );
  const [menuOpen, setMenuOpen] = useState(false);
  // Choosing a view (or any navigation) closes the small-screen menu.
  useEffect(() => setMenuOpen(false), [route]);
  const current = TABS.find((t) => t.route === route);
  return (
    <nav className={menuOpen ? 'tabs-nav menu-open' : 'tabs-nav'} aria-label="Views">
      <button
        type="button"
        className="btn menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="view-tabs"
        data-testid="menu-toggle"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <span aria-hidden="true">☰</span> Menu{current ? <span className="menu-current">: {current.label}</span> : null}
      </button>
      <ul className="tabs" id="view-tabs">
        {TABS.map((t) => {
          const why = t.missing(kernels, objects, hasType);
          const whyId = `tab-why-${t.route}`;
          return (
            <li key={t.route}>
              <button
                type="button"
                className={route === t.route ? 'tab active' : 'tab'}
                aria-current={route === t.route ? 'page' : undefined}
                // aria-disabled, not disabled: the tab stays focusable, so keyboard and screen
                // reader users reach it and hear why it is off.
                aria-disabled={why !== undefined ? true : undefined}
                title={why ? `${t.label}: ${why}` : undefined}
                aria-describedby={why ? whyId : undefined}
                data-testid={`tab-${t.route}`}
                onClick={() => why === undefined && goTo(t.route)}
              >
                {t.label}
              </button>
              {why && (
                <span id={whyId} className="sr-only">
                  {why}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
