import { describe, expect, it } from 'vitest';
import { WORKSHOP_STEPS } from '../../core/index';
import { applyHighlights, planHighlights, selectKernelTab } from './highlight';

describe('workshop highlights', () => {
  it('every step maps to selectors; kernel-keyed targets pick a tab', () => {
    for (const s of WORKSHOP_STEPS) expect(planHighlights(s.highlights).selectors.length).toBeGreaterThan(0);
    expect(planHighlights([{ target: 'candidates', key: '5.10' }, { target: 'candidates', key: '6.18' }]).kernelTab).toBe('5.10');
  });

  it('marks the rows and cells the views render', () => {
    document.body.innerHTML = `
      <table><tr data-testid="relo-row" data-ordinal="1"><td data-testid="relo-after" data-target-label="5.10">poisoned</td></tr></table>
      <div class="relo-detail"><p class="mono"><code>local spec</code> <code>0:0</code></p>
        <div role="tab" aria-selected="true">5.10</div><button role="tab" aria-selected="false">6.18</button></div>`;
    const plan = planHighlights([{ target: 'outcome', key: '1:5.10' }, { target: 'access-string', key: '1' }]);
    expect(applyHighlights(document, plan.selectors).map((e) => e.textContent)).toEqual(['poisoned', '0:0']);
    let clicked = false;
    document.querySelector('button')!.addEventListener('click', () => (clicked = true));
    expect(selectKernelTab(document, '6.18')).toBe(true);
    expect(clicked).toBe(true);
    expect(applyHighlights(document, [])).toEqual([]);
    expect(document.querySelectorAll('.tour-highlight')).toHaveLength(0);
  });

  it("a source-line highlight marks only the named relocation's line", () => {
    document.body.innerHTML = `<div class="relo-detail" data-ordinal="21"><p class="source-line">__sync_fetch_and_add(p, v);</p></div>`;
    const plan = planHighlights([{ target: 'source-line', key: '22' }]);
    expect(applyHighlights(document, plan.selectors)).toEqual([]);
    document.querySelector('.relo-detail')!.setAttribute('data-ordinal', '22');
    expect(applyHighlights(document, plan.selectors)).toHaveLength(1);
  });
});
