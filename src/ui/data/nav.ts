/**
 * Navigation with sensible defaults: a tab fills in the files its view needs from what is
 * loaded (the current file, the first two kernels for a diff, every kernel as a relocation
 * target) so one click always shows something.
 */
import { useAppStore } from '../store/app-store';
import { type FileMeta, fileRefOf } from '../store/files-slice';
import { fileForRef, readyFiles, targetFiles } from '../store/selectors';
import type { FileRef, Route, UrlState } from '../url/url-state';
import { compareReleases, inReleaseOrder } from './release-order';

const refs = (files: FileMeta[]) => files.map(fileRefOf).filter((r): r is FileRef => !!r);

export function defaultsFor(route: Route, view: UrlState, files: FileMeta[]): Partial<UrlState> {
  const kernels = refs(readyFiles(files, 'kernel'));
  const targets = refs(inReleaseOrder(targetFiles(files)));
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

/**
 * "Diff across kernels" from a type page: the kernel being viewed is always one side. The
 * other is the one the Diff view last compared it with, else the kernel released just
 * before it (else just after); the older of the two is A.
 */
export function diffAcross(file: FileRef | undefined, type: string): void {
  const { view, files, navigate } = useAppStore.getState();
  const viewed = fileForRef(files, file);
  const role = viewed?.summary?.role;
  if (!viewed || !file) return goTo('diff', { type });
  const peers = inReleaseOrder(readyFiles(files).filter((f) => f.summary?.role === role));
  const previous = [view.a, view.b]
    .filter((r) => r !== file)
    .map((r) => fileForRef(files, r))
    .find((f) => f && f !== viewed && f.summary?.role === role);
  const at = peers.indexOf(viewed);
  const other = previous ?? peers[at - 1] ?? peers[at + 1];
  const otherRef = other && fileRefOf(other);
  if (!otherRef) return goTo('diff', { type });
  const [a, b] = compareReleases(other, viewed) <= 0 ? [otherRef, file] : [file, otherRef];
  navigate({ route: 'diff', a, b, type });
}
