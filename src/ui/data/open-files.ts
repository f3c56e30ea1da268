/**
 * Files dropped or picked by the user: load them and, from the start page, open a view as
 * soon as the first one is ready (the Types view; Relocations once an object and a kernel
 * are both there). Elsewhere, a newly added object becomes the one the Relocations view shows.
 */
import { useAppStore } from '../store/app-store';
import { type FileMeta, fileRefOf } from '../store/files-slice';
import { readyFiles } from '../store/selectors';
import { addFiles } from './file-actions';
import { goTo } from './nav';

export async function openFiles(files: File[]): Promise<void> {
  performance.mark('btfscope:drop');
  const fromHome = useAppStore.getState().view.route === 'home';
  const known = new Set(useAppStore.getState().files.map((f) => f.id));
  const place = () => {
    const { view, files: all } = useAppStore.getState();
    const kernels = readyFiles(all, 'kernel').length;
    const objects = readyFiles(all, 'object');
    if (fromHome) {
      if (objects.length && kernels) goTo('relocs');
      else if (view.route === 'home' && (kernels || objects.length)) goTo('types');
      return;
    }
    selectNewObject(objects.filter((f) => !known.has(f.id)));
  };
  // Placed in the same tick as the file turns ready: one render shows the file and its view.
  await Promise.all(addFiles(files, place));
}

/** A newly added object is the one the Relocations and Source views show (the last one added). */
function selectNewObject(fresh: FileMeta[]): void {
  const latest = fresh[fresh.length - 1];
  const ref = latest && fileRefOf(latest);
  const { view, refine } = useAppStore.getState();
  if (ref && ref !== view.obj) refine({ obj: ref, relo: undefined, reloKernel: undefined });
}
