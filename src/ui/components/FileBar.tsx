/** The loaded files, as badges, with the file picker. */
import { useAppStore } from '../store/app-store';
import { openFiles } from '../data/open-files';
import { FileBadge } from './FileBadge';
import { FilePickerButton } from './FilePickerButton';

export function FileBar() {
  const files = useAppStore((s) => s.files);
  const home = useAppStore((s) => s.view.route === 'home');
  if (!files.length && home) return null;
  return (
    <div className="file-bar" aria-label="Loaded files">
      <ul className="file-list">
        {!files.length && <li className="muted">No files yet: drop some anywhere on the page.</li>}
        {files.map((f) => (
          <FileBadge key={f.id} file={f} />
        ))}
      </ul>
      <FilePickerButton onFiles={(fs) => void openFiles(fs)} label="Add files…" />
    </div>
  );
}
