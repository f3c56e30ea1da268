/**
 * Picks one loaded file for a view slot (kernel A, the object, …); the value is a file reference.
 * `withArch`: each kernel also shows its architecture and byte order, as its badge does, so a
 * 6.12 s390x and a 6.12 x86-64 can be told apart.
 */
import { useShallow } from 'zustand/react/shallow';
import { archTagOf } from '../data/arch-tag';
import { useAppStore } from '../store/app-store';
import { type FileMeta, fileRefOf } from '../store/files-slice';
import type { FileRef } from '../url/url-state';
import { visibleText } from '../text/safe-text';

export function FileSelect({
  label,
  value,
  onChange,
  filter = () => true,
  testId,
  withArch = false,
}: {
  label: string;
  value: FileRef | undefined;
  onChange: (ref: FileRef) => void;
  filter?: (f: FileMeta) => boolean;
  testId?: string;
  withArch?: boolean;
}) {
  const files = useAppStore(useShallow((s) => s.files.filter((f) => f.status === 'ready' && filter(f))));
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {!value && <option value="">choose…</option>}
        {files.map((f) => {
          const ref = fileRefOf(f);
          const arch = withArch ? archTagOf(f) : undefined;
          return ref ? (
            <option key={f.id} value={ref}>
              {visibleText(f.label)}
              {arch ? ` · ${arch}` : ''}
            </option>
          ) : null;
        })}
      </select>
    </label>
  );
}
