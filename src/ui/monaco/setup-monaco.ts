/**
 * Monaco, bundled (no CDN): the core editor API plus only the contributions a read-only
 * viewer needs (hover, find, folding, word highlight, diff editor, context menu), the base
 * editor worker through Vite's `?worker` (no language workers), our C grammar and two
 * themes. Imported lazily by the views that show code, so the first paint does not wait.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter.js';
import 'monaco-editor/editor/browser/widget/diffEditor/diffEditor.contribution.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-codicons/codicon.css';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import { registerBtfC } from './btf-c-language';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerBtfC(monaco);

monaco.editor.defineTheme('btfscope-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '8250df' },
    { token: 'type', foreground: '0550ae' },
    { token: 'number', foreground: '0a3069' },
    { token: 'comment', foreground: '6e7781', fontStyle: 'italic' },
    { token: 'attribute', foreground: '953800' },
  ],
  colors: {},
});
monaco.editor.defineTheme('btfscope-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: 'd2a8ff' },
    { token: 'type', foreground: '79c0ff' },
    { token: 'number', foreground: 'a5d6ff' },
    { token: 'comment', foreground: '8b949e', fontStyle: 'italic' },
    { token: 'attribute', foreground: 'ffa657' },
  ],
  colors: { 'editor.background': '#0d1117' },
});

/** Options every btfscope editor shares: a read-only viewer sized for projectors too. */
export const VIEWER_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  readOnly: true,
  domReadOnly: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 14,
  lineHeight: 21,
  renderLineHighlight: 'none',
  automaticLayout: true,
  folding: true,
  contextmenu: true,
  wordWrap: 'off',
  scrollbar: { alwaysConsumeMouseWheel: false },
  // Names come from files: C0 controls and bidi overrides/isolates are drawn as symbols
  // (renderControlCharacters), zero-width and look-alike characters boxed (unicodeHighlight),
  // so the exact text stays exact but nothing in it is hidden or reordered unseen.
  renderControlCharacters: true,
  unicodeHighlight: { invisibleCharacters: true, ambiguousCharacters: true, nonBasicASCII: false, includeComments: true, includeStrings: true },
};

/** Font size and line height for normal and large text. */
export function fontOptions(large: boolean): { fontSize: number; lineHeight: number } {
  return large ? { fontSize: 18, lineHeight: 27 } : { fontSize: 14, lineHeight: 21 };
}

export function themeName(theme: 'light' | 'dark'): string {
  return theme === 'dark' ? 'btfscope-dark' : 'btfscope-light';
}

export { monaco };
