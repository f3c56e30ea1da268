/**
 * Read-only Monaco viewer of C text. `refs` become clickable (type names → onRef), `marks`
 * highlight whole lines with a hover (relocations in the Source view). The editor grows with
 * its content up to `maxHeightPx`; models are disposed on unmount.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import { markdownCode } from '../text/safe-text';
import { BTF_C } from './btf-c-language';
import { useMonaco } from './load-monaco';

export interface CodeRef {
  key: string;
  line: number;
  column: number;
  length: number;
}

export interface LineMark {
  line: number;
  /** Markdown shown on hover: build it with safe-text.ts (escapeMarkdown, markdownCode) for anything from a file. */
  hover: string;
  tone: 'ok' | 'warn' | 'bad';
}

export interface MonacoViewProps {
  text: string;
  refs?: CodeRef[] | undefined;
  onRef?: ((key: string) => void) | undefined;
  marks?: LineMark[] | undefined;
  /** Scroll this line into view (1-based). */
  revealLine?: number | undefined;
  maxHeightPx?: number;
  label: string;
}

/** Hover markdown never runs commands or renders HTML (Monaco's defaults, stated so they stay). */
const UNTRUSTED = { isTrusted: false, supportHtml: false, supportThemeIcons: false } as const;

export function MonacoView({ text, refs, onRef, marks, revealLine, maxHeightPx = 640, label }: MonacoViewProps) {
  const m = useMonaco();
  const host = useRef<HTMLDivElement>(null);
  const theme = useAppStore((s) => s.theme);
  const largeText = useAppStore((s) => s.largeText);
  const onRefLatest = useRef(onRef);
  onRefLatest.current = onRef;

  useEffect(() => {
    if (!m || !host.current) return;
    const { monaco, VIEWER_OPTIONS, themeName, fontOptions } = m;
    const model = monaco.editor.createModel(text, BTF_C);
    const editor = monaco.editor.create(host.current, { ...VIEWER_OPTIONS, ...fontOptions(largeText), model, theme: themeName(useAppStore.getState().theme), ariaLabel: label });
    const decorations = editor.createDecorationsCollection([
      ...(refs ?? []).map((r) => ({
        range: new monaco.Range(r.line, r.column, r.line, r.column + r.length),
        options: { inlineClassName: 'code-type-link', hoverMessage: { value: `Open ${markdownCode(r.key.replace(':', ' '))}`, ...UNTRUSTED } },
      })),
      ...(marks ?? []).map((mk) => ({
        range: new monaco.Range(mk.line, 1, mk.line, 1),
        options: { isWholeLine: true, className: `code-mark code-mark-${mk.tone}`, hoverMessage: { value: mk.hover, ...UNTRUSTED }, linesDecorationsClassName: `code-gutter-${mk.tone}` },
      })),
    ]);
    const fit = () => {
      const h = Math.min(maxHeightPx, editor.getContentHeight() + 4);
      if (host.current) host.current.style.height = `${h}px`;
      editor.layout();
    };
    fit();
    const sizeSub = editor.onDidContentSizeChange(fit);
    const clickSub = editor.onMouseDown((e) => {
      const pos = e.target.position;
      if (!pos || !refs) return;
      const hit = refs.find((r) => r.line === pos.lineNumber && pos.column >= r.column && pos.column <= r.column + r.length);
      if (hit) onRefLatest.current?.(hit.key);
    });
    if (revealLine) editor.revealLineInCenter(revealLine);
    host.current.dataset.ready = 'true';
    return () => {
      sizeSub.dispose();
      clickSub.dispose();
      decorations.clear();
      editor.dispose();
      model.dispose();
    };
  }, [m, text, refs, marks, revealLine, maxHeightPx, label, largeText]);

  useEffect(() => {
    m?.monaco.editor.setTheme(m.themeName(theme));
  }, [m, theme]);

  return <div className="monaco-host" ref={host} data-testid="monaco" role="group" aria-label={label} style={{ minHeight: 80 }} />;
}
