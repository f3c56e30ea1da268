// The hostile strings of issue #12 render as the characters typed: through Monaco's own
// markdown renderer (the one its hovers use) and through React.
import { render } from '@testing-library/react';
import { renderMarkdown } from 'monaco-editor/base/browser/markdownRenderer.js';
import { describe, expect, it } from 'vitest';
import { SafeText } from './SafeText';
import { escapeMarkdown, hasHiddenChars, markdownCode, visibleParts, visibleText } from './safe-text';

const PAYLOADS = [
  '![x](https://host/x.png) [log in again](https://host/phish)',
  '<img src=x onerror=alert(1)>',
  '[a](javascript:alert(1))',
  '`code` and _under_ and *star* and **bold** ~~strike~~',
  '# heading\n---\n> quote\n- item',
  'https://host/autolink www.host.example mail@host.example',
  '$(alert) &amp; &lt;b&gt; \\` \\\\',
  'a|b|c\n|-|-|',
  '```\nfenced\n```',
];

/** What Monaco shows for `md` in a hover (isTrusted and supportHtml off, as MonacoView sets). */
function monacoRender(md: string): HTMLElement {
  return renderMarkdown({ value: md, isTrusted: false, supportHtml: false }).element;
}

describe('visibleText', () => {
  it('escapes controls, bidi and zero-width characters and keeps the rest', () => {
    expect(visibleText('task\u202Eevil')).toBe('task\\u202eevil');
    expect(visibleText('a\u2066b\u2067c\u2068d\u2069')).toBe('a\\u2066b\\u2067c\\u2068d\\u2069');
    expect(visibleText('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(visibleText('line1\nline2\r\tx\0')).toBe('line1\\nline2\\r\\tx\\0');
    expect(visibleText('zero\u200bwidth\ufeff')).toBe('zero\\u200bwidth\\ufeff');
    expect(visibleText('task_struct été 名前')).toBe('task_struct été 名前');
    expect(hasHiddenChars('ok_name')).toBe(false);
    expect(hasHiddenChars('bad\u202e')).toBe(true);
  });

  it('splits into runs for styling', () => {
    expect(visibleParts('a\u202eb')).toEqual([
      { text: 'a', escaped: false },
      { text: '\\u202e', escaped: true },
      { text: 'b', escaped: false },
    ]);
    expect(visibleParts('')).toEqual([{ text: '', escaped: false }]);
  });
});

describe('escapeMarkdown in Monaco hovers', () => {
  for (const p of PAYLOADS) {
    it(`renders ${JSON.stringify(p)} literally`, () => {
      const el = monacoRender(`label: ${escapeMarkdown(p)} and code ${markdownCode(p)}`);
      expect(el.querySelectorAll('img, a, script, h1, hr, blockquote, li, table, em, strong, del, pre').length).toBe(0);
      const shown = visibleText(p);
      // Inside the paragraph, the text appears twice: as text and in the code span.
      expect(el.textContent).toBe(`label: ${shown} and code ${shown}`);
      expect(el.querySelectorAll('code').length).toBe(1);
      expect(el.querySelector('code')!.textContent).toBe(shown);
    });
  }

  it('keeps a code span closed against backtick runs', () => {
    for (const s of ['`', '``x``', 'a`b', '` lead', 'trail `']) {
      const el = monacoRender(`x ${markdownCode(s)} y`);
      expect(el.querySelector('code')?.textContent).toBe(s);
    }
    expect(markdownCode('')).toBe('');
  });

  it('markdown that is not escaped does render (the test can fail)', () => {
    const el = monacoRender(PAYLOADS[0]!);
    expect(el.querySelectorAll('img, a').length).toBeGreaterThan(0);
  });
});

describe('SafeText', () => {
  it('isolates direction and shows escapes as text', () => {
    const { container } = render(<SafeText text={'evil\u202Ethgir <b>x</b>\n'} />);
    const bdi = container.querySelector('bdi.safe-text')!;
    expect(bdi.textContent).toBe('evil\\u202ethgir <b>x</b>\\n');
    expect(bdi.querySelectorAll('b').length).toBe(0);
    expect([...bdi.querySelectorAll('.ctl-escape')].map((e) => e.textContent)).toEqual(['\\u202e', '\\n']);
    expect(bdi.textContent).not.toMatch(/[\u202e\n]/);
  });
});
