/**
 * Type view: one type of one file — its layout (table and byte map) for structs and unions,
 * its C definition (bpftool's text, type names clickable), and the types that use it.
 * Each part renders a worker view model, so a share link can feed the same components.
 */
import { useShallow } from 'zustand/react/shallow';
import { kindName } from '../../core/btf/btf-kinds';
import { FileSelect } from '../components/FileSelect';
import { QueryError } from '../components/QueryError';
import { diffAcross, openType } from '../data/nav';
import { fetchQuery, useWorkerQuery } from '../data/use-worker-query';
import { ExportButtons } from '../components/ExportButtons';
import { MonacoView } from '../monaco/MonacoView';
import { ShareButton } from '../share/ShareButton';
import { useAppStore } from '../store/app-store';
import { fileForRef } from '../store/selectors';
import { CTextNotes } from './CTextNotes';
import { LayoutPanel } from './LayoutPanel';
import { UsedByList } from './UsedByList';
import { SafeText } from '../text/SafeText';

export function TypeView() {
  const { fileRef, type } = useAppStore(useShallow((s) => ({ fileRef: s.view.file, type: s.view.type })));
  const file = useAppStore((s) => fileForRef(s.files, fileRef));
  const navigate = useAppStore((s) => s.navigate);
  const kernels = useAppStore((s) => s.files.filter((f) => f.status === 'ready' && f.summary?.role !== 'object').length);
  const args = file && type ? { fileId: file.id, type } : null;
  const c = useWorkerQuery('dumpC', args);
  const onRef = (key: string) => openType(fileRef, key);
  const title = c.data ? `${kindName(c.data.kind).toLowerCase()} ${c.data.name || '(anon)'}` : (type ?? '').replace(':', ' ');

  return (
    <section className="view type-view" aria-label="Type">
      <div className="toolbar">
        <FileSelect label="File" value={fileRef} onChange={(ref) => navigate({ file: ref })} />
        <TypeJump onGo={(key) => openType(fileRef, key)} />
        {kernels > 1 && type && !type.startsWith('#') && (
          <button type="button" className="btn" onClick={() => diffAcross(fileRef, type)} title="Compare this type between the kernel shown and another loaded kernel">
            Diff across kernels
          </button>
        )}
        <ShareButton kind="type" />
        {args && (
          <ExportButtons
            label="C"
            items={[
              {
                format: 'C',
                filename: `${type!.replace(/^[a-z_]+:/, '').replace(/[^\w.-]/g, '_')}.h`,
                mime: 'text/x-c',
                text: async () => (await fetchQuery('dumpCWithDeps', args)).text,
              },
            ]}
          />
        )}
      </div>
      <h2 className="type-title" data-testid="type-title">
        <SafeText text={title} />
        {c.data && <span className="muted"> [{c.data.id}]</span>}
        {c.data && c.data.duplicates > 1 && <span className="muted"> · {c.data.duplicates} types share this name; showing the first</span>}
      </h2>
      {!type && <p className="empty">Open a type from the Types view.</p>}
      <QueryError error={c.error} />
      {args && c.data && <CTextNotes view={c.data} args={args} />}
      {args && c.data && (c.data.kind === 4 || c.data.kind === 5) && <LayoutPanel args={args} onRef={onRef} />}
      {c.data && (
        <div className="panel">
          <h3>C definition</h3>
          <MonacoView text={c.data.text} refs={c.data.refs} onRef={onRef} label={`C definition of ${title}`} />
        </div>
      )}
      {args && c.data && <UsedByList args={args} onOpen={onRef} />}
    </section>
  );
}

function TypeJump({ onGo }: { onGo: (key: string) => void }) {
  return (
    <label className="field grow">
      <span className="field-label">Open type</span>
      <input
        type="search"
        placeholder="struct:task_struct, task_struct or #1234, then Enter"
        aria-label="Open type by name"
        onKeyDown={(e) => {
          const v = (e.target as HTMLInputElement).value.trim().replace(/^(struct|union|enum|typedef)\s+/, '$1:');
          if (e.key === 'Enter' && v) onGo(v);
        }}
      />
    </label>
  );
}
