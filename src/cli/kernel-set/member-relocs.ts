/**
 * One kernel-set member against the objects: read, unpack, open (exactly as
 * `relocs --target <file>` opens a target), hash its BTF, relocate each object on it alone,
 * and keep only that kernel's part of each report. Runs in a pool worker or, for `--jobs 1`
 * and tests, in the main thread; either way the member's BTF is garbage once this returns.
 */
import { createHash } from 'node:crypto';
import type { BpfObject } from '../../core/bpf/bpf-object';
import type { KernelReloResults } from '../../core/kernel-set/index';
import { reloResultKey } from '../../core/kernel-set/relocs-key';
import { relocateObject } from '../../core/core-relo/relocate-object';
import type { BtfSource } from '../../core/open-btf';
import { openTarget } from '../commands/relocs';
import type { CommandContext } from '../context';

/** `full`: every relocation's result (for --json and the table); `summary`: verdicts and keys only. */
export type MemberDetail = 'full' | 'summary';

export interface MemberTask {
  path: string;
  label: string;
}

export type MemberOutcome =
  | {
      ok: true;
      /** sha256 of the kernel's BTF bytes. */
      hash: string;
      /** Per object, in the order given; empty for a duplicate. */
      objects: (KernelReloResults & { key: string })[];
      /** Not computed: an identical kernel (same hash) is, under a label that sorts first. */
      duplicate?: true;
      /** The target had types the kernel would refuse (relocated anyway, as libbpf does; exit 1). */
      typeErrors: boolean;
      /** Diagnostics as the CLI prints them. */
      stderr: string;
    }
  | { ok: false; stderr: string };

/** A broken member of a large set should not bury the others' lines: its first few diagnostics, then a count. */
const MAX_LINES = 10;

export function capLines(text: string, path: string): string {
  const lines = text.split('\n').filter(Boolean);
  if (lines.length <= MAX_LINES + 1) return text;
  return `${lines.slice(0, MAX_LINES).join('\n')}\n${path}: note: ${lines.length - MAX_LINES} more diagnostics (relocs --target ${path} prints them all)\n`;
}

export async function relocateMember(
  readFile: (path: string) => Promise<Uint8Array>,
  task: MemberTask,
  objects: readonly BpfObject[],
  base: BtfSource | undefined,
  detail: MemberDetail,
  shouldCompute?: (hash: string) => Promise<boolean>,
): Promise<MemberOutcome> {
  let stderr = '';
  const ctx: CommandContext = { stdout: () => {}, stderr: (s) => void (stderr += s), readFile };
  const opened = await openTarget(ctx, task.path, base, task.label);
  stderr = capLines(stderr, task.path);
  if (!opened) return { ok: false, stderr };
  const hash = createHash('sha256').update(opened.target.btf.bytes).digest('hex');
  if (shouldCompute && !(await shouldCompute(hash))) return { ok: true, hash, objects: [], duplicate: true, typeErrors: opened.typeErrors, stderr };
  const out: (KernelReloResults & { key: string })[] = [];
  for (const obj of objects) {
    const rep = relocateObject(obj, [opened.target]);
    const k: KernelReloResults = { summary: rep.targets[0]!, results: rep.relocations.map((v) => v.results[0]!) };
    const key = reloResultKey(k);
    out.push(detail === 'full' ? { ...k, key } : { summary: { ...k.summary, libbpfLog: [] }, results: [], key });
  }
  return { ok: true, hash, objects: out, typeErrors: opened.typeErrors, stderr };
}
