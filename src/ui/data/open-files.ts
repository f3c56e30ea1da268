/**
 * Files dropped or picked by the user: load them and, from the start page, open a view as
 * soon as the first one is ready (the Types view; Relocations once an object and a kernel
 * are both there).
 */
import { useAppStore } from '../store/app-store';
import { readyFiles } from '../store/selectors';
import { addFiles } from './file-actions';
import { goTo } from './nav';

export async function openFiles(files: File[]): Promise<void> {
  performance.mark('btfscope:drop');
  const fromHome = useAppStore.getState().view.route === 'home';
  const place = () => {
    const { view, files: all } = useAppStore.getState();
    const kernels = readyFiles(all, 'kernel').length;
    const objects = readyFiles(all, 'object').length;
    if (objects && kernels) goTo('relocs');
    else if (view.route === 'home' && (kernels || objects)) goTo('types');
  };
  // Placed in the same tick as the file turns ready: one render shows the file and its view.
  await Promise.all(addFiles(files, fromHome ? place : undefined));
}
