/**
 * btfscope CLI entry: parses argv, dispatches to a command, returns the exit code
 * (0 ok, 1 input errors with diagnostics printed, 2 usage).
 */
import { runDiff } from './commands/diff';
import { runDump } from './commands/dump';
import { runInfo } from './commands/info';
import { runLayout } from './commands/layout';
import { runRelocs } from './commands/relocs';
import { runShare } from './commands/share';
import { StdoutClosed, UsageError, type CommandContext, nodeContext } from './context';

const USAGE = `usage: btfscope <command> [options]

commands:
  info <file> [--base <vmlinux>] [--json]       header, sections, counts per kind, largest structs
  dump <file> [--base <vmlinux>]                raw dump, as 'bpftool btf dump file'
       [--format c] [--type NAME…] [--enum-modes]
                                                vmlinux.h, as 'bpftool btf dump file X format c';
                                                --type: only these types and what they need
  relocs <obj.bpf.o> --target <btf>... [--base <vmlinux>] [--json | --format libbpf]
                                                CO-RE relocations per target kernel, as libbpf 1.1.2
  share <a> <b> --type NAME [--base-url URL]    a link that opens this type's diff, no files needed
  share <obj.bpf.o> --target <btf>... [--base-url URL]
                                                a link that opens the object's CO-RE relocations
  layout <file> <type> [--json] [--base …]     struct/union layout, as 'pahole -F btf -C <type>'
  diff <a> <b> [--type NAME…] [--json]          types added, removed and changed between two BTFs
       [--kind K…] [--all-funcs] [--base-a …] [--base-b …]
  help                                          this text

Files: raw BTF (/sys/kernel/btf/vmlinux), ELF vmlinux, kernel modules (.ko, with --base), .bpf.o,
and gzip/xz/zstd packings of them.
`;

export type Command = (args: string[], ctx: CommandContext) => Promise<number> | number;

const commands: Record<string, Command> = {
  info: runInfo,
  dump: runDump,
  layout: runLayout,
  diff: runDiff,
  relocs: runRelocs,
  share: runShare,
};

/** Registers a command (used by modules that add commands, e.g. relocs, layout, diff). */
export function registerCommand(name: string, cmd: Command): void {
  commands[name] = cmd;
}

export async function main(argv: string[], ctx: CommandContext = nodeContext()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? ctx.stdout : ctx.stderr)(USAGE);
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    ctx.stderr(`btfscope: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  try {
    return await cmd(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr(`btfscope ${name}: ${e.message}\n`);
      return 2;
    }
    // The reader stopped early (`| head`): what it read is all it wanted.
    if (e instanceof StdoutClosed) return 0;
    throw e;
  }
}
