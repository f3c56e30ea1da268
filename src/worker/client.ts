/**
 * Main-thread side of the worker protocol: request ids, pending promises, transfer lists,
 * progress routing, latest-wins queries and load cancellation. No promise is left hanging:
 * a worker error rejects everything pending, and a protocol mismatch rejects every request
 * from then on. A parse cannot be interrupted, so replacing or cancelling a running load
 * terminates the worker, starts a fresh one and re-sends the other files (their bytes are
 * re-read through the `getBytes` each load was given); queries wait until those are back.
 */
import {
  type ArgsFor, type FileId, type LoadResult, PROTOCOL_VERSION, type ProgressEvent, type RequestKind,
  type ResponseFor, type SerializedError, type WorkerMessage, WorkerErrorCode, isProgress,
} from './protocol';

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: { data: WorkerMessage }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  onmessageerror: ((e: unknown) => void) | null;
  terminate(): void;
}

export class WorkerRequestError extends Error {
  readonly error: SerializedError;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = 'WorkerRequestError';
    this.error = error;
  }
  get code(): string {
    return this.error.code;
  }
}

export type OnProgress = (p: ProgressEvent) => void;
export interface RequestOptions { transfer?: Transferable[]; onProgress?: OnProgress; latest?: string }
interface Pending { resolve(v: unknown): void; reject(e: unknown): void; onProgress?: OnProgress | undefined; resend?: () => void }
/** A file's bytes: a Blob (e.g. a dropped File, read by the worker) or an ArrayBuffer (transferred). */
export type FileBytes = ArrayBuffer | Blob;
interface LoadEntry { name: string; getBytes: () => Promise<FileBytes>; baseFileId?: FileId | undefined; running?: number | undefined }

const fail = (code: string, message: string) => new WorkerRequestError({ code, message, diagnostics: [] });

export class WorkerClient {
  private port: WorkerPort | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly generations = new Map<string, number>();
  private readonly loads = new Map<FileId, LoadEntry>();
  private broken: WorkerRequestError | undefined;
  /** Resolves when re-sent loads are back after a restart; queries wait for it. */
  private ready: Promise<unknown> = Promise.resolve();
  private restarting = false;

  constructor(private readonly createPort: () => WorkerPort) {}

  request<K extends RequestKind>(kind: K, args: ArgsFor<K>, opts: RequestOptions = {}): Promise<ResponseFor<K>> {
    const gen = opts.latest === undefined ? 0 : (this.generations.get(opts.latest) ?? 0) + 1;
    if (opts.latest !== undefined) this.generations.set(opts.latest, gen);
    const answer = this.ready.then(() => this.post(kind, args, opts.transfer ?? [], opts.onProgress));
    if (opts.latest === undefined) return answer as Promise<ResponseFor<K>>;
    const key = opts.latest;
    const stale = () => this.generations.get(key) !== gen;
    return answer.then(
      (v) => (stale() ? Promise.reject(fail(WorkerErrorCode.Stale, 'superseded by a newer request')) : v),
      (e) => Promise.reject(stale() ? fail(WorkerErrorCode.Stale, 'superseded by a newer request') : e),
    ) as Promise<ResponseFor<K>>;
  }

  /**
   * Loads a file; a load of the same id still running is cancelled first. `bytes`, when the
   * caller has them at hand (a dropped File), are posted at once, in this call.
   */
  async load(
    fileId: FileId,
    name: string,
    getBytes: () => Promise<FileBytes>,
    opts: { baseFileId?: FileId; onProgress?: OnProgress; bytes?: FileBytes } = {},
  ): Promise<LoadResult> {
    if (this.loads.get(fileId)?.running !== undefined) this.cancelLoad(fileId);
    const entry: LoadEntry = { name, getBytes, baseFileId: opts.baseFileId };
    this.loads.set(fileId, entry);
    if (opts.bytes !== undefined && !this.restarting && !this.broken) return this.sendLoad(fileId, entry, opts.bytes, opts.onProgress);
    const [bytes] = await Promise.all([getBytes(), this.ready]);
    // Cancelled or replaced while the bytes were being read.
    if (this.loads.get(fileId) !== entry) throw fail(WorkerErrorCode.Cancelled, `loading ${name} was cancelled`);
    return this.sendLoad(fileId, entry, bytes, opts.onProgress);
  }

  /** Stops a running load (restarting the worker) or forgets a loaded file. */
  cancelLoad(fileId: FileId): void {
    const entry = this.loads.get(fileId);
    this.loads.delete(fileId);
    if (entry?.running === undefined) return;
    this.settle(entry.running, false, fail(WorkerErrorCode.Cancelled, `loading ${entry.name} was cancelled`));
    this.restart();
  }

  unload(fileId: FileId): Promise<ResponseFor<'unload'>> {
    this.loads.delete(fileId);
    return this.request('unload', { fileId });
  }

  /** Records the base the user picked, so a restart re-sends the module with it. */
  chooseBase(fileId: FileId, baseFileId: FileId | 'auto'): Promise<LoadResult> {
    return this.request('chooseBase', { fileId, baseFileId }).then((r) => {
      const entry = this.loads.get(fileId);
      if (entry && r.status === 'ready') entry.baseFileId = r.file.baseFileId;
      return r;
    });
  }

  /** Starts the worker ahead of the first request, so it is warm when a file arrives. */
  /**
   * Starts the worker; resolves when it has answered `hello`, which it does once its start-up
   * work (decoder warm-up) is done, or at once if it cannot start.
   */
  start(): Promise<void> {
    if (!this.broken) this.ensurePort();
    return this.hello ?? Promise.resolve();
  }

  private hello: Promise<void> | undefined;

  terminate(): void {
    this.port?.terminate();
    this.port = undefined;
    this.rejectAll(fail(WorkerErrorCode.Cancelled, 'the worker was stopped'));
  }

  private async sendLoad(fileId: FileId, entry: LoadEntry, bytes: FileBytes, onProgress?: OnProgress): Promise<LoadResult> {
    const args = { fileId, name: entry.name, bytes, baseFileId: entry.baseFileId };
    const p = this.post('load', args, bytes instanceof ArrayBuffer ? [bytes] : [], onProgress, (id) => (entry.running = id));
    try {
      const r = await p;
      if (r.status === 'ready') entry.baseFileId = r.file.baseFileId;
      return r;
    } finally {
      entry.running = undefined;
    }
  }

  private post<K extends RequestKind>(kind: K, args: ArgsFor<K>, transfer: Transferable[], onProgress?: OnProgress, onId?: (id: number) => void): Promise<ResponseFor<K>> {
    if (this.broken) return Promise.reject(this.broken);
    const port = this.ensurePort();
    const id = this.nextId++;
    onId?.(id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      port.postMessage({ id, kind, args }, transfer);
    });
  }

  private ensurePort(): WorkerPort {
    if (this.port) return this.port;
    const port = this.createPort();
    this.port = port;
    port.onmessage = (e) => this.receive(e.data);
    port.onerror = port.onmessageerror = (e) => {
      const message = e && typeof e === 'object' && 'message' in e ? String(e.message) : 'the worker failed';
      // Loads running at crash time may have caused it: they are not re-sent.
      for (const [fileId, l] of this.loads) if (l.running !== undefined) this.loads.delete(fileId);
      this.port?.terminate();
      this.port = undefined;
      this.rejectAll(fail(WorkerErrorCode.WorkerCrashed, message));
    };
    const hello = new Promise((resolve, reject) => this.pending.set(this.nextId, { resolve, reject }));
    port.postMessage({ id: this.nextId++, kind: 'hello', args: { protocolVersion: PROTOCOL_VERSION } }, []);
    this.hello = hello.then(
      () => undefined,
      () => undefined,
    );
    hello.catch((e: unknown) => {
      // An older or newer worker may not even know 'hello': any reply but success is a mismatch.
      if (e instanceof WorkerRequestError && e.code !== WorkerErrorCode.WorkerCrashed && e.code !== WorkerErrorCode.Cancelled) {
        this.broken = fail(WorkerErrorCode.ProtocolMismatch, `worker protocol mismatch: ${e.message}`);
        this.rejectAll(this.broken);
      }
    });
    return port;
  }

  private receive(msg: WorkerMessage): void {
    if (isProgress(msg)) return this.pending.get(msg.id)?.onProgress?.(msg);
    if (msg.ok) this.settle(msg.id, true, msg.value);
    else this.settle(msg.id, false, new WorkerRequestError(msg.error));
  }

  private settle(id: number, ok: boolean, v: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (ok) p.resolve(v);
    else p.reject(v);
  }

  private rejectAll(e: unknown): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  /** Fresh worker; other files re-sent (kernels before the modules parsed on them). */
  private restart(): void {
    this.port?.terminate();
    this.port = undefined;
    this.rejectAll(fail(WorkerErrorCode.Cancelled, 'the worker restarted; try again'));
    const entries = [...this.loads].sort((a, b) => Number(a[1].baseFileId !== undefined) - Number(b[1].baseFileId !== undefined));
    this.restarting = true;
    const ready = entries.reduce<Promise<unknown>>(
      (prev, [fileId, entry]) => prev.then(() => entry.getBytes().then((b) => this.sendLoad(fileId, entry, b)).catch(() => undefined)),
      Promise.resolve(),
    );
    this.ready = ready;
    void ready.then(() => {
      if (this.ready === ready) this.restarting = false;
    });
  }
}
