/**
 * Verbs that add and remove files: drop or pick files, load a bundled sample, open the demo,
 * pick the base of a split BTF. Each updates the store's file metadata as the worker answers;
 * the bytes go to the worker and are not kept here (the client re-reads them if it must
 * restart the worker).
 */
import { type FileBytes, WorkerRequestError } from '../../worker/client';
import { type FileId, type LoadResult, WorkerErrorCode } from '../../worker/protocol';
import { useAppStore } from '../store/app-store';
import { type FileMeta, fileRefOf } from '../store/files-slice';
import { pageArgs, typeQuery } from '../views/type-rows';
import { fetchSampleBytes } from '../offline/sample-cache';
import { DEMO, loadSampleIndex } from './samples';
import { seedQuery } from './use-worker-query';
import { workerClient } from './worker-instance';

let nextId = 1;
const newId = () => `f${nextId++}` as FileId;

/** A kernel is labelled by its release, anything else by its name without packing suffixes. */
function defaultLabel(name: string, r: LoadResult): string {
  if (r.status === 'ready' && r.file.role === 'kernel' && r.file.releaseGuess) return r.file.releaseGuess;
  let base = name;
  for (let i = 0; i < 4; i++) base = base.replace(/\.(xz|gz|zst|tar|ko|btf|o)$/, '').replace(/(-el|-eb)?\.bpf$/, '');
  return base || name;
}

/**
 * `bytes`: a dropped File, posted to the worker before the page renders its badge.
 * `onLoaded` runs right after the file's state is updated, so a view it opens renders with it, once.
 */
async function load(
  meta: FileMeta,
  getBytes: () => Promise<FileBytes>,
  opts: { bytes?: FileBytes; onLoaded?: () => void } = {},
): Promise<FileMeta | undefined> {
  const { addFile, updateFile, removeFile } = useAppStore.getState();
  const answer = workerClient().load(meta.id, meta.name, getBytes, {
    ...(opts.bytes && { bytes: opts.bytes }),
    onProgress: perFrame((p) => {
      // A frame may come after the answer: only a file still loading shows progress.
      if (useAppStore.getState().files.find((f) => f.id === meta.id)?.status !== 'loading') return;
      updateFile(meta.id, { progress: { phase: p.phase, done: p.done, total: p.total } });
    }),
  });
  addFile(meta);
  try {
    const r = await answer;
    // For the e2e benchmark: when the worker answered, with its own timings per phase.
    performance.mark('btfscope:loaded', { detail: r.status === 'ready' ? r.file.timingsMs : {} });
    if (r.status === 'ready' && r.firstWindow) {
      seedQuery('listTypes', pageArgs(meta.id, typeQuery('', false, []), { column: 'id', desc: false }, 0), r.firstWindow);
    }
    applyLoadResult(meta.id, r);
    opts.onLoaded?.();
    // The view opens now; validation confirms the file meanwhile (a module waiting for a base
    // is tried on a kernel once that kernel is confirmed).
    if (r.status === 'ready') {
      const role = r.file.role;
      void confirmValid(meta.id).then((ok) => {
        if (ok && role === 'kernel') void retryPendingModules();
      });
    }
  } catch (e) {
    if (e instanceof WorkerRequestError && e.code === WorkerErrorCode.Cancelled) {
      removeFile(meta.id);
      return undefined;
    }
    const error = e instanceof WorkerRequestError ? e.error : { code: 'internal-error', message: String(e), diagnostics: [] };
    updateFile(meta.id, { status: 'error', error, progress: undefined });
  }
  return useAppStore.getState().files.find((f) => f.id === meta.id);
}

/**
 * Calls `fn` with the latest of the values given since the last frame, once per frame: progress
 * messages that queued up while the page was busy become one store update, not one render each.
 */
function perFrame<T>(fn: (v: T) => void): (v: T) => void {
  let latest: T | undefined;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    fn(latest!);
  };
  return (v) => {
    latest = v;
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  };
}

function applyLoadResult(id: FileId, r: LoadResult): void {
  const { updateFile, files } = useAppStore.getState();
  const meta = files.find((f) => f.id === id);
  if (!meta) return;
  if (r.status === 'ready') {
    const keepLabel = meta.label !== meta.name;
    updateFile(id, { status: 'ready', summary: r.file, candidates: undefined, progress: undefined, label: keepLabel ? meta.label : defaultLabel(meta.name, r) });
  } else {
    updateFile(id, { status: 'needs-base', candidates: r.candidates, builtFor: r.builtFor, progress: undefined });
  }
}

/**
 * A big raw BTF is shown as soon as it is indexed and validated just after; a file that
 * turns out invalid moves to the error panel. Counted as activity so data-state stays
 * 'loading' until the file is confirmed. Asked for once the page has painted: on two cores
 * the worker's validation would otherwise compete with that first paint.
 */
async function confirmValid(id: FileId): Promise<boolean> {
  const { addBusy, updateFile } = useAppStore.getState();
  addBusy(1);
  try {
    await afterNextPaint();
    const v = await workerClient().request('validate', { fileId: id });
    const meta = useAppStore.getState().files.find((f) => f.id === id);
    if (meta?.summary && v.diagnostics.length) {
      updateFile(id, { summary: { ...meta.summary, diagnostics: [...meta.summary.diagnostics, ...v.diagnostics] } });
    }
    return true;
  } catch (e) {
    if (e instanceof WorkerRequestError && e.code !== WorkerErrorCode.Cancelled) updateFile(id, { status: 'error', error: e.error, summary: undefined });
    return false;
  } finally {
    addBusy(-1);
  }
}

/** Resolves after the next frame is painted (or soon, if frames are not running: a hidden tab, jsdom). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/** Split BTF waiting for a kernel: try again now that one arrived. */
async function retryPendingModules(): Promise<void> {
  for (const f of useAppStore.getState().files.filter((x) => x.status === 'needs-base' && !x.candidates?.length)) {
    await chooseBase(f.id, 'auto');
  }
}

export async function chooseBase(id: FileId, base: FileId | 'auto'): Promise<void> {
  try {
    applyLoadResult(id, await workerClient().chooseBase(id, base));
  } catch (e) {
    const error = e instanceof WorkerRequestError ? e.error : { code: 'internal-error', message: String(e), diagnostics: [] };
    useAppStore.getState().updateFile(id, { status: 'error', error });
  }
}

/** Files dropped or picked; loaded in parallel. `onLoaded` runs as each one is ready. */
export function addFiles(list: Iterable<File>, onLoaded?: () => void): Promise<FileMeta | undefined>[] {
  return [...list].map((file) =>
    // The File itself goes to the worker, which reads it: nothing big passes the main thread.
    load({ id: newId(), name: file.name, label: file.name, status: 'loading', byteSize: file.size }, async () => file, { bytes: file, ...(onLoaded && { onLoaded }) }),
  );
}

/** A file a share link carries, shown under the label the sender's page showed (`label`). */
export function addSharedFile(file: File, label: string | undefined): Promise<FileMeta | undefined> {
  // A label unlike the name is kept when the file is ready (see load), so the link's label wins.
  return load({ id: newId(), name: file.name, label: label ?? file.name, status: 'loading', byteSize: file.size }, async () => file, { bytes: file });
}

const sampleLoads = new Map<string, Promise<FileMeta | undefined>>();

/** Loads a bundled sample once (several views and the URL may ask for it at the same time). */
export function loadSample(sampleId: string): Promise<FileMeta | undefined> {
  const existing = useAppStore.getState().files.find((f) => f.sample === sampleId && (f.status !== 'error' || f.error?.code === 'unknown-sample'));
  if (existing) return Promise.resolve(existing);
  let p = sampleLoads.get(sampleId);
  if (!p) {
    p = fetchSample(sampleId).finally(() => sampleLoads.delete(sampleId));
    sampleLoads.set(sampleId, p);
  }
  return p;
}

async function fetchSample(sampleId: string): Promise<FileMeta | undefined> {
  const sample = (await loadSampleIndex()).find((s) => s.id === sampleId);
  if (!sample) {
    // A link naming a sample this build does not bundle: say so in the error panel.
    const meta: FileMeta = {
      id: newId(),
      name: `sample ${sampleId}`,
      label: sampleId,
      sample: sampleId,
      status: 'error',
      byteSize: 0,
      error: { code: 'unknown-sample', message: `this build bundles no sample '${sampleId}'`, diagnostics: [] },
    };
    useAppStore.getState().addFile(meta);
    return meta;
  }
  const getBytes = () => fetchSampleBytes(sample);
  return load({ id: newId(), name: sample.file, label: sample.id, sample: sample.id, status: 'loading', byteSize: sample.byteSize }, getBytes);
}

/** Loads the demo files and opens the diff of task_struct between the two kernels. */
export async function openDemo(): Promise<void> {
  const [a, b] = DEMO.kernels.map((k) => `sample:${k}`);
  // Navigate first: the view shows its files arriving (progress on the badges).
  useAppStore.getState().navigate({ route: 'diff', a, b, type: 'struct:task_struct', obj: `sample:${DEMO.object}`, targets: [a!, b!] });
  await Promise.all([...DEMO.kernels, DEMO.object].map(loadSample));
}

export function removeFile(id: FileId): void {
  workerClient().cancelLoad(id);
  void workerClient().unload(id).catch(() => {});
  useAppStore.getState().removeFile(id);
}

export { fileRefOf };
