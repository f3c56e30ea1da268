/**
 * Navigation with sensible defaults: a tab fills in the files its view needs from what is
 * loaded (the current file, the first two kernels for a diff, every kernel as a relocation
 * target) so one click always shows something.
 */
import { useAppStore } from '../store/app-store';
import { type FileMeta, fileRefOf } from '../store/files-slice';
import { fileForRef, readyFiles, targetFiles } from '../store/selectors';
import type { FileRef, Route, UrlState } from '../url/url-state';

const refs = (files: FileMeta[]) => files.map(fileRefOf).filter((r): r is FileRef => !!r);

export function defaultsFor(route: Route, view: UrlState, files: FileMeta[]): Partial<UrlState> {
  const kernels = refs(readyFiles(files, 'kernel'));
  const targets = refs(targetFiles(files));
  const objects = refs(readyFiles(files, 'object'));
  const all = refs(readyFiles(files));
  const has = (r: FileRef | undefined) => !!fileForRef(files, r);
  switch (route) {
    case 'types':
    case 'type': {
      // Kernels before objects: coming from another view, an object left in `file` (the first
      // file ready after a drop, say) gives way to a kernel; within Types/Type it is kept.
      const cur = fileForRef(files, view.file);
      const within = view.route === 'types' || view.route === 'type';
      const keep = cur && (within || cur.summary?.role !== 'object' || !kernels.length);
      return { route, file: keep ? view.file : has(view.a) ? view.a : (kernels[0] ?? all[0]) };
    }
    case 'diff': {
      const a = has(view.a) ? view.a : kernels[0];
      const b = has(view.b) ? view.b : kernels.find((k) => k !== a);
      return { route, a, b };
    }
    case 'relocs':
    case 'source': {
      const obj = has(view.obj) ? view.obj : objects[0];
      const kept = view.targets.filter(has);
      return { route, obj, targets: kept.length ? kept : targets };
    }
    default:
      return { route };
  }
}

export function goTo(route: Route, extra: Partial<UrlState> = {}): void {
  const { view, files, navigate } = useAppStore.getState();
  navigate({ ...defaultsFor(route, view, files), ...extra });
}

/** Opens a type of a file in the Type view. */
export function openType(file: FileRef | undefined, type: string): void {
  useAppStore.getState().navigate({ route: 'type', file, type });
}
