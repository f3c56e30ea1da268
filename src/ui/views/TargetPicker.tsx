/** Which loaded kernels (and modules) to relocate on: one toggle each. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/app-store';
import { fileRefOf } from '../store/files-slice';
import { targetFiles } from '../store/selectors';
import type { FileRef } from '../url/url-state';
import { SafeText } from '../text/SafeText';

export function TargetPicker({ value, onChange }: { value: FileRef[]; onChange: (refs: FileRef[]) => void }) {
  const files = useAppStore(useShallow((s) => targetFiles(s.files)));
  return (
    <div className="chips" role="group" aria-label="Target kernels">
      <span className="field-label">Kernels</span>
      {files.map((f) => {
        const ref = fileRefOf(f)!;
        const on = value.includes(ref);
        return (
          <button
            key={f.id}
            type="button"
            className={on ? 'chip on' : 'chip'}
            aria-pressed={on}
            onClick={() => onChange(on ? value.filter((r) => r !== ref) : [...value, ref])}
          >
            <SafeText text={f.label} />
          </button>
        );
      })}
    </div>
  );
}
