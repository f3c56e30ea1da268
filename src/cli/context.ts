/** What a CLI command may touch: output streams and files. Tests pass an in-memory one. */
import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
// Core modules by path, not the index: the CLI bundle is split per command, and what every
// command loads should not pull in the whole library.
import { sniff } from '../core/detect';
import { type Diagnostic, ErrorCode, type ParseResult, hasErrors } from '../core/diagnostics';
import { SPLIT_SYMPTOMS, looksLikeSplitBtf, moduleRelease } from '../core/btf/split-btf';
import { type BtfSource, openBtf } from '../core/open-btf';

export interface CommandContext {
  stdout: (s: string) => void;
  /** UTF-8 bytes for stdout, used synchronously (the caller may reuse the buffer after). */
  stdoutBytes?: (b: Uint8Array) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
  /** BTFSCOPE_DEBUG=1: an internal error prints its stack. */
  debug?: boolean;
  /** stdout is a terminal: names from files are printed with control characters escaped. */
  isTTY?: boolean;
  /**
   * Set when stdout is a terminal: how names from files enter text output (escaped, so a line
   * feed in a name cannot forge a row). Unset, names are printed as they are (bpftool's bytes).
   */
  escapeName?: (name: string) => string;
  /** stderr is a terminal (diagnostics quote names too). */
  stderrIsTTY?: boolean;
}

export class UsageError extends Error {}

/** Thrown by a write once the reader of stdout has gone (`btfscope … | head`). */
export class StdoutClosed extends Error {}

export function nodeContext(): CommandContext {
  const out = new FdWriter(1);
  return {
    stdout: (s) => out.write(Buffer.from(s)),
    stdoutBytes: (b) => out.write(b),
    stderr: (s) => void process.stderr.write(s),
    readFile: async (p) => new Uint8Array(await readFile(p)),
    debug: !!process.env.BTFSCOPE_DEBUG && process.env.BTFSCOPE_DEBUG !== '0',
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/**
 * Blocking writes straight to a file descriptor. process.stdout would copy every chunk and,
 * on a pipe, queue it behind an event loop this synchronous CLI does not give a turn to.
 */
export class FdWriter {
  private closed = false;
  private pause: Int32Array | undefined;

  constructor(private readonly fd: number) {}

  write(b: Uint8Array): void {
    if (this.closed) throw new StdoutClosed('stdout is closed');
    for (let off = 0; off < b.length; ) {
      try {
        off += writeSync(this.fd, b, off, b.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // A non-blocking pipe inherited from the parent is full: wait for the reader.
          Atomics.wait((this.pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
          continue;
        }
        if (code === 'EPIPE') {
          this.closed = true;
          throw new StdoutClosed('stdout is closed');
        }
        throw e;
      }
    }
  }
}

/**
 * The diagnostics of a parse, with the errors of split BTF opened without its base (one per
 * type) replaced by one that says so and names the kernel when `.modinfo` does.
 */
export function withSplitHint(r: ParseResult<BtfSource>): Diagnostic[] {
  const btf = r.value?.btf;
  if (!btf || !hasErrors(r.diagnostics) || !looksLikeSplitBtf(btf)) return r.diagnostics;
  const release = r.value?.elf ? moduleRelease(r.value.elf) : undefined;
  const rest = r.diagnostics.filter((d) => !SPLIT_SYMPTOMS.has(d.code));
  const hint: Diagnostic = {
    severity: 'error',
    code: ErrorCode.MissingBase,
    message:
      `this is split BTF (a kernel module's .BTF continues the types and strings of the kernel it was built for${release ? `: ${release}` : ''}); ` +
      `give that kernel's BTF with --base <vmlinux>${release ? ` (e.g. /sys/kernel/btf/vmlinux on ${release})` : ''}`,
    ...(r.value?.format === 'elf' ? { section: '.BTF' } : {}),
  };
  return [hint, ...rest];
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const at = d.offset !== undefined ? ` at 0x${d.offset.toString(16)}` : '';
  const sec = d.section ? ` (${d.section})` : '';
  return `${file}: ${d.severity} [${d.code}]${at}${sec}: ${d.message}\n`;
}

/**
 * Reads, unpacks and opens a BTF-carrying file; prints diagnostics; undefined on error.
 * `layers`: the packings removed, outermost first (e.g. `vmlinuz@21196`, `xz`).
 */
export async function loadBtfFile(
  ctx: CommandContext,
  path: string,
  opts: { base?: BtfSource; quiet?: boolean } = {},
): Promise<(BtfSource & { layers: string[] }) | undefined> {
  let raw: Uint8Array;
  try {
    raw = await ctx.readFile(path);
  } catch (e) {
    ctx.stderr(`${path}: error [io]: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
  // Raw BTF and ELF need no unpacking: load the decompressors (and their tables) only for
  // packed files.
  const format = sniff(raw);
  const un =
    format === 'raw-btf' || format === 'elf'
      ? { bytes: raw, diagnostics: [] as Diagnostic[], layers: [] as string[] }
      : await (await import('../core/container/unpack')).unpack(raw);
  if (hasErrors(un.diagnostics)) {
    // What could not be unpacked is not worth a second error saying it is not BTF.
    for (const d of un.diagnostics) if (!opts.quiet || d.severity === 'error') ctx.stderr(formatDiagnostic(path, d));
    return undefined;
  }
  const r = openBtf(un.bytes, opts.base ? { base: opts.base.btf } : {});
  const diags = [...un.diagnostics, ...withSplitHint(r)];
  for (const d of diags) if (!opts.quiet || d.severity === 'error') ctx.stderr(formatDiagnostic(path, d));
  if (!r.value || hasErrors(diags)) return undefined;
  return { ...r.value, layers: un.layers };
}

/** Minimal flag parser: `--flag value`, `--flag=value`, boolean flags, repeatable flags. */
export function parseFlags(
  args: string[],
  spec: { values?: string[]; bools?: string[]; repeat?: string[] },
): { positional: string[]; values: Record<string, string>; bools: Set<string>; lists: Record<string, string[]> } {
  const positional: string[] = [];
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const bools = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (spec.bools?.includes(name)) {
      bools.add(name);
      continue;
    }
    if (spec.values?.includes(name) || spec.repeat?.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      if (spec.repeat?.includes(name)) (lists[name] ??= []).push(v);
      else values[name] = v;
      continue;
    }
    throw new UsageError(`unknown option ${a}`);
  }
  return { positional, values, bools, lists };
}
