/**
 * `btfscope diff <a> <b> [--type NAME…] [--kind K…] [--json] [--all-funcs] [--base <vmlinux>]
 *  [--base-a <vmlinux>] [--base-b <vmlinux>]`: named types added, removed and changed
 * between two BTFs (kernels, modules, objects), matched by kind + name.
 *
 * Text: a summary per kind, the changed types member by member, then added/removed types
 * (functions only with --all-funcs). --json: the document described in docs/diff-json.md.
 * NAME is `task_struct`, `struct:task_struct` or `struct task_struct`. Modules need their
 * kernel: --base for both sides, --base-a/--base-b for each.
 * Exit 0 (whether or not anything differs), 1 unreadable input, 2 usage.
 */
import {
  type BtfSource,
  DIFF_KINDS,
  type DiffKind,
  type DiffOptions,
  type TypeDiff,
  describeArchDifference,
  diffBtf,
  formatDiffText,
  inferKernelArch,
} from '../../core/index';
import { diffJsonDocument, formatDiffJson } from '../../core/diff/diff-export';
import { JsonByteWriter } from '../json-writer';
import { type CommandContext, UsageError, formatDiagnostic, loadBtfFile, parseFlags } from '../context';

const USAGE =
  'usage: btfscope diff <a> <b> [--type NAME]... [--kind KIND]... [--json] [--all-funcs] [--base <vmlinux>] [--base-a <vmlinux>] [--base-b <vmlinux>]';

export { DIFF_JSON_VERSION } from '../../core/diff/diff-export';

const KIND_WORDS: Record<string, DiffKind> = {
  struct: 'struct',
  union: 'union',
  enum: 'enum',
  enum64: 'enum',
  typedef: 'typedef',
  func: 'func',
  var: 'var',
};

/** `NAME`, `kind:NAME` or `kind NAME` → name and optional kind. */
export function parseDiffTypeArg(arg: string): { name: string; kind?: DiffKind } {
  const m = /^([a-z0-9]+)(?::|\s+)(\S+)$/.exec(arg.trim());
  if (m && KIND_WORDS[m[1]!]) return { name: m[2]!, kind: KIND_WORDS[m[1]!]! };
  if (!arg.trim() || /\s/.test(arg.trim())) throw new UsageError(`bad type '${arg}' (NAME, struct:NAME or 'struct NAME')`);
  return { name: arg.trim() };
}

async function loadSide(ctx: CommandContext, path: string, basePath: string | undefined): Promise<BtfSource | undefined> {
  const base = basePath ? await loadBtfFile(ctx, basePath) : undefined;
  if (basePath && !base) return undefined;
  return loadBtfFile(ctx, path, base ? { base } : {});
}

export async function runDiff(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, {
    values: ['base', 'base-a', 'base-b'],
    bools: ['json', 'all-funcs'],
    repeat: ['type', 'kind'],
  });
  if (f.positional.length !== 2) throw new UsageError(USAGE);
  const [pathA, pathB] = f.positional as [string, string];
  const kinds = new Set<DiffKind>();
  for (const k of f.lists.kind ?? []) {
    const dk = KIND_WORDS[k];
    if (!dk) throw new UsageError(`unknown kind '${k}' (${DIFF_KINDS.join(', ')})`);
    kinds.add(dk);
  }
  const typeArgs = (f.lists.type ?? []).map(parseDiffTypeArg);
  for (const t of typeArgs) if (t.kind) kinds.add(t.kind);
  if (typeArgs.some((t) => !t.kind) && kinds.size) for (const k of DIFF_KINDS) kinds.add(k);

  const a = await loadSide(ctx, pathA, f.values['base-a'] ?? f.values.base);
  if (!a) return 1;
  const b = await loadSide(ctx, pathB, f.values['base-b'] ?? f.values.base);
  if (!b) return 1;

  const opts: DiffOptions = {};
  if (kinds.size) opts.kinds = DIFF_KINDS.filter((k) => kinds.has(k));
  if (typeArgs.length) {
    opts.names = typeArgs.map((t) => t.name);
    opts.includeUnchanged = true;
  }
  const r = diffBtf(a.btf, b.btf, opts);
  for (const d of r.diagnostics) ctx.stderr(formatDiagnostic(`${pathA} -> ${pathB}`, d));
  const diff = r.value;
  if (!diff) return 1;
  // A kind given with a name (`struct:foo`) keeps another kind's `foo` out.
  const keep = (t: TypeDiff): boolean => !typeArgs.length || typeArgs.some((x) => x.name === t.name && (!x.kind || x.kind === t.kind));
  for (const t of typeArgs) {
    if (!diff.types().some((x) => x.name === t.name && (!t.kind || x.kind === t.kind))) {
      ctx.stderr(`btfscope diff: no ${t.kind ?? 'type'} named '${t.name}' in either file\n`);
    }
  }

  if (f.bools.has('json')) {
    if (ctx.stdoutBytes) {
      // ~20 MB for two whole kernels: written in chunks, never as one string. Same bytes as
      // formatDiffJson, which the web app's JSON export uses (core/diff/diff-export.ts).
      const w = new JsonByteWriter(ctx.stdoutBytes);
      w.write(diffJsonDocument(diff, pathA, pathB, keep));
      w.text('\n');
      w.flush();
    } else ctx.stdout(formatDiffJson(diff, pathA, pathB, keep));
    return 0;
  }
  ctx.stdout(`btfscope diff ${pathA} -> ${pathB}\n\n`);
  const archA = inferKernelArch(a.btf, a.elf);
  const archB = inferKernelArch(b.btf, b.elf);
  // BPF objects (EM_BPF) carry no kernel ABI of their own.
  const notice = archA.arch !== 'bpf' && archB.arch !== 'bpf' ? describeArchDifference(archA, archB) : undefined;
  if (notice) ctx.stdout(`note: ${notice}\n\n`);
  const opts2 = { allFunctions: f.bools.has('all-funcs'), filter: keep, ...(ctx.escapeName ? { escapeName: ctx.escapeName } : {}) };
  ctx.stdout(formatDiffText(diff, opts2));
  return 0;
}
