/**
 * Text for a terminal: names from files may carry control characters (an ANSI escape that
 * recolours or clears the screen, a carriage return that overwrites a row) or bidi controls
 * (U+202E reverses the rest of a line). When stdout is a terminal, every command's output
 * passes through `escapeForTerminal`, which shows them as visible escapes (`\x1b`, `\u202e`).
 * Piped output is left byte-identical (it must match bpftool and pahole); stderr (diagnostics,
 * btfscope's own) is escaped always, and `formatDiagnostic` escapes the names in each one.
 *
 * Line feeds and tabs pass at this level: the formatters' own rows and columns are made of
 * them, and in the finished text a line feed inside a name cannot be told from one between
 * rows. So each command also escapes every name from a file where it enters the text
 * (`escapeName`, handed to the formatters as `ctx.escapeName`): there line feeds, carriage
 * returns and tabs are escaped too (`\n`, `\r`, `\t`), and every output line is a real row.
 */
import type { CommandContext } from './context';

// C0 controls but tab and line feed, DEL, C1 controls (U+009B is a one-character CSI on some
// terminals), the bidi embeddings, overrides, isolates and marks, and the line/paragraph
// separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// Names: every C0 control, tab and line feed included.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NAME_UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// \n, \r, \t as in C; other C0 as \xNN (what a terminal user knows: \x1b); the rest as
// \uNNNN, which is also a valid JSON escape, so --json on a terminal stays JSON (JSON.stringify already escapes C0).
function visible(c: string): string {
  const short = SHORT[c];
  if (short) return short;
  const n = c.charCodeAt(0);
  return n < 0x20 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** `s` with terminal control and bidi characters replaced by visible escapes. */
export function escapeForTerminal(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** A name from a file, for a terminal: every control and bidi character visibly escaped. */
export function escapeName(s: string): string {
  return s.replace(NAME_UNSAFE, visible);
}

/**
 * The context with its stderr always, and its stdout when it is a terminal, escaped for a
 * terminal. stderr carries btfscope's own messages, which no tool's output must match, so
 * it is escaped piped too (a log file read with `cat` is a terminal again). A terminal's byte
 * output goes through the text path (a terminal reads at human speed anyway).
 */
export function terminalSafe(ctx: CommandContext): CommandContext {
  const out: CommandContext = { ...ctx, stderr: (s) => ctx.stderr(escapeForTerminal(s)) };
  if (ctx.isTTY) {
    out.stdout = (s) => ctx.stdout(escapeForTerminal(s));
    out.escapeName = escapeName;
    delete out.stdoutBytes;
  }
  return out;
}
