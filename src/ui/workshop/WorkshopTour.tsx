/**
 * The workshop tour panel (#6): the current step's words over the real data on screen,
 * with that data highlighted; next/previous by button or keyboard (→/PageDown, ←/PageUp,
 * Esc closes — presenter clickers send PageDown/PageUp); "Large type" for projectors.
 * Step texts are data from core (workshop-steps.ts), rendered as text: `backticks` become
 * <code>, nothing is HTML.
 */
import { Fragment, useEffect } from 'react';
import { WORKSHOP_STEPS, playgroundChainFragment, workshopStepIndex, type WorkshopStep } from '../../core/index';
import { applyHighlights, planHighlights, selectKernelTab } from './highlight';
import { goToStep, moveStep, startTourSync, useTourStore } from './tour-store';
import './workshop.css';

/** Rows mounting, and React rewriting a class attribute (which drops our mark). */
const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] };

function Rich({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

/** A paragraph; the step's playground words (if this paragraph holds them) become its link. */
function Paragraph({ text, step }: { text: string; step: WorkshopStep }) {
  const pg = step.playground;
  const at = pg ? text.indexOf(pg.linkText) : -1;
  if (!pg || at < 0) return <Rich text={text} />;
  return (
    <>
      <Rich text={text.slice(0, at)} />
      <a href={playgroundChainFragment(pg.chain)} data-testid="tour-playground-link">
        {pg.linkText}
      </a>
      <Rich text={text.slice(at + pg.linkText.length)} />
    </>
  );
}

/** Re-applies the step's highlights whenever the views re-render (data arrives, rows mount). */
function useHighlights(stepId: string | undefined): void {
  useEffect(() => {
    const step = WORKSHOP_STEPS.find((s) => s.id === stepId);
    const main = document.querySelector('.app-main');
    if (!step || !main) return;
    const plan = planHighlights(step.highlights);
    let scrolled = false;
    let tabDone = plan.kernelTab === undefined;
    const run = () => {
      if (!tabDone) tabDone = selectKernelTab(main, plan.kernelTab!);
      const hits = applyHighlights(main, plan.selectors);
      if (hits.length && !scrolled) {
        scrolled = true;
        hits[0]!.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    };
    run();
    const obs = new MutationObserver(() => {
      obs.disconnect();
      run();
      obs.observe(main, OBSERVE);
    });
    obs.observe(main, OBSERVE);
    return () => {
      obs.disconnect();
      applyHighlights(main, []);
    };
  }, [stepId]);
}

export function WorkshopTour() {
  const stepId = useTourStore((s) => s.stepId);
  const large = useTourStore((s) => s.large);
  const setLarge = useTourStore((s) => s.setLarge);
  const close = useTourStore((s) => s.close);
  useEffect(() => startTourSync(), []);
  useHighlights(stepId);
  useEffect(() => {
    document.documentElement.classList.toggle('tour-large', large && stepId !== undefined);
  }, [large, stepId]);
  useEffect(() => {
    if (stepId === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.closest('.monaco-editor'))) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') moveStep(1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') moveStep(-1);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stepId, close]);
  if (stepId === undefined) return null;
  const index = workshopStepIndex(stepId);
  const step = WORKSHOP_STEPS[index];
  if (!step) return null;
  return (
    <aside className="tour" aria-label="Workshop" data-testid="workshop-tour" data-step={step.id}>
      <header className="tour-head">
        <span className="muted" data-testid="tour-progress">
          {index + 1} / {WORKSHOP_STEPS.length}
        </span>
        <label className="tour-large-toggle">
          <input type="checkbox" checked={large} onChange={(e) => setLarge(e.target.checked)} /> Large type
        </label>
        <button type="button" className="btn-x" aria-label="Close the tour" onClick={close}>
          ×
        </button>
      </header>
      <h2>
        <Rich text={step.title} />
      </h2>
      {step.body.map((p, i) => (
        <p key={i}>
          <Paragraph text={p} step={step} />
        </p>
      ))}
      <footer className="tour-nav">
        <button type="button" className="btn" onClick={() => goToStep(0)} disabled={index === 0} data-testid="tour-restart">
          ↺ Restart
        </button>
        <button type="button" className="btn" onClick={() => moveStep(-1)} disabled={index === 0}>
          ← Previous
        </button>
        {index < WORKSHOP_STEPS.length - 1 ? (
          <button type="button" className="btn btn-primary" onClick={() => moveStep(1)} data-testid="tour-next">
            Next →
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={close} data-testid="tour-finish">
            Finish
          </button>
        )}
      </footer>
    </aside>
  );
}

/** A button that starts the tour at its first step (for the start page). */
export function StartWorkshopButton() {
  return (
    <button type="button" className="btn btn-primary" onClick={() => goToStep(0)} data-testid="start-workshop">
      Start the CO-RE workshop
    </button>
  );
}
