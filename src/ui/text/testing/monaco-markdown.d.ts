// Monaco's own markdown renderer (what its hovers use), imported by safe-text.test.tsx only.
declare module 'monaco-editor/base/browser/markdownRenderer.js' {
  export function renderMarkdown(markdown: { value: string; isTrusted?: boolean; supportHtml?: boolean; supportThemeIcons?: boolean }): {
    element: HTMLElement;
    dispose(): void;
  };
}
