/**
 * `btfscope dump <file> [--base <vmlinux>] [--format raw|c] [--type NAME…]`: bpftool's raw
 * dump, or its C dump (vmlinux.h, see dump-c.ts), byte for byte.
 */
import { writeRawDump } from '../../core/dump/raw-dump';
import { type CommandContext, UsageError, loadBtfFile, parseFlags } from '../context';
import { runDumpC } from './dump-c';

export async function runDump(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base', 'format'], repeat: ['type'], bools: ['enum-modes'] });
  if (f.positional.length !== 1) throw new UsageError('usage: btfscope dump <file> [--base <vmlinux>] [--format raw|c] [--type NAME…]');
  const format = f.values.format ?? 'raw';
  if (format !== 'raw' && format !== 'c') throw new UsageError(`unknown --format '${format}' (raw, c)`);
  if (format === 'raw' && (f.lists.type || f.bools.has('enum-modes'))) throw new UsageError('--type and --enum-modes need --format c');
  const base = f.values.base ? await loadBtfFile(ctx, f.values.base) : undefined;
  if (f.values.base && !base) return 1;
  const src = await loadBtfFile(ctx, f.positional[0]!, base ? { base } : {});
  if (!src) return 1;
  if (format === 'c') return runDumpC(src.btf, f.positional[0]!, f.lists.type ?? [], ctx, f.bools.has('enum-modes'));
  writeRawDump(src.btf, ctx.stdout, undefined, ctx.escapeName ? { escapeName: ctx.escapeName } : {});
  return 0;
}
