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

/**
 * Scrolls the first highlight into view (inside any scrolling box too), then, when all of
 * them fit on screen at once, the page so that they all show. The card sits beside the
 * content (workshop.css), so on screen means uncovered. Instant: a smooth scroll would still
 * be moving when the next highlight is measured.
 */
function showTogether(hits: Element[]): void {
  hits[0]!.scrollIntoView({ block: 'center', inline: 'nearest' });
  const boxes = hits.map((h) => h.getBoundingClientRect());
  const top = Math.min(...boxes.map((b) => b.top));
  const bottom = Math.max(...boxes.map((b) => b.bottom));
  const room = window.innerHeight;
  if (bottom - top > room - 16 || (top >= 0 && bottom <= room)) return;
  window.scrollBy(0, (top + bottom) / 2 - room / 2);
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
        showTogether(hits);
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
  const dock = useTourStore((s) => s.dock);
  const setDock = useTourStore((s) => s.setDock);
  const collapsed = useTourStore((s) => s.collapsed);
  const setCollapsed = useTourStore((s) => s.setCollapsed);
  useEffect(() => startTourSync(), []);
  useHighlights(stepId);
  useEffect(() => {
    document.documentElement.classList.toggle('tour-large', large && stepId !== undefined);
  }, [large, stepId]);
  // The app makes room on the docked side (workshop.css), so the card never covers the view.
  useEffect(() => {
    const html = document.documentElement;
    const open = stepId !== undefined;
    html.classList.toggle('tour-dock-left', open && dock === 'left');
    html.classList.toggle('tour-dock-right', open && dock === 'right');
    html.classList.toggle('tour-collapsed', open && collapsed);
  }, [stepId, dock, collapsed]);
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
    <aside className={`tour tour-${dock}${collapsed ? ' tour-is-collapsed' : ''}`} aria-label="Workshop" data-testid="workshop-tour" data-step={step.id} data-dock={dock} data-collapsed={collapsed}>
      <header className="tour-head">
        <span className="muted" data-testid="tour-progress">
          {index + 1} / {WORKSHOP_STEPS.length}
        </span>
        {!collapsed && (
          <>
            <label className="tour-large-toggle">
              <input type="checkbox" checked={large} onChange={(e) => setLarge(e.target.checked)} /> Large type
            </label>
            <button type="button" className="btn" onClick={() => setDock(dock === 'right' ? 'left' : 'right')} data-testid="tour-dock">
              {dock === 'right' ? '⇤ Dock left' : 'Dock right ⇥'}
            </button>
          </>
        )}
        <button type="button" className="btn" aria-expanded={!collapsed} aria-label={collapsed ? 'Expand the tour' : 'Collapse the tour'} title={collapsed ? 'Expand the tour' : 'Collapse the tour'} onClick={() => setCollapsed(!collapsed)} data-testid="tour-collapse">
          {collapsed ? '+' : '–'}
        </button>
        <button type="button" className="btn-x" aria-label="Close the tour" onClick={close}>
          ×
        </button>
      </header>
      {!collapsed && (
        <>
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
        </>
      )}
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
