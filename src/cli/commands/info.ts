/** `btfscope info <file> [--base <vmlinux>] [--json]`. */
import { computeBtfInfo, formatArchFacts, formatBtfInfo, inferKernelArch, mapStrings } from '../../core/index';
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
  const arch = inferKernelArch(src.btf, src.elf);
  if (f.bools.has('json')) {
    ctx.stdout(JSON.stringify({ file: path, format: src.format, packing: src.layers, arch, ...info }, null, 2) + '\n');
  } else {
    const packing = src.layers.length ? `packing:         ${src.layers.join(' → ')}\n` : '';
    const told = arch.source === 'elf-machine' ? ' (ELF e_machine)' : arch.source === 'pt_regs' ? ' (from struct pt_regs)' : ' (no struct pt_regs to tell it)';
    const archLine = `architecture:    ${formatArchFacts(arch)}${told}\n`;
    ctx.stdout(`file:            ${path} (${src.format === 'elf' ? 'ELF, .BTF section' : 'raw BTF'})\n` + packing + archLine + formatBtfInfo(ctx.escapeName ? mapStrings(info, ctx.escapeName) : info));
  }
  return 0;
}
