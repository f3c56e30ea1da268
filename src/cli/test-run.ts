/**
 * Test helper: runs the CLI in memory. `files` shadow paths (bytes, or a thunk so big fixtures
 * are read only when used); other paths come from disk unless `disk` is false.
 */
import { readFile } from 'node:fs/promises';
import type { CommandContext } from './context';
import { main } from './main';

export type MemFiles = Record<string, Uint8Array | (() => Uint8Array)>;

export async function runCli(argv: string[], files: MemFiles = {}, opts: { disk?: boolean; isTTY?: boolean; debug?: boolean; shareBaseUrl?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const ctx: CommandContext = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: async (p) => {
      const f = files[p];
      if (f) return typeof f === 'function' ? f() : f;
      if (opts.disk === false) throw new Error(`ENOENT: no such file '${p}'`);
      return new Uint8Array(await readFile(p));
    },
    isTTY: opts.isTTY ?? false,
    stderrIsTTY: opts.isTTY ?? false,
    ...(opts.isTTY ? { stderrControl: (s: string) => void (stderr += s) } : {}),
    debug: opts.debug ?? false,
    shareBaseUrl: opts.shareBaseUrl,
  };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}
