/**
 * `btfscope relocs <obj.bpf.o> --target <btf> [--target <btf>…] [--base <vmlinux>] [--json | --format libbpf | --summary]`:
 * what libbpf 1.1.2 would patch in each CO-RE relocation of an object, per target kernel, and
 * whether each program then loads (the verifier reaching a poisoned instruction or not).
 * Exit 0 when the analysis ran (whatever libbpf would decide), 1 for unreadable inputs
 * (a damaged .BTF.ext among them) or types the kernel would refuse, 2 for usage errors.
 */
import {
  type BtfSource,
  type CoreTarget,
  type Diagnostic,
  formatLibbpfLog,
  formatRelocsTable,
  formatVerdicts,
  hasErrors,
  hasFileErrors,
  mapStrings,
  openBtf,
  parseBpfObject,
  relocateObject,
  relocsJson,
  unpack,
} from '../../core/index';
import { type CommandContext, UsageError, formatDiagnostic, parseFlags, withSplitHint } from '../context';
import type { BpfObject } from '../../core/bpf/bpf-object';
import { defaultJobs } from '../kernel-set/pool';
import { type SetFormat, runRelocsSet } from '../kernel-set/relocs-set';
import { isSetArgument } from '../kernel-set/targets';

const USAGE =
  'usage: btfscope relocs <obj.bpf.o> --target <btf> [--target <btf>...] [--base <vmlinux>] [--json | --format libbpf | --summary]\n' +
  '       btfscope relocs <obj.bpf.o>... --target <dir|glob|btf>... [--base <vmlinux>] [--json | --summary] [--jobs N]';

export async function readBytes(ctx: CommandContext, path: string): Promise<Uint8Array | undefined> {
  try {
    const un = await unpack(await ctx.readFile(path));
    report(ctx, path, un.diagnostics);
    return hasErrors(un.diagnostics) ? undefined : un.bytes;
  } catch (e) {
    ctx.stderr(`${path}: error [io]: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
}

export function report(ctx: CommandContext, path: string, diags: readonly Diagnostic[]): void {
  for (const d of diags) if (d.severity !== 'info') ctx.stderr(formatDiagnostic(path, d));
}

/**
 * A damaged `.BTF.ext` is an input error, not "no relocations": libbpf would drop the
 * section and relocate nothing, which reads like success. Says so (code, offset); true if so.
 */
export function reportBtfExtDamage(ctx: CommandContext, path: string, diags: readonly Diagnostic[]): boolean {
  const d = diags.find((x) => x.section === '.BTF.ext' && x.severity === 'error');
  if (!d) return false;
  const at = d.offset !== undefined ? ` at 0x${d.offset.toString(16)}` : '';
  ctx.stderr(
    `${path}: error [${d.code}]${at} (.BTF.ext): the .BTF.ext section is damaged, so its CO-RE relocations cannot be read (libbpf 1.1.2 would ignore the section and apply none)\n`,
  );
  return true;
}

/** `vmlinux-6.1` for `.../vmlinux-6.1.btf.xz`, `ext4` for `ext4.ko`. */
export function targetLabel(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.(xz|gz|zst)$/, '').replace(/\.(btf|ko|o|elf|bin)$/, '') || file;
}

/**
 * Opens a target: as complete BTF first, and on failure as split BTF over `base` (a
 * module), the way libbpf would see a module next to vmlinux.
 */
export async function openTarget(
  ctx: CommandContext,
  path: string,
  base: BtfSource | undefined,
  label = targetLabel(path),
): Promise<{ target: CoreTarget; typeErrors: boolean } | undefined> {
  const bytes = await readBytes(ctx, path);
  if (!bytes) return undefined;
  let r = openBtf(bytes);
  if ((!r.value || hasErrors(r.diagnostics)) && base) {
    const split = openBtf(bytes, { base: base.btf });
    if (split.value && !hasErrors(split.diagnostics)) r = split;
  }
  const diags = base ? r.diagnostics : withSplitHint(r);
  report(ctx, path, diags);
  // A type the kernel would refuse (its errors name the type) does not stop libbpf 1.1.2, which
  // checks no kernel rules: relocate as it would; the command still exits 1.
  if (!r.value || hasFileErrors(diags)) return undefined;
  // libbpf names a module by its own name (`[ext4]`), whatever a kernel set labels the file.
  const target: CoreTarget = r.value.btf.base ? { label, btf: r.value.btf, moduleName: targetLabel(path) } : { label, btf: r.value.btf };
  return { target, typeErrors: hasErrors(diags) };
}

export function escapeLines(text: string, esc: (s: string) => string): string {
  return text
    .split('\n')
    .map((l) => {
      const indent = /^\t*/.exec(l)![0];
      return indent + esc(l.slice(indent.length));
    })
    .join('\n');
}

/** Reads and parses a BPF object, printing its diagnostics; undefined when it cannot be relocated. */
export async function openObject(ctx: CommandContext, objPath: string): Promise<{ obj: BpfObject; bytes: Uint8Array; inputErrors: boolean } | undefined> {
  const objBytes = await readBytes(ctx, objPath);
  if (!objBytes) return undefined;
  const parsed = parseBpfObject(objBytes);
  report(ctx, objPath, parsed.diagnostics);
  if (!parsed.value || reportBtfExtDamage(ctx, objPath, parsed.diagnostics) || hasFileErrors(parsed.diagnostics)) return undefined;
  if (!parsed.value.elf.sectionByName('.BTF.ext')) ctx.stderr(`${objPath}: note: no .BTF.ext section: the object has no CO-RE relocations\n`);
  return { obj: parsed.value, bytes: objBytes, inputErrors: hasErrors(parsed.diagnostics) };
}

export async function runRelocs(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base', 'format', 'jobs'], bools: ['json', 'summary'], repeat: ['target'] });
  const targets = f.lists.target ?? [];
  if (!f.positional.length) throw new UsageError(USAGE);
  if (!targets.length) throw new UsageError(`at least one --target is needed\n${USAGE}`);
  // A directory or glob among the targets makes a kernel set: members run in a worker pool.
  const setMode = (await Promise.all(targets.map(isSetArgument))).some(Boolean);
  if (!setMode && f.positional.length !== 1) throw new UsageError(`several objects need a directory or glob --target (a kernel set)\n${USAGE}`);
  const format = f.values.format ?? (f.bools.has('json') ? 'json' : f.bools.has('summary') ? 'summary' : 'table');
  if ([!!f.values.format, f.bools.has('json'), f.bools.has('summary')].filter(Boolean).length > 1) throw new UsageError('--json, --summary and --format are exclusive');
  if (!['table', 'json', 'libbpf', 'summary'].includes(format)) throw new UsageError(`unknown --format '${format}' (table, json, libbpf, summary)`);
  if (setMode) {
    if (format === 'libbpf') throw new UsageError('--format libbpf prints the log of one target, not of a directory or glob');
    const jobs = f.values.jobs === undefined ? defaultJobs() : Number(f.values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 1024) throw new UsageError(`--jobs takes a number of worker threads from 1 to 1024, not '${f.values.jobs}'`);
    return runRelocsSet(ctx, { objects: f.positional, targets, base: f.values.base, format: format as SetFormat, jobs });
  }
  if (format === 'libbpf' && targets.length !== 1) {
    throw new UsageError('--format libbpf prints the log of one target: give exactly one --target');
  }

  const objPath = f.positional[0]!;
  const opened0 = await openObject(ctx, objPath);
  if (!opened0) return 1;
  const obj = opened0.obj;
  let inputErrors = opened0.inputErrors;

  let base: BtfSource | undefined;
  if (f.values.base) {
    const bytes = await readBytes(ctx, f.values.base);
    if (!bytes) return 1;
    const r = openBtf(bytes);
    report(ctx, f.values.base, r.diagnostics);
    if (!r.value || hasErrors(r.diagnostics)) return 1;
    base = r.value;
  }
  const opened: CoreTarget[] = [];
  for (const t of targets) {
    const target = await openTarget(ctx, t, base);
    if (!target) return 1;
    if (target.typeErrors) inputErrors = true;
    opened.push(target.target);
  }
  // Two targets may share a file name (e.g. from different directories): keep labels unique.
  const seen = new Map<string, number>();
  for (const t of opened) {
    const n = (seen.get(t.label) ?? 0) + 1;
    seen.set(t.label, n);
    if (n > 1) t.label = `${t.label}#${n}`;
  }

  const raw = relocateObject(obj, opened);
  const esc = ctx.escapeName;
  // On a terminal every name (type, member, program, section) is escaped where it sits in the
  // report. A snippet is C text: its line breaks and indenting tabs are kept.
  const rep = esc ? mapStrings(raw, (s, key) => (key === 'snippet' ? escapeLines(s, esc) : esc(s))) : raw;
  const name = objPath.split(/[\\/]/).pop() ?? objPath;
  if (format === 'libbpf') ctx.stdout(formatLibbpfLog(rep.targets[0]!));
  else if (format === 'json') ctx.stdout(JSON.stringify(relocsJson(raw, name, obj.libbpfRefuses), null, 2) + '\n');
  else if (format === 'summary') ctx.stdout(`${name}: load verdicts on ${rep.targets.map((t) => t.label).join(', ')}\n\n${formatVerdicts(rep)}`);
  else ctx.stdout(formatRelocsTable(rep, name));
  return inputErrors ? 1 : 0;
}
