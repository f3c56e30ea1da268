/**
 * One loaded file: its label (click to rename), role, counts, progress while loading, the
 * base choice for split BTF, and a remove button. The tooltip carries name, size and sha256.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FileId } from '../../worker/protocol';
import { archTagOf } from '../data/arch-tag';
import { chooseBase, removeFile } from '../data/file-actions';
import { useAppStore } from '../store/app-store';
import type { FileMeta } from '../store/files-slice';
import { ProgressBar } from './ProgressBar';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

const fmt = new Intl.NumberFormat('en-US');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

export function FileBadge({ file }: { file: FileMeta }) {
  const setLabel = useAppStore((s) => s.setLabel);
  const kernels = useAppStore(useShallow((s) => s.files.filter((f) => f.status === 'ready' && f.summary?.role === 'kernel')));
  const baseLabel = useAppStore((s) => s.files.find((f) => f.id === file.summary?.baseFileId)?.label);
  const [editing, setEditing] = useState(false);
  const s = file.summary;
  const arch = archTagOf(file);
  const role = s?.role ?? (file.status === 'needs-base' ? 'module' : 'file');
  const title = [visibleText(file.name), formatBytes(file.byteSize), s ? `sha256 ${s.sha256}` : '', s?.layers.length ? `unpacked: ${visibleText(s.layers.join(' → '))}` : '']
    .filter(Boolean)
    .join('\n');
  return (
    <li className={`file-badge status-${file.status} role-${role}`} data-file-label={file.label} data-status={file.status} title={title}>
      <span className="file-role">{role}</span>
      {editing ? (
        <input
          className="file-label-input"
          defaultValue={file.label}
          autoFocus
          aria-label="File label"
          onBlur={(e) => {
            setLabel(file.id, e.target.value);
            setEditing(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            if (e.key === 'Escape') setEditing(false);
          }}
        />
      ) : (
        <button type="button" className="file-label" onClick={() => setEditing(true)} title="Rename" aria-label={`Rename ${role} ${visibleText(file.label)}`}>
          <SafeText text={file.label} />
        </button>
      )}
      {arch && (
        <span className="file-arch" data-testid="file-arch" title="Architecture and byte order, from the file (ELF e_machine or struct pt_regs)">
          · {arch}
        </span>
      )}
      {file.status === 'loading' && <ProgressBar progress={file.progress} />}
      {file.status === 'ready' && s && (
        <span className="file-count" data-testid="type-count">
          {fmt.format(s.ownTypeCount)} types
          {s.object ? ` · ${s.object.coreRelos} relocations` : ''}
          {baseLabel ? ` · on ${baseLabel}` : ''}
        </span>
      )}
      {file.status === 'error' && <span className="file-count error-text">{file.error?.code ?? 'error'}</span>}
      {file.status === 'needs-base' && <BaseChoice id={file.id} candidates={file.candidates ?? []} kernels={kernels} builtFor={file.builtFor} />}
      <button type="button" className="btn-x" aria-label={`Remove ${visibleText(file.label)}`} title="Remove" onClick={() => removeFile(file.id)}>
        ×
      </button>
    </li>
  );
}

function BaseChoice({ id, candidates, kernels, builtFor }: { id: FileId; candidates: FileId[]; kernels: FileMeta[]; builtFor: string | undefined }) {
  const options = candidates.length ? kernels.filter((k) => candidates.includes(k.id)) : kernels;
  if (!kernels.length) {
    return (
      <span className="file-count warn-text" data-testid="needs-base">
        split BTF: drop its vmlinux{builtFor ? <> (built for <SafeText text={builtFor} />)</> : ''}
      </span>
    );
  }
  return (
    <label className="file-count warn-text">
      {candidates.length > 1 ? 'which base? ' : builtFor ? `built for ${visibleText(builtFor)}; no loaded kernel fits; try ` : 'no loaded kernel fits; try '}
      <select defaultValue="" onChange={(e) => e.target.value && void chooseBase(id, e.target.value as FileId)}>
        <option value="">choose…</option>
        {options.map((k) => (
          <option key={k.id} value={k.id}>
            {visibleText(k.label)}
          </option>
        ))}
      </select>
    </label>
  );
}
