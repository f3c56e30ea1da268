/** The loaded files, as badges, with the file picker. */
import { useAppStore } from '../store/app-store';
import { openFiles } from '../data/open-files';
import { FileBadge } from './FileBadge';
import { FilePickerButton } from './FilePickerButton';

export function FileBar() {
  const files = useAppStore((s) => s.files);
  if (!files.length) return null;
  return (
    <div className="file-bar" aria-label="Loaded files">
      <ul className="file-list">
        {files.map((f) => (
          <FileBadge key={f.id} file={f} />
        ))}
      </ul>
      <FilePickerButton onFiles={(fs) => void openFiles(fs)} label="Add files…" />
    </div>
  );
}
