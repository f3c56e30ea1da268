/**
 * Workshop tour state: which step is on screen (or none), and presenter mode (large type).
 * The step comes from the fragment's `tour=<step id>` — each step has its own link — and a
 * step change navigates to that step's link, so back/forward and reloads keep working. The
 * app's own URL sync may rewrite the fragment without `tour=` as the user clicks around;
 * the tour stays open until it is closed.
 */
import { create } from 'zustand';
import { WORKSHOP_STEPS, workshopStepFragment, workshopStepIndex, workshopStepOf } from '../../core/index';

interface TourState {
  stepId: string | undefined;
  large: boolean;
  setLarge(large: boolean): void;
  close(): void;
}

export const useTourStore = create<TourState>((set) => ({
  stepId: undefined,
  large: false,
  setLarge: (large) => set({ large }),
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
