/** Which loaded kernels (and modules) to relocate on: one toggle each, in release order, and "all". */
import { useShallow } from 'zustand/react/shallow';
import { archTagOf } from '../data/arch-tag';
import { inReleaseOrder } from '../data/release-order';
import { useAppStore } from '../store/app-store';
import { fileRefOf } from '../store/files-slice';
import { targetFiles } from '../store/selectors';
import type { FileRef } from '../url/url-state';
import { SafeText } from '../text/SafeText';

export function TargetPicker({ value, onChange }: { value: FileRef[]; onChange: (refs: FileRef[]) => void }) {
  const files = inReleaseOrder(useAppStore(useShallow((s) => targetFiles(s.files))));
  const refs = files.map((f) => fileRefOf(f)).filter((r): r is FileRef => !!r);
  const all = refs.length > 0 && refs.every((r) => value.includes(r));
  // The URL lists the kernels in release order too, so a link reads as the page shows it.
  const ordered = (chosen: FileRef[]) => refs.filter((r) => chosen.includes(r));
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
            onClick={() => onChange(on ? value.filter((r) => r !== ref) : ordered([...value, ref]))}
          >
            <SafeText text={f.label} />
            {archTagOf(f) && <span className="chip-arch"> · {archTagOf(f)}</span>}
          </button>
        );
      })}
      {refs.length > 1 && (
        <button type="button" className="chip" disabled={all} onClick={() => onChange(refs)} data-testid="all-kernels">
          all kernels
        </button>
      )}
    </div>
  );
}
