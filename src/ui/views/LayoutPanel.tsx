/**
 * The layout of a struct or union: summary, byte map and table, with pahole's text one
 * click away. Renders a LayoutView from the worker.
 */
import { useState } from 'react';
import type { TypeArgs } from '../../worker/protocol';
import { ExportButtons } from '../components/ExportButtons';
import { QueryError } from '../components/QueryError';
import { cliJson, layoutTable, toCsv, toMarkdown } from '../data/export-formats';
import { useWorkerQuery } from '../data/use-worker-query';
import { SafeLines } from '../text/SafeText';
import { ByteMap } from './ByteMap';
import { LayoutSummary, LayoutTable } from './LayoutTable';

export function LayoutPanel({ args, onRef }: { args: TypeArgs; onRef: (key: string) => void }) {
  const q = useWorkerQuery('getLayout', args);
  const [pahole, setPahole] = useState(false);
  const [picked, setPicked] = useState<string>();
  const l = q.data?.layout;
  return (
    <div className="panel layout-panel">
      <div className="panel-head">
        <h3>Layout</h3>
        {l && <LayoutSummary layout={l} />}
        <span className="spacer" />
        {l && (
          <ExportButtons
            label="Layout"
            items={[
              { format: 'JSON', filename: `${l.name || 'layout'}.layout.json`, mime: 'application/json', text: () => cliJson(l) },
              { format: 'CSV', filename: `${l.name || 'layout'}.layout.csv`, mime: 'text/csv', text: () => toCsv(layoutTable(l)) },
              { format: 'Markdown', filename: `${l.name || 'layout'}.layout.md`, mime: 'text/markdown', text: () => toMarkdown(layoutTable(l)) },
            ]}
          />
        )}
        <label className="check">
          <input type="checkbox" checked={pahole} onChange={(e) => setPahole(e.target.checked)} /> pahole text
        </label>
      </div>
      <QueryError error={q.error} />
      {l && !pahole && (
        <>
          <ByteMap layout={l} onPick={setPicked} />
          <LayoutTable layout={l} onType={onRef} highlight={picked} />
        </>
      )}
      {q.data && pahole && (
        <pre className="pahole-text">
          <SafeLines text={q.data.paholeText} />
        </pre>
      )}
    </div>
  );
}
