/** Page object of the Relocations view: the matrix, the kernel picker, the table and a detail. */
import type { Page } from '@playwright/test';
import { waitForAppState } from '../helpers';

export class RelocsPage {
  constructor(readonly page: Page) {}

  cell(ordinal: number, kernel: string) {
    return this.page.locator(`[data-testid=matrix-cell][data-ordinal="${ordinal}"][data-target-label="${kernel}"]`);
  }

  get detail() {
    return this.page.getByTestId('relo-detail');
  }

  /** Kernel labels of the matrix rows, top to bottom. */
  async verdictKernels(): Promise<string[]> {
    return this.page.getByTestId('verdict').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.targetLabel ?? ''));
  }

  async selectAllKernels(): Promise<void> {
    await this.page.getByTestId('all-kernels').click();
    await waitForAppState(this.page, 'idle');
  }

  /**
   * Clicks a matrix cell and returns how many ms passed, in the page's own clock, between the
   * click and the moment that relocation's detail on that kernel was in the viewport and focused.
   */
  async openCellTimed(ordinal: number, kernel: string): Promise<number> {
    const seen = this.page.evaluate(
      ([o, k]) =>
        new Promise<number>((resolve) => {
          let clickedAt = 0;
          document.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
          const check = () => {
            const el = document.querySelector<HTMLElement>(`[data-testid=relo-detail][data-ordinal="${o}"][data-target-label="${k}"]`);
            if (clickedAt && el && document.activeElement === el) {
              const r = el.getBoundingClientRect();
              // In view: its top on screen (scrolled to its start, it may sit a subpixel above 0).
              if (r.top > -1 && r.top < window.innerHeight) return resolve(performance.now() - clickedAt);
            }
            requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      [String(ordinal), kernel] as const,
    );
    await this.cell(ordinal, kernel).click();
    return seen;
  }
}
