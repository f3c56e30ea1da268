/**
 * `btfscope layout <file> <type> [--json] [--base <vmlinux>] [--cacheline N]`: a struct or
 * union laid out as `pahole -F btf -C <type>` prints it (or the StructLayout as JSON).
 *
 * <type> is NAME, struct:NAME, union:NAME, typedef:NAME (of a struct/union) or #ID. When
 * several structs/unions share the name, the first by id is shown, as pahole does, and
 * stderr says which others exist.
 */
import {
  type Btf,
  BtfKind,
  compositeThroughTypedefs,
  computeStructLayout,
  describeType,
  findTypes,
  formatPaholeLayout,
  mapStrings,
  parseTypeSpec,
} from '../../core/index';
import { type CommandContext, UsageError, formatDiagnostic, loadBtfFile, parseFlags } from '../context';
import { escapeName } from '../terminal-text';

const USAGE = 'usage: btfscope layout <file> <type> [--json] [--base <vmlinux>] [--cacheline N]';

/** Picks the type to lay out; undefined (with a message) when there is none. */
export function pickLayoutType(btf: Btf, arg: string, ctx: CommandContext): number | undefined {
  const spec = parseTypeSpec(arg);
  if (!spec) throw new UsageError(`bad type '${arg}' (NAME, struct:NAME, union:NAME, typedef:NAME or #ID)`);
  const ids = findTypes(btf, spec, [[BtfKind.Struct, BtfKind.Union], [BtfKind.Typedef]]);
  const candidates = [...new Set(ids.map((id) => {
    const k = btf.kind(id);
    return k === BtfKind.Struct || k === BtfKind.Union ? id : compositeThroughTypedefs(btf, id);
  }))].filter((id) => id > 0);
  if (!candidates.length) {
    ctx.stderr(
      ids.length
        ? `btfscope layout: ${escapeName(describeType(btf, ids[0]!))} is not a struct or union\n`
        : `btfscope layout: no struct or union matches '${arg}'\n`,
    );
    return undefined;
  }
  if (candidates.length > 1) {
    const list = candidates.map((id) => escapeName(describeType(btf, id))).join(', ');
    ctx.stderr(
      `btfscope layout: ${candidates.length} types match '${arg}': ${list}; showing #${candidates[0]} (the first, as pahole -C does); pick another with #ID\n`,
    );
  }
  return candidates[0];
}

export async function runLayout(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base', 'cacheline'], bools: ['json'] });
  if (f.positional.length !== 2) throw new UsageError(USAGE);
  const line = f.values.cacheline === undefined ? 64 : Number(f.values.cacheline);
  if (!Number.isInteger(line) || line <= 0 || line > 0xffff) throw new UsageError(`bad --cacheline '${f.values.cacheline}'`);
  const base = f.values.base ? await loadBtfFile(ctx, f.values.base) : undefined;
  if (f.values.base && !base) return 1;
  const [file, typeArg] = f.positional as [string, string];
  const src = await loadBtfFile(ctx, file, base ? { base } : {});
  if (!src) return 1;
  const id = pickLayoutType(src.btf, typeArg, ctx);
  if (id === undefined) return 1;
  const r = computeStructLayout(src.btf, id, { cachelineBytes: line });
  for (const d of r.diagnostics) ctx.stderr(formatDiagnostic(file, d));
  if (!r.value) return 1;
  if (f.bools.has('json')) ctx.stdout(JSON.stringify(r.value, null, 2) + '\n');
  else ctx.stdout(formatPaholeLayout(ctx.escapeName ? mapStrings(r.value, ctx.escapeName) : r.value));
  return 0;
}
