/**
 * btfscope CLI entry: parses argv, dispatches to a command, returns the exit code
 * (0 ok, 1 input errors with diagnostics printed, 2 usage, 3 internal error: a bug).
 */
import { StdoutClosed, UsageError, type CommandContext, nodeContext } from './context';
import { terminalSafe } from './terminal-text';

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

Exit codes: 0 ok; 1 the input has errors (each printed with a code and byte offset);
2 usage; 3 internal error (a bug in btfscope: one line on stderr, the stack with
BTFSCOPE_DEBUG=1).
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

// Options that take a value (`--base X`): X is not the command's input file.
const VALUE_FLAGS = new Set(['base', 'base-a', 'base-b', 'base-url', 'target', 'format', 'type', 'kind', 'shape-depth']);

function firstPositional(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) return a;
    if (!a.includes('=') && VALUE_FLAGS.has(a.slice(2))) i++;
  }
  return undefined;
}

/** What an internal error looks like on stderr: one line naming the command and its file. */
export function formatInternalError(name: string, args: readonly string[], e: unknown, debug: boolean): string {
  const file = firstPositional(args);
  const what = e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e);
  const line = `btfscope ${name}: internal error${file ? ` reading ${file}` : ''}: ${what.split('\n')[0]}`;
  if (debug && e instanceof Error && e.stack) return `${line}\n${e.stack}\n`;
  return `${line} (set BTFSCOPE_DEBUG=1 for the stack)\n`;
}

export async function main(argv: string[], context: CommandContext = nodeContext()): Promise<number> {
  const ctx = terminalSafe(context);
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
    // Anything else is a bug: input problems are diagnostics and exit 1.
    ctx.stderr(formatInternalError(name, rest, e, ctx.debug ?? false));
    return 3;
  }
}
