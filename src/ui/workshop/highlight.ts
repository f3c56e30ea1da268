/**
 * Where each workshop highlight target lives on screen: CSS selectors over the markup the
 * diff and relocation views already render (their data-testid / data-* attributes), kept in
 * this one place. Targets keyed by kernel live in the open relocation's detail, which
 * shows one kernel at a time: `kernelTab` names the tab to select first.
 */
import type { WorkshopHighlight } from '../../core/index';

const esc = (s: string) => s.replace(/["\\]/g, '\\$&');

export interface HighlightPlan {
  selectors: string[];
  /** The relocation detail's kernel tab to select before highlighting. */
  kernelTab?: string;
}

export function planHighlights(list: readonly WorkshopHighlight[]): HighlightPlan {
  const selectors: string[] = [];
  let kernelTab: string | undefined;
  for (const h of list) {
    const key = esc(h.key ?? '');
    switch (h.target) {
      case 'diff-member':
        selectors.push(`[data-testid="aligned-row"][data-after="${key}"]`, `[data-testid="aligned-row"][data-before="${key}"]`);
        break;
      case 'relo-row':
        selectors.push(`[data-testid="relo-row"][data-ordinal="${key}"]`);
        break;
      case 'outcome': {
        const [ordinal = '', label = ''] = (h.key ?? '').split(':');
        selectors.push(`[data-testid="relo-row"][data-ordinal="${esc(ordinal)}"] [data-testid="relo-after"][data-target-label="${esc(label)}"]`);
        break;
      }
      case 'access-string':
        selectors.push('.relo-detail > p.mono:first-of-type > code:nth-of-type(2)');
        break;
      case 'local-spec':
        selectors.push('.relo-detail > p.mono:first-of-type > code:nth-of-type(1)');
        break;
      case 'source-line':
        // Only the detail of the relocation the step names: another one's line is not the step's.
        selectors.push(`.relo-detail[data-ordinal="${key}"] .source-line`);
        break;
      case 'candidates':
        kernelTab ??= h.key;
        selectors.push('.relo-detail .target-result ul.candidates', `.relo-detail [role="tab"][data-tour-kernel="${key}"]`);
        break;
      case 'target-spec':
        kernelTab ??= h.key;
        selectors.push('.relo-detail .target-result > p.mono');
        break;
      case 'insn-patch':
        kernelTab ??= h.key;
        selectors.push('.relo-detail .target-result .insn-compare');
        break;
    }
  }
  return kernelTab === undefined ? { selectors } : { selectors, kernelTab };
}

/** Selects the detail's tab for `label` (a click, as the user would); true when it is selected. */
export function selectKernelTab(root: ParentNode, label: string): boolean {
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('.relo-detail [role="tab"]')];
  for (const t of tabs) t.dataset.tourKernel = t.textContent?.trim() ?? '';
  const tab = tabs.find((t) => t.textContent?.trim() === label);
  if (!tab) return false;
  if (tab.getAttribute('aria-selected') !== 'true') tab.click();
  return true;
}

/** Marks what matches (removing older marks); returns the elements marked. */
export function applyHighlights(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const el of root.querySelectorAll('.tour-highlight')) el.classList.remove('tour-highlight');
  const hits: Element[] = [];
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (el) {
      el.classList.add('tour-highlight');
      hits.push(el);
    }
  }
  return hits;
}
