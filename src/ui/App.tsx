/**
 * App shell: header with the view tabs, loaded files, error panel, the current view. The root
 * element carries `data-state` ('idle' | 'loading' | 'error') so tests wait on the app's state
 * instead of on time (see e2e/helpers.ts `waitForAppState`), and `data-theme`.
 */
import { type MouseEvent, lazy, Suspense, useCallback, useEffect } from 'react';
import './responsive.css';
import { DropZone } from './components/DropZone';
import { ErrorPanel } from './components/ErrorPanel';
import { FileBar } from './components/FileBar';
import { Landing } from './components/Landing';
import { NavTabs } from './components/NavTabs';
import { MissingFiles, UrlWarnings } from './components/Notices';
import { TextSizeToggle, ThemeToggle } from './components/ThemeToggle';
import { openFiles } from './data/open-files';
import { useEnsureFiles } from './data/use-ensure-files';
import { useViewDefaults } from './data/use-view-defaults';
import { useAppStore } from './store/app-store';
import { selectAppState } from './store/selectors';
import { TypesView } from './views/TypesView';
import { ShareLoader } from './share/ShareLoader';
import { WorkshopTour } from './workshop/WorkshopTour';
import { UpdatePrompt } from './offline/UpdatePrompt';
import { ViewBoundary } from './offline/ViewBoundary';

export type { AppState } from './store/selectors';

const TypeView = lazy(() => import('./views/TypeView').then((m) => ({ default: m.TypeView })));
const DiffView = lazy(() => import('./views/DiffView').then((m) => ({ default: m.DiffView })));
const RelocationsView = lazy(() => import('./views/RelocationsView').then((m) => ({ default: m.RelocationsView })));
const PlaygroundView = lazy(() => import('./playground/PlaygroundView').then((m) => ({ default: m.PlaygroundView })));
const SourceView = lazy(() => import('./views/SourceView').then((m) => ({ default: m.SourceView })));

/** The fragment is the app's router: move focus to <main> instead of following the link. */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  document.getElementById('main-content')?.focus();
}

export function App() {
  const state = useAppStore(selectAppState);
  const theme = useAppStore((s) => s.theme);
  const largeText = useAppStore((s) => s.largeText);
  const route = useAppStore((s) => s.view.route);
  const missing = useEnsureFiles();
  useViewDefaults();
  const drop = useCallback((files: File[]) => void openFiles(files), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.classList.toggle('text-large', largeText);
  }, [theme, largeText]);
  return (
    <DropZone onFiles={drop}>
      <div id="app" className="app" data-state={state} data-theme={theme}>
        <a className="skip-link" href="#main-content" onClick={skipToMain}>
          Skip to main content
        </a>
        <header className="app-header">
          <h1>
            <a href="#/home" className="brand">
              btfscope
            </a>
          </h1>
          <NavTabs />
          <span className="spacer" />
          <TextSizeToggle />
          <ThemeToggle />
        </header>
        <UpdatePrompt />
        <FileBar />
        <ErrorPanel />
        <UrlWarnings />
        <ShareLoader />
        <MissingFiles refs={missing} />
        <main className="app-main" id="main-content" tabIndex={-1}>
          <ViewBoundary resetKey={route}>
            <Suspense fallback={<p className="empty">Loading view…</p>}>
              {route === 'home' && <Landing />}
              {route === 'types' && <TypesView />}
              {route === 'type' && <TypeView />}
              {route === 'diff' && <DiffView />}
              {route === 'relocs' && <RelocationsView />}
              {route === 'source' && <SourceView />}
              {route === 'playground' && <PlaygroundView />}
            </Suspense>
          </ViewBoundary>
        </main>
        <WorkshopTour />
      </div>
    </DropZone>
  );
}
