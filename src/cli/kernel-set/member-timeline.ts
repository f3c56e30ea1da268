/**
 * One kernel-set member for `timeline`: open it as `layout` opens a file, hash its BTF, and
 * keep only the type's flattened members (core/kernel-set/timeline.ts).
 */
import { createHash } from 'node:crypto';
import { type KernelTypeMembers, typeMembers } from '../../core/kernel-set/timeline';
import type { BtfSource } from '../../core/open-btf';
import { type CommandContext, loadBtfFile } from '../context';
import { capLines, type MemberTask } from './member-relocs';

export type TimelineOutcome =
  | { ok: true; hash: string; members: KernelTypeMembers | undefined; stderr: string }
  | { ok: false; stderr: string };

export async function timelineMember(
  readFile: (path: string) => Promise<Uint8Array>,
  task: MemberTask,
  typeArg: string,
  base: BtfSource | undefined,
): Promise<TimelineOutcome> {
  let stderr = '';
  const ctx: CommandContext = { stdout: () => {}, stderr: (s) => void (stderr += s), readFile };
  const src = await loadBtfFile(ctx, task.path, base ? { base } : {});
  stderr = capLines(stderr, task.path);
  if (!src) return { ok: false, stderr };
  const hash = createHash('sha256').update(src.btf.bytes).digest('hex');
  return { ok: true, hash, members: typeMembers(src.btf, typeArg), stderr };
}
