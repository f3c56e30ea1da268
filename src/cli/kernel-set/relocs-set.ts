/**
 * `btfscope relocs <obj>... --target DIR|GLOB...`: the objects against a kernel set. Members
 * go through the worker pool (pool.ts); only each kernel's results come back. Byte-identical
 * kernels (same BTF sha256) collapse into one target that lists every label (`labels`);
 * kernels whose results are identical for an object are grouped (--summary, the table).
 * Each kernel's results are what `relocs <obj> --target <that file>` computes alone, under
 * the member's label. A member that cannot be read is reported (its diagnostics, coded, name
 * its path) and the others go on; the exit status is then 1.
 */
import { type BpfObject, parseBpfObject } from '../../core/bpf/bpf-object';
import { formatRelocsTable, relocsJson } from '../../core/core-relo/format-report';
import { relocateObject } from '../../core/core-relo/relocate-object';
import type { RelocationReport, TargetSummary } from '../../core/core-relo/report';
import type { VerdictKind } from '../../core/core-relo/verdict';
import { hasErrors } from '../../core/diagnostics';
import { type KernelGroup, type KernelReloResults, collapseIdentical, compareLabels, groupResults } from '../../core/kernel-set/index';
import { mapStrings } from '../../core/map-strings';
import { type BtfSource, openBtf } from '../../core/open-btf';
import { escapeLines, openObject, readBytes, report, targetLabel } from '../commands/relocs';
import type { CommandContext } from '../context';
import { type MemberDetail, type MemberOutcome, relocateMember } from './member-relocs';
import { runPool } from './pool';
import { type SetInput, expandTarget } from './targets';

export type SetFormat = 'table' | 'json' | 'summary';

export interface RelocsSetOptions {
  objects: string[];
  targets: string[];
  base: string | undefined;
  format: SetFormat;
  jobs: number;
}

/** A kernel of the set with its results: one per distinct BTF. */
interface SetKernel {
  label: string;
  labels: string[];
  perObject: (KernelReloResults & { key: string })[];
}

const SEVERITY: VerdictKind[] = ['does-not-open', 'fails', 'may-fail', 'guarded', 'loads'];

/** Progress on stderr while it is a terminal: counts and time left, one line redrawn in place. */
export function progressLine(ctx: CommandContext, total: number, command = 'relocs') {
  const start = Date.now();
  let last = 0;
  let shown = false;
  // Unescaped stderr: terminalSafe would show the controls as text.
  const raw = ctx.stderrIsTTY ? ctx.stderrControl : undefined;
  return {
    update(done: number, failed: number) {
      if (!raw) return;
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const left = done ? Math.round((((now - start) / done) * (total - done)) / 1000) : undefined;
      raw(`\r\x1b[K${command}: ${done}/${total} kernels${failed ? `, ${failed} unreadable` : ''}${left !== undefined && done < total ? `, ~${left} s left` : ''}`);
      shown = true;
    },
    /** Clears the line (before a diagnostic, and at the end). */
    clear() {
      if (shown && raw) raw('\r\x1b[K');
      shown = false;
    },
  };
}

/** Every `--target` (file, directory, glob) as set members with unique labels; I/O problems reported. */
export async function expandAll(ctx: CommandContext, args: readonly string[]): Promise<{ inputs: SetInput[]; errors: boolean }> {
  const inputs: SetInput[] = [];
  let errors = false;
  for (const a of args) {
    try {
      inputs.push(...(await expandTarget(a, targetLabel, (path, e) => {
          ctx.stderr(`${path}: error [io]: ${e instanceof Error ? e.message : String(e)}\n`);
          errors = true;
        }, (arg, names) => {
          ctx.stderr(`${arg}: note: ${names.length} file${names.length === 1 ? '' : 's'} skipped as not kernels by name: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}\n`);
        })));
    } catch (e) {
      ctx.stderr(`${a}: error [io]: ${e instanceof Error ? e.message : String(e)}\n`);
      errors = true;
    }
  }
  // Two targets may share a label (the same tree given twice, two files of one name): keep labels unique.
  const seen = new Map<string, number>();
  for (const t of inputs) {
    const n = (seen.get(t.label) ?? 0) + 1;
    seen.set(t.label, n);
    if (n > 1) t.label = `${t.label}#${n}`;
  }
  return { inputs, errors };
}

/**
 * Per BTF hash, the label that computes it: the first in natural order among those hashed so
 * far. A later label is answered "no" (its results would be the copy's); an earlier one
 * computes too and takes over, so the kept results are always the first label's.
 */
export function hashClaims(claims: Map<string, string>): (task: { label: string }, hash: string) => boolean {
  return (task, hash) => {
    const cur = claims.get(hash);
    if (cur !== undefined && compareLabels(cur, task.label) <= 0) return false;
    claims.set(hash, task.label);
    return true;
  };
}

export async function runRelocsSet(ctx: CommandContext, o: RelocsSetOptions): Promise<number> {
  let inputErrors = false;
  const objects: { name: string; obj: BpfObject; bytes: Uint8Array }[] = [];
  for (const p of o.objects) {
    const opened = await openObject(ctx, p);
    if (!opened) return 1;
    inputErrors ||= opened.inputErrors;
    objects.push({ name: p.split(/[\\/]/).pop() ?? p, obj: opened.obj, bytes: opened.bytes });
  }
  let base: BtfSource | undefined;
  let baseBytes: Uint8Array | undefined;
  if (o.base) {
    baseBytes = await readBytes(ctx, o.base);
    if (!baseBytes) return 1;
    const r = openBtf(baseBytes);
    report(ctx, o.base, r.diagnostics);
    if (!r.value || hasErrors(r.diagnostics)) return 1;
    base = r.value;
  }
  const { inputs, errors } = await expandAll(ctx, o.targets);
  inputErrors ||= errors;

  const detail: MemberDetail = o.format === 'summary' ? 'summary' : 'full';
  const progress = progressLine(ctx, inputs.length);
  const hashed: { label: string; hash: string }[] = [];
  // Per BTF hash, the results of its first label in natural order: an identical copy's are
  // dropped on arrival, so memory grows with distinct kernels only.
  const kept = new Map<string, { label: string; perObject: SetKernel['perObject'] }>();
  let done = 0;
  let failed = 0;
  const unreadable: string[] = [];
  const claims = new Map<string, string>();
  const onHash = hashClaims(claims);
  const onResult = (i: number, r: MemberOutcome) => {
    done++;
    if (r.stderr) {
      progress.clear();
      ctx.stderr(r.stderr);
    }
    if (r.ok) {
      inputErrors ||= r.typeErrors;
      const label = inputs[i]!.label;
      hashed.push({ label, hash: r.hash });
      const had = kept.get(r.hash);
      if (!r.duplicate && (!had || compareLabels(label, had.label) < 0)) kept.set(r.hash, { label, perObject: r.objects });
    } else {
      failed++;
      unreadable.push(inputs[i]!.path);
      inputErrors = true;
    }
    progress.update(done, failed);
  };
  progress.update(0, 0);
  // Objects are parsed again in this thread's fallback: the parse is cheap and keeps
  // relocateMember's inputs the same in both places.
  const localObjects = objects.map((x) => parseBpfObject(x.bytes).value!);
  await runPool<MemberOutcome>(
    inputs.map((t) => ({ path: t.path, label: t.label })),
    o.jobs,
    { kind: 'relocs', objects: objects.map((x) => x.bytes), ...(baseBytes ? { base: baseBytes } : {}), detail },
    (task) => relocateMember(ctx.readFile, task, localObjects, base, detail, async (hash) => onHash(task, hash)),
    onResult,
    onHash,
  );
  progress.clear();
  if (unreadable.length) {
    ctx.stderr(`relocs: ${unreadable.length} of ${inputs.length} kernels could not be read and are left out (diagnostics above): ${unreadable.sort(compareLabels).join(', ')}\n`);
  }

  // One kernel per distinct BTF, computed under its first label in natural order.
  const kernels: SetKernel[] = [];
  for (const m of collapseIdentical(hashed)) {
    const k = kept.get(m.hash);
    // Only if the member computing this BTF died after hashing it (reported above).
    if (!k || k.label !== m.label) {
      ctx.stderr(`relocs: ${m.labels.join(', ')}: not computed: the identical kernel ${claims.get(m.hash) ?? m.label} failed\n`);
      inputErrors = true;
      continue;
    }
    kernels.push({ label: m.label, labels: m.labels, perObject: k.perObject });
  }

  const docs: unknown[] = [];
  let text = '';
  objects.forEach((x, oi) => {
    if (o.format === 'json') docs.push(setJson(x.obj, x.name, kernels, oi));
    else if (o.format === 'summary') text += (text ? '\n' : '') + formatSetSummary(ctx, x.name, hashed.length, kernels, oi);
    else text += (text ? '\n' : '') + formatSetTable(ctx, x.obj, x.name, hashed.length, kernels, oi);
  });
  if (o.format === 'json') ctx.stdout(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + '\n');
  else ctx.stdout(text);
  return inputErrors ? 1 : 0;
}

/** The object's report over the set's kernels (one target per distinct kernel, with its `labels`). */
function setReport(obj: BpfObject, kernels: readonly SetKernel[], oi: number, relabel?: (k: SetKernel, i: number) => string): RelocationReport {
  const skeleton = relocateObject(obj, []);
  const targets: (TargetSummary & { labels?: string[] })[] = kernels.map((k, i) => {
    const s = k.perObject[oi]!.summary;
    return relabel ? { ...s, label: relabel(k, i) } : { ...s, labels: k.labels };
  });
  const relocations = skeleton.relocations.map((v, ri) => ({
    ...v,
    results: kernels.map((k, i) => {
      const r = k.perObject[oi]!.results[ri]!;
      return relabel ? { ...r, target: relabel(k, i) } : r;
    }),
  }));
  return { programs: skeleton.programs, targets, relocations, patchedInsns: {} };
}

function setJson(obj: BpfObject, name: string, kernels: readonly SetKernel[], oi: number): unknown {
  return relocsJson(setReport(obj, kernels, oi), name, obj.libbpfRefuses);
}

function escaped(ctx: CommandContext, rep: RelocationReport): RelocationReport {
  const esc = ctx.escapeName;
  return esc ? mapStrings(rep, (s, key) => (key === 'snippet' ? escapeLines(s, esc) : esc(s))) : rep;
}

/** Groups of kernels with identical results for object `oi`, worst verdict first. */
function resultGroups(kernels: readonly SetKernel[], oi: number): KernelGroup<SetKernel>[] {
  const groups = groupResults(kernels, (k) => k.perObject[oi]!.key, (k) => k.labels);
  const sev = (g: KernelGroup<SetKernel>) => SEVERITY.indexOf(g.representative.perObject[oi]!.summary.verdict.kind);
  return groups.sort((a, b) => sev(a) - sev(b) || compareLabels(a.labels[0]!, b.labels[0]!));
}

function heading(name: string, memberCount: number, kernels: readonly SetKernel[], groups: number): string {
  return `${name}: ${memberCount} kernel${memberCount === 1 ? '' : 's'} (${kernels.length} distinct), ${groups} group${groups === 1 ? '' : 's'} of identical results\n\n`;
}

function membersList(groups: readonly KernelGroup<SetKernel>[], esc: (s: string) => string): string {
  return groups.map((g, i) => `#${i + 1}: ${g.labels.map(esc).join(', ')}\n`).join('');
}

/** `--summary`: one line per group (its load verdict and its kernels summarised), then every group's labels. */
export function formatSetSummary(ctx: CommandContext, name: string, memberCount: number, kernels: readonly SetKernel[], oi: number): string {
  const esc = ctx.escapeName ?? ((s: string) => s);
  const groups = resultGroups(kernels, oi);
  let out = heading(name, memberCount, kernels, groups.length);
  groups.forEach((g, i) => {
    out += `#${i + 1} ${esc(g.title)}: ${esc(g.representative.perObject[oi]!.summary.verdict.text)}\n`;
  });
  if (groups.length) out += `\nmembers:\n${membersList(groups, esc)}`;
  return out;
}

/** The default table with one column per group (`#1`, `#2`…, worst first), then which kernels each holds. */
function formatSetTable(ctx: CommandContext, obj: BpfObject, name: string, memberCount: number, kernels: readonly SetKernel[], oi: number): string {
  const esc = ctx.escapeName ?? ((s: string) => s);
  const groups = resultGroups(kernels, oi);
  const reps = groups.map((g) => g.representative);
  const rep = escaped(ctx, setReport(obj, reps, oi, (_k, i) => `#${i + 1}`));
  let out = heading(name, memberCount, kernels, groups.length);
  out += groups.map((g, i) => `#${i + 1} = ${esc(g.title)} (results of ${esc(g.representativeLabel)})\n`).join('') + '\n';
  out += formatRelocsTable(rep, name);
  if (groups.length) out += `\nmembers:\n${membersList(groups, esc)}`;
  return out;
}
