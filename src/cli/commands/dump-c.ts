/**
 * `btfscope dump <file> --format c [--type NAME…]`: vmlinux.h as `bpftool btf dump file X
 * format c` writes it, or only the named types and everything they need (`--type` takes
 * `NAME`, `struct:NAME`, `union:NAME`, `enum:NAME`, `typedef:NAME`, `func:NAME` or `#ID`;
 * a function or variable stands for the types of its prototype or declaration).
 * `--enum-modes` adds libbpf 1.1's `mode(byte)`/`mode(word)` to 1- and 8-byte enums, so
 * structs embedding them keep their size in C (bpftool 7.1 does not: the default output is
 * byte-identical to it).
 */
// By path, not the index, so that this command's chunk of the CLI bundle stays small.
import type { Btf } from '../../core/btf/btf';
import { BtfKind } from '../../core/btf/btf-kinds';
import { writeCHeader, writeCHeaderBytes } from '../../core/c-dump/c-header';
import { findTypes, parseTypeSpec } from '../../core/layout/type-lookup';
import { type CommandContext, UsageError, formatDiagnostic } from '../context';

const PREFERRED: readonly (readonly number[])[] = [
  [BtfKind.Struct, BtfKind.Union, BtfKind.Enum, BtfKind.Enum64, BtfKind.Typedef],
  [BtfKind.Fwd],
  [BtfKind.Func, BtfKind.Var],
];

/** Root ids for `--type` values; throws UsageError for malformed specs, reports misses. */
export function resolveRoots(btf: Btf, specs: readonly string[], ctx: CommandContext): number[] | undefined {
  const roots: number[] = [];
  let missing = false;
  for (const s of specs) {
    const spec = parseTypeSpec(s);
    if (!spec) throw new UsageError(`bad --type '${s}' (NAME, struct:NAME, union:NAME, enum:NAME, typedef:NAME, func:NAME or #ID)`);
    const ids = findTypes(btf, spec, PREFERRED);
    if (!ids.length) {
      ctx.stderr(`btfscope dump: no type matches '${s}'\n`);
      missing = true;
    }
    for (const id of ids) {
      const k = btf.kind(id);
      // libbpf dumps nothing for a FUNC or VAR itself; what they need is their type.
      roots.push(k === BtfKind.Func || k === BtfKind.Var ? btf.sizeOrType(id) : id);
    }
  }
  return missing ? undefined : roots;
}

export function runDumpC(btf: Btf, file: string, typeSpecs: readonly string[], ctx: CommandContext, enumModes = false): number {
  const rootIds = typeSpecs.length ? resolveRoots(btf, typeSpecs, ctx) : undefined;
  if (typeSpecs.length && !rootIds) return 1;
  const opts = { enumModes, ...(rootIds ? { rootIds } : {}), ...(ctx.escapeName ? { escapeName: ctx.escapeName } : {}) };
  const diags = ctx.stdoutBytes ? writeCHeaderBytes(btf, ctx.stdoutBytes, opts) : writeCHeader(btf, ctx.stdout, opts);
  for (const d of diags) ctx.stderr(formatDiagnostic(file, d));
  return diags.some((d) => d.severity === 'error') ? 1 : 0;
}
