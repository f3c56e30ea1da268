// Issue #12: file labels and names in the Source view's hovers are literal text, never markdown.
import { renderMarkdown } from 'monaco-editor/base/browser/markdownRenderer.js';
import { describe, expect, it } from 'vitest';
import type { RelocationView } from '../../core/core-relo/report';
import { marksFor } from './SourceView';

const LABEL = '![x](https://host/x.png) [log in again](https://host/phish)';

function relo(access: string, summary: string): RelocationView {
  return {
    ordinal: 0,
    kindName: 'byte_off',
    access,
    source: { file: 'a.c', line: 3, col: 1, text: 'x' },
    results: [{ result: 'patched', before: '16', after: '24', explanation: { summary } }],
  } as unknown as RelocationView;
}

describe('Source view hovers', () => {
  it('show hostile labels, access strings and explanations literally', () => {
    const access = 'task_struct->`pid`_x_<img src=x onerror=alert(1)>';
    const summary = 'member [a](javascript:alert(1)) moved *here*';
    const [mark] = marksFor([relo(access, summary)], [LABEL]);
    const el = renderMarkdown({ value: mark!.hover, isTrusted: false, supportHtml: false }).element;
    expect(el.querySelectorAll('img, a, script').length).toBe(0);
    expect(el.textContent).toContain(`${LABEL}: 24`);
    expect(el.textContent).toContain(access);
    expect(el.textContent).toContain(summary);
    // Only our own formatting: the bold head and the italic explanation.
    expect(el.querySelector('strong')?.textContent).toBe('#0 byte_off');
    expect(el.querySelector('em')?.textContent).toBe(summary);
  });
});
