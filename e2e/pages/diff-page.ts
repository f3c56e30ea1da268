/** Page object of the Diff view's type detail: the aligned member rows and their controls. */
import type { Page } from '@playwright/test';
import { waitForAppState } from '../helpers';

export class DiffPage {
  constructor(readonly page: Page) {}

  get detail() {
    return this.page.getByTestId('diff-detail');
  }

  get rows() {
    return this.page.getByTestId('aligned-row');
  }

  /** Rows that show `path` on either side. */
  rowsOf(path: string) {
    return this.page.locator(`[data-testid=aligned-row][data-before="${path}"], [data-testid=aligned-row][data-after="${path}"]`);
  }

  async setChangedOnly(on: boolean): Promise<void> {
    await this.page.getByTestId('changed-only').setChecked(on);
    await waitForAppState(this.page, 'idle');
  }

  /** Member names shown (B's name, else A's), in row order. */
  async memberNames(): Promise<string[]> {
    return this.rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.after || (tr as HTMLElement).dataset.before || ''));
  }

  async openMemberType(path: string): Promise<void> {
    await this.page.locator(`[data-testid=aligned-row][data-after="${path}"]`).getByTestId('member-type-link').last().click();
    await waitForAppState(this.page, 'idle');
  }
}
