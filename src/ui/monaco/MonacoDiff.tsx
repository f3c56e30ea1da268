/** Read-only Monaco diff editor of two C texts (side by side); models disposed on unmount. */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import { BTF_C } from './btf-c-language';
import { useMonaco } from './load-monaco';

export function MonacoDiff({ original, modified, label, heightPx = 560 }: { original: string; modified: string; label: string; heightPx?: number }) {
  const m = useMonaco();
  const host = useRef<HTMLDivElement>(null);
  const theme = useAppStore((s) => s.theme);
  const largeText = useAppStore((s) => s.largeText);
  useEffect(() => {
    if (!m || !host.current) return;
    const { monaco, VIEWER_OPTIONS, themeName, fontOptions } = m;
    const a = monaco.editor.createModel(original, BTF_C);
    const b = monaco.editor.createModel(modified, BTF_C);
    const diff = monaco.editor.createDiffEditor(host.current, {
      ...VIEWER_OPTIONS,
      ...fontOptions(largeText),
      originalEditable: false,
      renderSideBySide: true,
      enableSplitViewResizing: true,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      theme: themeName(useAppStore.getState().theme),
    });
    diff.setModel({ original: a, modified: b });
    host.current.dataset.ready = 'true';
    return () => {
      diff.dispose();
      a.dispose();
      b.dispose();
    };
  }, [m, original, modified, largeText]);
  useEffect(() => {
    m?.monaco.editor.setTheme(m.themeName(theme));
  }, [m, theme]);
  return <div className="monaco-host" ref={host} data-testid="monaco-diff" role="group" aria-label={label} style={{ height: heightPx }} />;
}
