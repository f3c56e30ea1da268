/**
 * Workshop tour state: which step is on screen (or none), and presenter mode (large type).
 * The step comes from the fragment's `tour=<step id>` — each step has its own link — and a
 * step change navigates to that step's link, so back/forward and reloads keep working. The
 * app's own URL sync may rewrite the fragment without `tour=` as the user clicks around;
 * the tour stays open until it is closed.
 */
import { create } from 'zustand';
import { WORKSHOP_STEPS, workshopStepFragment, workshopStepIndex, workshopStepOf } from '../../core/index';

export type TourDock = 'left' | 'right';

interface TourState {
  stepId: string | undefined;
  large: boolean;
  /** The side the card docks to; the app's content makes room for it, so it covers nothing. */
  dock: TourDock;
  /** Collapsed to a narrow bar on its side. */
  collapsed: boolean;
  setLarge(large: boolean): void;
  setDock(dock: TourDock): void;
  setCollapsed(collapsed: boolean): void;
  close(): void;
}

/** Where the card sits is the presenter's choice: kept locally across reloads. */
const LAYOUT_KEY = 'btfscope.tour.layout';

function loadLayout(): { dock: TourDock; collapsed: boolean } {
  try {
    const v = JSON.parse(window.localStorage.getItem(LAYOUT_KEY) ?? '{}') as { dock?: unknown; collapsed?: unknown };
    return { dock: v.dock === 'left' ? 'left' : 'right', collapsed: v.collapsed === true };
  } catch {
    return { dock: 'right', collapsed: false }; // no storage (private mode) or a bad value
  }
}

function saveLayout(dock: TourDock, collapsed: boolean): void {
  try {
    window.localStorage.setItem(LAYOUT_KEY, JSON.stringify({ dock, collapsed }));
  } catch {
    // storage full or denied: the choice lasts for this page only
  }
}

export const useTourStore = create<TourState>((set, get) => ({
  stepId: undefined,
  large: false,
  ...loadLayout(),
  setLarge: (large) => set({ large }),
  setDock: (dock) => {
    set({ dock });
    saveLayout(dock, get().collapsed);
  },
  setCollapsed: (collapsed) => {
    set({ collapsed });
    saveLayout(get().dock, collapsed);
  },
  close: () => set({ stepId: undefined }),
}));

/** Opens step `index` (clamped): navigates to its link. */
export function goToStep(index: number): void {
  const step = WORKSHOP_STEPS[Math.max(0, Math.min(WORKSHOP_STEPS.length - 1, index))]!;
  useTourStore.setState({ stepId: step.id });
  const fragment = workshopStepFragment(step);
  if (window.location.hash !== fragment) window.location.hash = fragment;
}

export function moveStep(delta: number): void {
  const id = useTourStore.getState().stepId;
  if (id === undefined) return;
  goToStep(workshopStepIndex(id) + delta);
}

/** Starts following the fragment; returns the function that stops it. */
export function startTourSync(): () => void {
  const sync = () => {
    const step = workshopStepOf(window.location.hash);
    if (step) useTourStore.setState({ stepId: step.id });
  };
  sync();
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}
