/**
 * An editable Monaco editor for the playground's C, with the parser's diagnostics as
 * markers (messages start with `line:col: `). Text flows out through onChange; a new
 * `value` from outside (choosing an example) replaces the model's text.
 */
import type * as Monaco from 'monaco-editor';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../core/index';
import { useMonaco } from '../monaco/load-monaco';
import { BTF_C } from '../monaco/btf-c-language';
import { useAppStore } from '../store/app-store';

export function CodeEditor({ value, onChange, diagnostics, label, heightPx = 320 }: { value: string; onChange: (text: string) => void; diagnostics: Diagnostic[]; label: string; heightPx?: number }) {
  const m = useMonaco();
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const onChangeLatest = useRef(onChange);
  onChangeLatest.current = onChange;
  const theme = useAppStore((s) => s.theme);

  useEffect(() => {
    if (!m || !host.current) return;
    const { monaco, VIEWER_OPTIONS, themeName } = m;
    const model = monaco.editor.createModel(value, BTF_C);
    const editor = monaco.editor.create(host.current, {
      ...VIEWER_OPTIONS,
      readOnly: false,
      domReadOnly: false,
      renderLineHighlight: 'line',
      model,
      theme: themeName(useAppStore.getState().theme),
      ariaLabel: label,
    });
    editorRef.current = editor;
    const sub = model.onDidChangeContent(() => onChangeLatest.current(model.getValue()));
    return () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = undefined;
    };
    // The editor is created once per Monaco load; value changes are applied below.
  }, [m]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) model.setValue(value);
  }, [value]);

  useEffect(() => {
    if (m) m.monaco.editor.setTheme(m.themeName(theme));
  }, [m, theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!m || !model) return;
    const markers = diagnostics.map((d) => {
      const pos = /^(\d+):(\d+): (.*)$/s.exec(d.message);
      const line = pos ? Number(pos[1]) : 1;
      const col = pos ? Number(pos[2]) : 1;
      return {
        severity: d.severity === 'error' ? m.monaco.MarkerSeverity.Error : m.monaco.MarkerSeverity.Warning,
        message: pos ? pos[3]! : d.message,
        startLineNumber: line,
        startColumn: col,
        endLineNumber: line,
        endColumn: col + 1,
      };
    });
    m.monaco.editor.setModelMarkers(model, 'btfscope-playground', markers);
  }, [m, diagnostics]);

  return <div ref={host} className="code-editor" style={{ height: `${heightPx}px` }} aria-label={label} />;
}
