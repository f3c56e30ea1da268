/** Picks one loaded file for a view slot (kernel A, the object, …); the value is a file reference. */
import { useShallow } from 'zustand/react/shallow';
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
}: {
  label: string;
  value: FileRef | undefined;
  onChange: (ref: FileRef) => void;
  filter?: (f: FileMeta) => boolean;
  testId?: string;
}) {
  const files = useAppStore(useShallow((s) => s.files.filter((f) => f.status === 'ready' && filter(f))));
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {!value && <option value="">choose…</option>}
        {files.map((f) => {
          const ref = fileRefOf(f);
          return ref ? (
            <option key={f.id} value={ref}>
              {visibleText(f.label)}
            </option>
          ) : null;
        })}
      </select>
    </label>
  );
}
