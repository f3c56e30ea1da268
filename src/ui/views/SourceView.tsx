/**
 * Source view: the object's source lines as line_info recorded them (lines it does not
 * mention stay blank, so numbers match the file), in Monaco, with each line that holds a
 * relocation marked by its worst outcome; hovering shows the relocation and its value on
 * every kernel.
 */
import { useMemo, useState } from 'react';
import type { RelocationView } from '../../core/core-relo/report';
import { QueryError } from '../components/QueryError';
import { goTo } from '../data/nav';
import { MonacoView, type LineMark } from '../monaco/MonacoView';
import { useAppStore } from '../store/app-store';
import { escapeMarkdown, markdownCode } from '../text/safe-text';
import { RELO_TONE_RANK, cellText, toneOf } from './relo-cells';
import { useRelocations } from './RelocationsView';

export function SourceView() {
  const { obj, targets, q, labels } = useRelocations();
  const [fileIdx, setFileIdx] = useState(0);
  const v = q.data;
  const files = v?.sources ?? [];
  const src = files[Math.min(fileIdx, files.length - 1)];
  const text = useMemo(() => {
    if (!src) return '';
    const last = src.lines[src.lines.length - 1]?.line ?? 0;
    const out = new Array<string>(last).fill('');
    for (const l of src.lines) out[l.line - 1] = l.text;
    return out.join('\n');
  }, [src]);
  const marks = useMemo(() => (v && src ? marksFor(v.report.relocations.filter((r) => r.source?.file === src.file), labels) : []), [v, src, labels]);
  const relo = useAppStore((s) => s.view.relo);
  const revealLine = relo !== undefined ? v?.report.relocations[relo]?.source?.line : marks[0]?.line;
  return (
    <section className="view source-view" aria-label="Source">
      {!obj && <p className="empty">Drop a compiled BPF object (.bpf.o) built with -g to see its source lines.</p>}
      {obj && !targets.length && <p className="empty">Choose kernels in the Relocations view.</p>}
      <QueryError error={q.error} />
      {v && !files.length && <p className="notice soon">The object has no line_info: build it with clang -g.</p>}
      {files.length > 1 && (
        <div className="chips" role="tablist" aria-label="Source files">
          {files.map((f, i) => (
            <button key={f.file} type="button" role="tab" aria-selected={i === fileIdx} className={i === fileIdx ? 'chip on' : 'chip'} onClick={() => setFileIdx(i)}>
              {f.file.split('/').pop()}
            </button>
          ))}
        </div>
      )}
      {src && (
        <>
          <p className="muted">
            {src.file} · {marks.length} lines with relocations · hover a marked line for its values on {labels.join(', ')} ·{' '}
            <button type="button" className="btn-link" onClick={() => goTo('relocs')}>
              open the Relocations table
            </button>
          </p>
          <MonacoView text={text} marks={marks} revealLine={revealLine} maxHeightPx={720} label={`Source of ${src.file}`} />
        </>
      )}
    </section>
  );
}

export function marksFor(relocs: RelocationView[], labels: string[]): LineMark[] {
  const byLine = new Map<number, RelocationView[]>();
  for (const r of relocs) {
    const line = r.source!.line;
    byLine.set(line, [...(byLine.get(line) ?? []), r]);
  }
  return [...byLine].map(([line, rs]) => {
    let worst = 0;
    const parts = rs.map((r) => {
      const cells = r.results.map((x, i) => {
        worst = Math.max(worst, RELO_TONE_RANK[toneOf(x)]);
        return `${escapeMarkdown(labels[i] ?? '')}: ${markdownCode(cellText(x))}`;
      });
      const why = r.results.find((x) => x.explanation)?.explanation?.summary;
      // Labels, access strings, values and explanations (which quote BTF names) are data: escaped.
      return `**#${r.ordinal} ${escapeMarkdown(r.kindName)}** ${markdownCode(r.access)} — local ${markdownCode(r.results[0]?.before ?? '-')} → ${cells.join(', ')}${why ? `\n\n_${escapeMarkdown(why)}_` : ''}`;
    });
    const tone = worst >= 2 ? 'bad' : worst === 1 ? 'warn' : 'ok';
    return { line, hover: parts.join('\n\n---\n\n'), tone };
  });
}
