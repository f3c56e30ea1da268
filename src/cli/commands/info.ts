/** `btfscope info <file> [--base <vmlinux>] [--json]`. */
import { computeBtfInfo, formatBtfInfo, mapStrings } from '../../core/index';
import { type CommandContext, UsageError, loadBtfFile, parseFlags } from '../context';

export async function runInfo(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base'], bools: ['json'] });
  if (f.positional.length !== 1) throw new UsageError('usage: btfscope info <file> [--base <vmlinux>] [--json]');
  const base = f.values.base ? await loadBtfFile(ctx, f.values.base) : undefined;
  if (f.values.base && !base) return 1;
  const path = f.positional[0]!;
  const src = await loadBtfFile(ctx, path, base ? { base } : {});
  if (!src) return 1;
  const info = computeBtfInfo(src.btf);
  if (f.bools.has('json')) {
    ctx.stdout(JSON.stringify({ file: path, format: src.format, packing: src.layers, ...info }, null, 2) + '\n');
  } else {
    const packing = src.layers.length ? `packing:         ${src.layers.join(' → ')}\n` : '';
    ctx.stdout(`file:            ${path} (${src.format === 'elf' ? 'ELF, .BTF section' : 'raw BTF'})\n` + packing + formatBtfInfo(ctx.escapeName ? mapStrings(info, ctx.escapeName) : info));
  }
  return 0;
}
