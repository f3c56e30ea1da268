/**
 * btfscope CLI entry: parses argv, dispatches to a command, returns the exit code
 * (0 ok, 1 input errors with diagnostics printed, 2 usage).
 */
import { StdoutClosed, UsageError, type CommandContext, nodeContext } from './context';

const USAGE = `usage: btfscope <command> [options]

commands:
  info <file> [--base <vmlinux>] [--json]       header, sections, counts per kind, largest structs
  dump <file> [--base <vmlinux>]                raw dump, as 'bpftool btf dump file'
       [--format c] [--type NAME…] [--enum-modes]
                                                vmlinux.h, as 'bpftool btf dump file X format c';
                                                --type: only these types and what they need
  relocs <obj.bpf.o> --target <btf>... [--base <vmlinux>] [--json | --format libbpf | --summary]
                                                CO-RE relocations per target kernel, as libbpf 1.1.2
  share <a> <b> --type NAME [--base-url URL]    a link that opens this type's diff, no files needed
  share <obj.bpf.o> --target <btf>... [--base-url URL]
                                                a link that opens the object's CO-RE relocations
  layout <file> <type> [--json] [--base …]     struct/union layout, as 'pahole -F btf -C <type>'
  diff <a> <b> [--type NAME…] [--json]          types added, removed and changed between two BTFs
       [--kind K…] [--all-funcs] [--base-a …] [--base-b …]
  help                                          this text

Files: raw BTF (/sys/kernel/btf/vmlinux), ELF vmlinux, vmlinuz (x86 bzImage, arm64 Image, EFI
zboot), kernel modules (.ko, with --base), .bpf.o, and gzip/xz/zstd/tar packings of them.
`;

export type Command = (args: string[], ctx: CommandContext) => Promise<number> | number;

// Loaded on use: a process runs one command, so it compiles only that command's code (the
// bundle is split per command).
const commands: Record<string, () => Promise<Command>> = {
  info: async () => (await import('./commands/info')).runInfo,
  dump: async () => (await import('./commands/dump')).runDump,
  layout: async () => (await import('./commands/layout')).runLayout,
  diff: async () => (await import('./commands/diff')).runDiff,
  relocs: async () => (await import('./commands/relocs')).runRelocs,
  share: async () => (await import('./commands/share')).runShare,
};

/** Registers a command (used by modules that add commands, e.g. relocs, layout, diff). */
export function registerCommand(name: string, cmd: Command): void {
  commands[name] = async () => cmd;
}

export async function main(argv: string[], ctx: CommandContext = nodeContext()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? ctx.stdout : ctx.stderr)(USAGE);
    return name ? 0 : 2;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    ctx.stderr(`btfscope: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest, ctx);
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
