/**
 * The worker-resident session: the parsed files (Map<FileId, LoadedFile>) and one handler per
 * request kind. Plain TypeScript with no worker globals, so tests call `handle` directly in
 * node. Handlers return view models sized for the screen; a handler that throws becomes an
 * `{ ok: false }` reply carrying a SerializedError (see btf.worker.ts).
 */
import { type BpfObject, type Btf, type BtfSource, type Diagnostic, hasFileErrors, isFileError, validateBtf } from '../core/index';
import { type BaseCandidate, matchBase } from './base-match';
import { type Hasher, hashHere } from './hasher';
import { type ParsedFile, type PendingSplit, type Progress, loadFile, parseOnBase } from './load-file';
import {
  type ArgsFor,
  type FileFacts,
  type FileId,
  type FileSummary,
  type LoadResult,
  PROTOCOL_VERSION,
  type Request,
  TYPE_PAGE_ROWS,
  type RequestKind,
  type ResponseFor,
  WorkerErrorCode,
} from './protocol';
import { typeCDownload, typeCView, typeCWithDeps } from './c-text';
import { diffJsonText, diffSummary, diffTypeView } from './diff';
import type { DiffSummaryView } from './diff-view-model';
import { layoutView } from './layout';
import { bpfObjectOf, relocationsView } from './relocations';
import { shareView } from './share';
import { resolveTypeKey } from './type-key';
import { TypeColumns } from './type-list';
import { UsedByIndex } from './used-by';
import { WorkerError } from './worker-error';

export interface LoadedFile extends ParsedFile {
  columns?: TypeColumns;
  usedBy?: UsedByIndex;
  object?: BpfObject;
}

type Handlers = { [K in RequestKind]: (args: ArgsFor<K>, progress: Progress) => Promise<ResponseFor<K>> | ResponseFor<K> };

/** How long the worker must be idle before it diffs a new kernel pair in the background. */
const PREFETCH_IDLE_MS = 300;

export class Session {
  readonly files = new Map<FileId, LoadedFile>();
  private readonly pending = new Map<FileId, PendingSplit>();
  private prefetch: { a: FileId; b: FileId } | undefined;
  private prefetchTimer: ReturnType<typeof setTimeout> | undefined;

  /** `hash`: where files are hashed (btf.worker.ts passes a worker of its own). */
  constructor(private readonly hash: Hasher = hashHere) {}

  /** Runs one request; throws WorkerError (or anything) on failure. */
  async handle<K extends RequestKind>(kind: K, args: ArgsFor<K>, progress: Progress = () => {}): Promise<ResponseFor<K>> {
    const handler = this.handlers[kind] as (a: ArgsFor<K>, p: Progress) => Promise<ResponseFor<K>> | ResponseFor<K>;
    if (!handler) throw new WorkerError(WorkerErrorCode.BadRequest, `unknown request kind '${String(kind)}'`);
    if (this.prefetch) this.schedulePrefetch();
    return handler(args, progress);
  }

  /** Convenience for a whole request message. */
  handleRequest(req: Request, progress?: Progress): Promise<unknown> {
    return this.handle(req.kind, req.args as never, progress);
  }

  file(fileId: FileId): LoadedFile {
    const f = this.files.get(fileId);
    if (!f) throw new WorkerError(WorkerErrorCode.UnknownFile, `file ${fileId} is not loaded`);
    return f;
  }

  btf(fileId: FileId): Btf {
    return this.file(fileId).source.btf;
  }

  source(fileId: FileId): BtfSource {
    return this.file(fileId).source;
  }

  /** Loaded kernels that can serve as the base of a split BTF. */
  private kernels(): BaseCandidate[] {
    return [...this.files.values()]
      .filter((f) => f.summary.role === 'kernel')
      .map((f) => ({ fileId: f.summary.fileId, btf: f.source.btf, sha256: f.summary.sha256 }));
  }

  private kernel(fileId: FileId): BaseCandidate {
    const k = this.kernels().find((c) => c.fileId === fileId);
    if (!k) throw new WorkerError(WorkerErrorCode.UnknownFile, `file ${fileId} is not a loaded kernel`);
    return k;
  }

  private adopt(parsed: ParsedFile): LoadResult {
    const f: LoadedFile = parsed;
    if (f.summary.role === 'object') {
      const obj = bpfObjectOf(f);
      const count = (secs: { records: unknown[] }[] | undefined) => (secs ?? []).reduce((n, s) => n + s.records.length, 0);
      f.summary.object = {
        programs: obj.programs.filter((p) => !p.isSubprog).length,
        coreRelos: count(obj.btfExt?.coreRelo),
        lineInfos: count(obj.btfExt?.lineInfo),
      };
    }
    this.files.set(parsed.summary.fileId, f);
    this.pending.delete(parsed.summary.fileId);
    return { status: 'ready', file: parsed.summary };
  }

  private readonly diffs = new Map<string, DiffSummaryView>();
  /** Whole raw kernels still to validate: run on the page's `validate`, once. */
  private readonly validations = new Map<FileId, () => Diagnostic[]>();

  private deferValidation(parsed: ParsedFile): void {
    let diags: Diagnostic[] | undefined;
    this.validations.set(parsed.summary.fileId, () => {
      if (!diags) {
        const t = performance.now();
        diags = validateBtf(parsed.source.btf);
        parsed.summary.timingsMs['validate'] = Math.round((performance.now() - t) * 10) / 10;
        // A second kernel: diff it against the first one while the page shows the answer.
        if (!hasFileErrors(diags) && parsed.summary.role === 'kernel') this.prefetchDiff(parsed.summary.fileId);
      }
      return diags;
    });
  }

  private diffOf(a: FileId, b: FileId): DiffSummaryView {
    const key = `${a} ${b}`;
    let d = this.diffs.get(key);
    if (!d) {
      d = diffSummary(a, this.btf(a), b, this.btf(b));
      this.diffs.set(key, d);
    }
    return d;
  }

  /**
   * A second kernel arrived: diff it against the first one once the worker is idle, so the Diff
   * view (which opens on that pair) answers at once. The diff is seconds of uninterruptible work
   * on a busy machine, so every request that arrives first pushes it back (handle): it must not
   * hold up what the page is actually waiting for (another view's query, the next file).
   */
  private prefetchDiff(fileId: FileId): void {
    const first = this.kernels()[0]?.fileId;
    if (!first || first === fileId) return;
    this.prefetch = { a: first, b: fileId };
    this.schedulePrefetch();
  }

  private schedulePrefetch(): void {
    if (this.prefetchTimer !== undefined) clearTimeout(this.prefetchTimer);
    this.prefetchTimer = setTimeout(() => {
      this.prefetchTimer = undefined;
      const p = this.prefetch;
      this.prefetch = undefined;
      if (p && this.files.has(p.a) && this.files.has(p.b)) this.diffOf(p.a, p.b);
    }, PREFETCH_IDLE_MS);
  }

  /** The Types view's first page rides along with the load: one round trip less to first paint. */
  private withFirstWindow(r: LoadResult): LoadResult {
    if (r.status !== 'ready') return r;
    const f = this.file(r.file.fileId);
    const t = performance.now();
    f.columns ??= new TypeColumns(f.source.btf);
    const firstWindow = f.columns.window({
      fileId: r.file.fileId,
      query: { text: '', mode: 'substring', kinds: [] },
      sort: { column: 'id', desc: false },
      range: { start: 0, count: TYPE_PAGE_ROWS },
    });
    r.file.timingsMs['window'] = Math.round((performance.now() - t) * 10) / 10;
    return { ...r, firstWindow };
  }

  private readonly handlers: Handlers = {
    hello: ({ protocolVersion }) => {
      if (protocolVersion !== PROTOCOL_VERSION) {
        throw new WorkerError(
          WorkerErrorCode.ProtocolMismatch,
          `the page speaks protocol ${protocolVersion}, this worker ${PROTOCOL_VERSION}: reload the page`,
        );
      }
      return { protocolVersion: PROTOCOL_VERSION };
    },
    load: async ({ fileId, name, bytes, baseFileId }, progress) => {
      this.unloadOne(fileId);
      const base = baseFileId ? this.kernel(baseFileId) : undefined;
      const t = performance.now();
      const raw = new Uint8Array(bytes instanceof ArrayBuffer ? bytes : await bytes.arrayBuffer());
      const readMs = Math.round((performance.now() - t) * 10) / 10;
      const out = await loadFile(fileId, name, raw, this.kernels(), base, progress, this.hash(raw));
      const timingsMs = ('parsed' in out ? out.parsed.summary : out.pending).timingsMs;
      // Wall-clock (timeOrigin + now, comparable across threads) when the request arrived.
      timingsMs['startedAtMs'] = Math.round(performance.timeOrigin + t);
      timingsMs['read'] = readMs;
      if ('parsed' in out) {
        const r = this.withFirstWindow(this.adopt(out.parsed));
        // The page asks for validation once it has shown this answer (on two cores, a
        // validation running meanwhile would slow its first paint); then, for a second
        // kernel, a diff is prefetched.
        if (out.parsed.validated === false) this.deferValidation(out.parsed);
        else if (out.parsed.summary.role === 'kernel') this.prefetchDiff(fileId);
        return r;
      }
      this.pending.set(fileId, out.pending);
      return { status: 'needs-base', fileId, facts: out.pending.facts, candidates: out.candidates, builtFor: out.pending.builtFor };
    },
    chooseBase: ({ fileId, baseFileId }) => {
      const p = this.pending.get(fileId);
      if (!p) throw new WorkerError(WorkerErrorCode.UnknownFile, `file ${fileId} is not waiting for a base`);
      if (baseFileId !== 'auto') return this.adopt(parseOnBase(p, this.kernel(baseFileId)));
      // The same test as at load time: parses cleanly and every name lands on a string.
      const fits = matchBase(p.bytes, this.kernels()).fits;
      if (fits.length === 1) return this.adopt(parseOnBase(p, this.kernel(fits[0]!.fileId)));
      return { status: 'needs-base', fileId, facts: p.facts, candidates: fits.map((f) => f.fileId), builtFor: p.builtFor };
    },
    unload: ({ fileId }) => ({ unloaded: this.unloadOne(fileId) }),
    validate: ({ fileId }) => {
      const diagnostics = this.validations.get(fileId)?.() ?? [];
      const f = this.files.get(fileId);
      if (hasFileErrors(diagnostics)) {
        this.unloadOne(fileId);
        const code = diagnostics.find(isFileError)!.code;
        throw new WorkerError(code, `${f?.summary.name ?? fileId}: its BTF does not validate`, diagnostics, f && factsOf(f.summary));
      }
      if (!f) throw new WorkerError(WorkerErrorCode.UnknownFile, `file ${fileId} is not loaded`);
      return { diagnostics };
    },
    listTypes: (args) => {
      const f = this.file(args.fileId);
      f.columns ??= new TypeColumns(f.source.btf);
      return f.columns.window(args);
    },
    getLayout: ({ fileId, type }) => layoutView(this.btf(fileId), type),
    dumpC: ({ fileId, type }) => typeCView(this.btf(fileId), type),
    downloadC: ({ fileId, type }) => typeCDownload(this.btf(fileId), type),
    dumpCWithDeps: ({ fileId, type }) => typeCWithDeps(this.btf(fileId), type),
    usedBy: ({ fileId, type, limit }) => {
      const f = this.file(fileId);
      const id = resolveTypeKey(f.source.btf, type);
      f.usedBy ??= new UsedByIndex(f.source.btf);
      return { key: type, ...f.usedBy.query(id, limit ?? 500) };
    },
    diff: ({ aFileId, bFileId }) => this.diffOf(aFileId, bFileId),
    diffType: ({ aFileId, bFileId, type }) => diffTypeView(this.btf(aFileId), this.btf(bFileId), type),
    diffJson: ({ aFileId, bFileId, before, after }) => diffJsonText(this.btf(aFileId), this.btf(bFileId), before, after),
    relocations: ({ objectFileId, targets }) =>
      relocationsView(
        this.file(objectFileId),
        targets.map(({ fileId, label }) => ({ fileId, label, file: this.file(fileId) })),
      ),
    share: (args) => shareView(args, (id) => this.file(id)),
  };

  private unloadOne(fileId: FileId): boolean {
    this.validations.delete(fileId);
    for (const key of this.diffs.keys()) if (key.split(' ').includes(fileId)) this.diffs.delete(key);
    const had = this.files.delete(fileId) || this.pending.delete(fileId);
    // Modules parsed on this kernel cannot outlive it.
    for (const [id, f] of this.files) if (f.summary.baseFileId === fileId) this.files.delete(id);
    return had;
  }
}

function factsOf(s: FileSummary): FileFacts {
  return { name: s.name, byteSize: s.byteSize, sha256: s.sha256, headHex: s.headHex, tailHex: s.tailHex };
}
