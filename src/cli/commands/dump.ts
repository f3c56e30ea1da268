/** `btfscope dump <file> [--base <vmlinux>]`: bpftool's raw dump, byte for byte. */
import { writeRawDump } from '../../core/index';
import { type CommandContext, UsageError, loadBtfFile, parseFlags } from '../context';

export async function runDump(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base', 'format'], repeat: ['type'] });
  if (f.positional.length !== 1) throw new UsageError('usage: btfscope dump <file> [--base <vmlinux>]');
  const format = f.values.format ?? 'raw';
  if (format !== 'raw') throw new UsageError(`unknown --format '${format}' (raw)`);
  const base = f.values.base ? await loadBtfFile(ctx, f.values.base) : undefined;
  if (f.values.base && !base) return 1;
  const src = await loadBtfFile(ctx, f.positional[0]!, base ? { base } : {});
  if (!src) return 1;
  writeRawDump(src.btf, ctx.stdout);
  return 0;
}
