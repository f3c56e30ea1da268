/**
 * relocateObject: what libbpf 1.1.2 would do to every CO-RE relocation of a BPF object on
 * each of several target kernels, computed offline and in one pass per target.
 *
 * Spec: libbpf 1.1.2 libbpf.c — bpf_object__relocate_core, bpf_core_resolve_relo. Per
 * target, relocations are processed in .BTF.ext order with one candidate cache per local
 * type id, shared by the whole object and narrowed after each relocation. libbpf stops at
 * the first hard error; we record that and keep computing the rest on a scratch copy
 * (marked `unreached`). Every program is treated as loaded (autoload on), as the libbpf
 * oracle in tools/libbpf-oracle loads them.
 */
import { type BpfObject, findProgramBySectionInsn } from '../bpf/bpf-object';
import { type BpfInsn, decodeInsns, encodeInsns } from '../bpf/insn';
import { findLineInfo } from '../btf-ext/btf-ext';
import { ParseError } from '../diagnostics';
import { formatAccessC, typeLabel } from './access-c';
import { btfKindStr } from './btf-helpers';
import { type CoreCandList, type CoreTarget, findCands } from './candidates';
import { explainFailure } from './explain';
import { insnTexts } from './insn-view';
import { insnFieldValue, type PatchOutcome, patchInsn } from './patch-insn';
import { CoreError, CoreReloKind, Errno, LibbpfFault, coreReloKindName } from './relo-kinds';
import type { ReloOutcome, RelocationReport, RelocationView, TargetReloResult, TargetSummary } from './report';
import { type ResolveTrace, resolveRelo } from './resolve-relo';
import { formatSpec, parseSpec } from './spec';
import { targetVerdict } from './verdict';

export type { CoreTarget } from './candidates';

const PREFIX = 'libbpf: ';

/** Mutable per-target state while walking the object. */
interface TargetRun {
  target: CoreTarget;
  cache: Map<number, CoreCandList | undefined>;
  /** Working instructions libbpf would hold, per program. */
  insns: Map<string, BpfInsn[]>;
  /** Raw libbpf messages, each "libbpf: …\n". */
  log: string[];
  failedAt: TargetSummary['failedAt'];
}

function programInsns(run: TargetRun, obj: BpfObject, name: string): BpfInsn[] {
  let insns = run.insns.get(name);
  if (!insns) {
    const prog = obj.programs.find((p) => p.name === name)!;
    insns = decodeInsns(prog.bytes, obj.littleEndian);
    run.insns.set(name, insns);
  }
  return insns;
}

function emptyResult(target: string, result: ReloOutcome): TargetReloResult {
  return { target, result, targetSpec: null, candidates: [], before: null, after: null, patches: [], poisoned: [], insnsBefore: [], insnsAfter: [], messages: [] };
}

/**
 * Relocates `obj` against each target. Pure and synchronous; never throws for bad input
 * (a relocation that trips over malformed BTF becomes an `error` result).
 */
export function relocateObject(obj: BpfObject, targets: readonly CoreTarget[]): RelocationReport {
  const coreSections = obj.btfExtUsable ? (obj.btfExt?.coreRelo ?? []) : [];
  const views: RelocationView[] = buildViews(obj, coreSections);
  const summaries: TargetSummary[] = [];
  const patchedInsns: RelocationReport['patchedInsns'] = {};
  for (const target of targets) {
    const run: TargetRun = { target, cache: new Map(), insns: new Map(), log: [], failedAt: null };
    let scratch: TargetRun | undefined;
    let ordinal = 0;
    for (const sec of coreSections) {
      if (sec.secName === '') {
        // libbpf: -EINVAL for the whole object, nothing logged.
        run.failedAt ??= { ordinal, section: '', reloIndex: 0, errno: -Errno.EINVAL };
      }
      if (!run.failedAt) run.log.push(`${PREFIX}sec '${sec.secName}': found ${sec.records.length} CO-RE relocations\n`);
      for (let i = 0; i < sec.records.length; i++, ordinal++) {
        const view = views[ordinal]!;
        const active = run.failedAt ? (scratch ??= cloneRun(run)) : run;
        const r = relocateOne(obj, active, view, i, sec.records[i]!);
        if (run.failedAt) {
          if (r.result !== 'skipped') {
            r.wouldBe = r.result as 'patched' | 'poisoned' | 'error';
            r.result = 'unreached';
          }
        } else if (r.result === 'error') {
          run.failedAt = { ordinal, section: sec.secName, reloIndex: i, errno: r.errno ?? -Errno.EINVAL, ...(r.fault ? { fault: r.fault } : {}) };
          scratch = cloneRun(run);
        }
        view.results.push(r);
      }
    }
    // A libbpf that faulted prints nothing more.
    if (run.failedAt && !run.failedAt.fault) run.log.push(`${PREFIX}failed to perform CO-RE relocations: ${run.failedAt.errno}\n`);
    const summary = summarize(run, views, summaries.length);
    const bytes: Record<string, Uint8Array> = {};
    for (const p of obj.programs) bytes[p.name] = run.insns.has(p.name) ? encodeInsns(run.insns.get(p.name)!, obj.littleEndian) : p.bytes.slice();
    patchedInsns[target.label] = bytes;
    summary.verdict = targetVerdict(obj, target, summary, bytes);
    summaries.push(summary);
  }
  return {
    programs: obj.programs.map((p) => ({ name: p.name, section: p.sectionName, insnCount: p.insnCount, isSubprog: p.isSubprog })),
    targets: summaries,
    relocations: views,
    patchedInsns,
  };
}

function cloneRun(run: TargetRun): TargetRun {
  const insns = new Map<string, BpfInsn[]>();
  for (const [k, v] of run.insns) insns.set(k, v.map((x) => ({ ...x })));
  const cache = new Map<number, CoreCandList | undefined>();
  for (const [k, v] of run.cache) cache.set(k, v && { cands: [...v.cands], len: v.len, all: v.all });
  return { target: run.target, cache, insns, log: [], failedAt: null };
}

/**
 * The log as lines, split where a message ends rather than at every line feed: a name from a
 * file may hold one, and must stay inside its line (joined with '\n', the text is the same).
 */
function logLines(msgs: readonly string[]): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const m of msgs) {
    cur += m;
    if (cur.endsWith('\n')) {
      lines.push(cur.slice(0, -1));
      cur = '';
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

function summarize(run: TargetRun, views: RelocationView[], idx: number): TargetSummary {
  const counts: Record<ReloOutcome, number> = { patched: 0, poisoned: 0, error: 0, unreached: 0, skipped: 0 };
  for (const v of views) {
    const r = v.results[idx];
    if (r) counts[r.result]++;
  }
  const lines = logLines(run.log);
  const verdict = { kind: 'loads' as const, text: 'loads', programs: [] };
  return { label: run.target.label, ok: !run.failedAt, failedAt: run.failedAt, libbpfLog: lines, counts, verdict };
}

/** The target-independent part of every relocation. */
function buildViews(obj: BpfObject, coreSections: NonNullable<BpfObject['btfExt']>['coreRelo']): RelocationView[] {
  const views: RelocationView[] = [];
  const btf = obj.btf;
  for (const sec of coreSections) {
    const secIdx = obj.elf.sectionByName(sec.secName)?.index ?? 0;
    sec.records.forEach((rec, i) => {
      const sectionInsn = Math.floor(rec.insnOff / 8);
      const prog = rec.insnOff % 8 ? undefined : findProgramBySectionInsn(obj, secIdx, sectionInsn);
      let localSpec: string | null = null;
      let localType = `[${rec.typeId}]`;
      try {
        localType = typeLabel(btf, rec.typeId);
        localSpec = formatSpec(parseSpec(prog?.name ?? '', btf, rec, () => {}), coreReloKindName(rec.kind));
      } catch (e) {
        if (!(e instanceof CoreError) && !(e instanceof ParseError)) throw e;
      }
      const li = obj.btfExt ? findLineInfo(obj.btfExt, sec.secName, rec.insnOff) : undefined;
      views.push({
        ordinal: views.length,
        section: sec.secName,
        reloIndex: i,
        program: prog?.name ?? null,
        insnIndex: prog ? sectionInsn - prog.sectionInsnOffset : null,
        sectionInsnIndex: sectionInsn,
        kind: rec.kind,
        kindName: coreReloKindName(rec.kind),
        localTypeId: rec.typeId,
        localType,
        accessString: rec.accessStr,
        access: formatAccessC(btf, rec.typeId, rec.accessStr, rec.kind),
        localSpec,
        source: li ? { file: li.fileName, line: li.line, col: li.col, text: li.lineText } : null,
        results: [],
      });
    });
  }
  return views;
}

interface ReloRecord {
  insnOff: number;
  typeId: number;
  accessStr: string;
  kind: number;
}

/** Processes one relocation on one target (libbpf's loop body), appending to run.log. */
function relocateOne(obj: BpfObject, run: TargetRun, view: RelocationView, reloIdx: number, rec: ReloRecord): TargetReloResult {
  const label = run.target.label;
  const start = run.log.length;
  const out = (msg: string) => run.log.push(PREFIX + msg);
  const finish = (r: TargetReloResult, trace?: ResolveTrace): TargetReloResult => {
    r.messages = logLines(run.log.slice(start)).map((l) => l.replace(/^ ?libbpf: /, ''));
    if (trace && (r.result !== 'patched' || (trace.targSpec === null && rec.kind !== CoreReloKind.TypeIdLocal))) {
      try {
        r.explanation = explainFailure(obj, run.target, view, trace, r);
      } catch {
        // Explanations are best effort; malformed input must not break the report.
      }
    }
    return r;
  };
  if (rec.insnOff % 8) return finish({ ...emptyResult(label, 'error'), errno: -Errno.EINVAL });
  if (!view.program || view.insnIndex === null) {
    out(`sec '${view.section}': skipping CO-RE relocation #${reloIdx} for insn #${view.sectionInsnIndex} belonging to eliminated weak subprogram\n`);
    return finish(emptyResult(label, 'skipped'));
  }
  const progName = view.program;
  const insnIdx = view.insnIndex;
  const insns = programInsns(run, obj, progName);
  const result = emptyResult(label, 'patched');
  result.insnsBefore = insnTexts(insns, insnIdx, obj.littleEndian);
  result.before = insnFieldValue(insns, insnIdx);
  const trace: ResolveTrace = { localSpec: null, cands: [], targSpec: null };
  const fail = (errno: number, msg: string): TargetReloResult => {
    out(msg);
    result.result = 'error';
    result.errno = errno;
    result.insnsAfter = result.insnsBefore;
    return finish(result, trace);
  };
  const btf = obj.btf;
  let patched: PatchOutcome;
  try {
    let cands: CoreCandList | undefined;
    if (!btf.isValidId(rec.typeId)) return fail(-Errno.EINVAL, `prog '${progName}': relo #${reloIdx}: failed to relocate: ${-Errno.EINVAL}\n`);
    if (rec.kind !== CoreReloKind.TypeIdLocal) {
      if (!run.cache.has(rec.typeId)) run.cache.set(rec.typeId, findCands(btf, rec.typeId, run.target, out));
      cands = run.cache.get(rec.typeId);
      if (!cands) {
        run.cache.delete(rec.typeId);
        out(
          `prog '${progName}': relo #${reloIdx}: target candidate search failed for [${rec.typeId}] ${btfKindStr(btf.kind(rec.typeId))} ${btf.name(rec.typeId)}: ${-Errno.EINVAL}\n`,
        );
        trace.failure = 'anon';
        return fail(-Errno.EINVAL, `prog '${progName}': relo #${reloIdx}: failed to relocate: ${-Errno.EINVAL}\n`);
      }
    }
    if (cands) trace.pruned = cands.all.filter((c) => !cands.cands.slice(0, cands.len).includes(c));
    const ctx = { progName, reloIdx, kind: rec.kind, insnOff: rec.insnOff, warn: out };
    let res;
    try {
      res = resolveRelo({ ctx, localBtf: btf, typeId: rec.typeId, accessStr: rec.accessStr, bigEndian: !obj.littleEndian, debug: out }, cands, trace);
    } catch (e) {
      if (e instanceof LibbpfFault) {
        result.result = 'error';
        result.errno = 0;
        result.fault = e.reason;
        result.insnsAfter = result.insnsBefore;
        return finish(result, trace);
      }
      if (!(e instanceof CoreError)) throw e;
      return fail(e.errno, `prog '${progName}': relo #${reloIdx}: failed to relocate: ${e.errno}\n`);
    }
    result.after = res.poison ? null : String(res.newVal);
    try {
      patched = patchInsn(insns, insnIdx, res, { progName, reloIdx, debug: out, warn: out });
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      return fail(e.errno, `prog '${progName}': relo #${reloIdx}: failed to patch insn #${insnIdx}: ${e.errno}\n`);
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    // Malformed BTF that libbpf's sanity checks would have refused earlier.
    return fail(-Errno.EINVAL, `prog '${progName}': relo #${reloIdx}: failed to relocate: ${-Errno.EINVAL}\n`);
  }
  result.patches = patched.patches;
  result.poisoned = patched.poisoned;
  result.result = result.poisoned.length ? 'poisoned' : 'patched';
  if (result.poisoned.length) result.after = null;
  result.targetSpec = trace.targSpec ? formatSpec(trace.targSpec, coreReloKindName(rec.kind)) : null;
  result.candidates = trace.cands.map((c) => ({ typeId: c.id, type: typeLabel(c.btf, c.id), btf: c.where, matched: c.matched, spec: c.spec }));
  result.insnsAfter = insnTexts(insns, insnIdx, obj.littleEndian, result.insnsBefore.length);
  return finish(result, trace);
}
