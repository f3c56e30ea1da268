/**
 * Take a view away: for each format, "copy" (to the clipboard) and "download" (a file). The
 * text is made on click (a C dump of a type's dependencies is asked of the worker then).
 */
import { useState } from 'react';

export interface ExportItem {
  /** 'C', 'JSON', 'CSV', 'Markdown'. */
  format: string;
  filename: string;
  mime: string;
  text: () => string | Promise<string>;
}

function download(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButtons({ items, label = 'Export' }: { items: ExportItem[]; label?: string }) {
  const [status, setStatus] = useState<string>();
  const run = async (item: ExportItem, how: 'copy' | 'download') => {
    try {
      const text = await item.text();
      if (how === 'download') download(item.filename, item.mime, text);
      else await navigator.clipboard.writeText(text);
      setStatus(how === 'copy' ? `${item.format} copied` : `${item.filename} saved`);
    } catch (e) {
      setStatus(`could not ${how} ${item.format}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <span className="export-buttons" role="group" aria-label={label}>
      <span className="field-label">{label}</span>
      {items.map((item) => (
        <span key={item.format} className="export-item">
          <button type="button" className="chip" onClick={() => void run(item, 'copy')} data-testid={`copy-${item.format}`} title={`Copy as ${item.format}`}>
            {item.format === 'C' ? 'Copy C' : item.format}
          </button>
          <button
            type="button"
            className="chip"
            onClick={() => void run(item, 'download')}
            data-testid={`download-${item.format}`}
            aria-label={`Download ${item.filename}`}
            title={`Download ${item.filename}`}
          >
            ⤓
          </button>
        </span>
      ))}
      {status && (
        <span className="muted export-status" role="status">
          {status}
        </span>
      )}
    </span>
  );
}
