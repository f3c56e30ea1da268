/** Page object of the Types view: its filter, fuzzy switch, file choice and rows. */
import type { Page } from '@playwright/test';
import { waitForAppState } from '../helpers';

export class TypesPage {
  constructor(readonly page: Page) {}

  get fileSelect() {
    return this.page.getByTestId('types-file');
  }

  get rows() {
    return this.page.locator('.tt-row');
  }

  /** Names of the first `n` rows, in list order. */
  async firstNames(n: number): Promise<string[]> {
    return (await this.rows.locator('.tt-name').allTextContents()).slice(0, n);
  }

  async filter(text: string, opts: { fuzzy?: boolean } = {}): Promise<void> {
    const fuzzy = this.page.getByRole('checkbox', { name: 'fuzzy' });
    if (opts.fuzzy !== undefined && (await fuzzy.isChecked()) !== opts.fuzzy) await fuzzy.setChecked(opts.fuzzy);
    await this.page.getByTestId('type-filter').fill(text);
    await waitForAppState(this.page, 'idle');
  }
}
