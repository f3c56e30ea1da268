/**
 * `btfscope timeline <type> <kernel|dir|glob>... [--json] [--base <vmlinux>] [--jobs N]`: one
 * struct or union across a kernel set, one row per member path (as the diff names members),
 * one column per kernel (--json) or per group of kernels with identical layouts (text).
 * Members are scanned by the kernel-set pool; byte-identical kernels collapse. Exit 1 when a
 * member cannot be read (the others are shown) or no kernel has the type.
 */
import { type Timeline, type TimelineCell, buildTimeline } from '../../core/kernel-set/timeline';
import { type KernelGroup, collapseIdentical, compareLabels, groupResults } from '../../core/kernel-set/index';
import { hasErrors } from '../../core/diagnostics';
import { type BtfSource, openBtf } from '../../core/open-btf';
import { type CommandContext, UsageError, parseFlags } from '../context';
import { type TimelineOutcome, timelineMember } from '../kernel-set/member-timeline';
import { defaultJobs, runPool } from '../kernel-set/pool';
import { expandAll, progressLine } from '../kernel-set/relocs-set';
import { readBytes, report } from './relocs';

const USAGE = 'usage: btfscope timeline <type> <kernel|dir|glob>... [--json] [--base <vmlinux>] [--jobs N]';

export const TIMELINE_JSON_VERSION = 1;

/** `24/4` (byte offset / bytes), `44:3/5b` for a bitfield (bit 3 of byte 44, 5 bits). */
export function formatCell(c: TimelineCell | null): string {
  if (!c) return '-';
  const at = c.bitOffset % 8 ? `${Math.floor(c.bitOffset / 8)}:${c.bitOffset % 8}` : `${c.bitOffset / 8}`;
  const size = c.bitSize === null ? '?' : c.bitfield || c.bitSize % 8 ? `${c.bitSize}b` : `${c.bitSize / 8}`;
  return `${at}/${size}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** The text view: kernels with identical columns grouped, groups in natural order of their first kernel. */
export function formatTimeline(t: Timeline, memberCount: number, esc: (s: string) => string): string {
  const cols = t.kernels.map((k, i) => ({ k, i }));
  const groups: KernelGroup<{ k: (typeof cols)[number]['k']; i: number }>[] = groupResults(
    cols,
    ({ i }) => JSON.stringify([t.present[i], t.rows.map((r) => r.cells[i])]),
    ({ k }) => k.labels,
  );
  let out = `${esc(t.type)} over ${memberCount} kernel${memberCount === 1 ? '' : 's'} (${t.kernels.length} distinct), ${groups.length} group${groups.length === 1 ? '' : 's'} of identical layouts\n`;
  groups.forEach((g, n) => {
    out += `#${n + 1} = ${esc(g.title)}${t.present[g.representative.i] ? '' : ' (no such type)'}\n`;
  });
  const groupOf = (label: string) => `#${groups.findIndex((g) => g.labels.includes(label)) + 1}`;
  const rows: string[][] = [['member', ...groups.map((_, n) => `#${n + 1}`), 'type', 'first', 'last', 'moved in']];
  for (const r of t.rows) {
    const cells = groups.map((g) => r.cells[g.representative.i] ?? null);
    const types = [...new Set(cells.filter((c) => c !== null).map((c) => c.type))];
    const moved = [...new Set(r.movedIn.map(groupOf))];
    rows.push([esc(r.member), ...cells.map(formatCell), esc(types.join(' | ')), groupOf(r.firstSeen), groupOf(r.lastSeen), moved.join(' ')]);
  }
  out += '\n' + table(rows);
  out += '\nCells: byte offset/size in bytes (offset:bit/bits for bitfields); - where the kernel has no such member.\n';
  out += `\nmembers:\n${groups.map((g, n) => `#${n + 1}: ${g.labels.map(esc).join(', ')}\n`).join('')}`;
  return out;
}

export async function runTimeline(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['base', 'jobs'], bools: ['json'] });
  if (f.positional.length < 2) throw new UsageError(USAGE);
  const [typeArg, ...targets] = f.positional as [string, ...string[]];
  const jobs = f.values.jobs === undefined ? defaultJobs() : Number(f.values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 1024) throw new UsageError(`--jobs takes a number of worker threads from 1 to 1024, not '${f.values.jobs}'`);
  let inputErrors = false;
  let base: BtfSource | undefined;
  let baseBytes: Uint8Array | undefined;
  if (f.values.base) {
    baseBytes = await readBytes(ctx, f.values.base);
    if (!baseBytes) return 1;
    const r = openBtf(baseBytes);
    report(ctx, f.values.base, r.diagnostics);
    if (!r.value || hasErrors(r.diagnostics)) return 1;
    base = r.value;
  }
  const expanded = await expandAll(ctx, targets);
  const inputs = expanded.inputs;
  if (expanded.errors) inputErrors = true;
  const read: { label: string; hash: string }[] = [];
  // Per BTF hash, the members seen under its first label: identical copies add only a label.
  const kept = new Map<string, { label: string; members: Extract<TimelineOutcome, { ok: true }>['members'] }>();
  const unreadable: string[] = [];
  const progress = progressLine(ctx, inputs.length, 'timeline');
  progress.update(0, 0);
  await runPool<TimelineOutcome>(
    inputs.map((t) => ({ path: t.path, label: t.label })),
    jobs,
    { kind: 'timeline', type: typeArg, ...(baseBytes ? { base: baseBytes } : {}) },
    (task) => timelineMember(ctx.readFile, task, typeArg, base),
    (i, r) => {
      if (r.stderr) {
        progress.clear();
        ctx.stderr(r.stderr);
      }
      if (r.ok) {
        const label = inputs[i]!.label;
        read.push({ label, hash: r.hash });
        const had = kept.get(r.hash);
        if (!had || compareLabels(label, had.label) < 0) kept.set(r.hash, { label, members: r.members });
      } else unreadable.push(inputs[i]!.path);
      progress.update(read.length + unreadable.length, unreadable.length);
    },
  );
  progress.clear();
  if (unreadable.length) {
    inputErrors = true;
    ctx.stderr(`timeline: ${unreadable.length} of ${inputs.length} kernels could not be read and are left out (diagnostics above): ${unreadable.join(', ')}\n`);
  }
  const kernels = collapseIdentical(read).map((m) => {
    const members = kept.get(m.hash)!.members;
    return { label: m.label, labels: m.labels, sha256: m.hash, ...(members ? { members } : {}) };
  });
  if (kernels.length && !kernels.some((k) => k.members)) {
    ctx.stderr(`btfscope timeline: no struct or union matches '${typeArg}' in any of the ${kernels.length} kernels\n`);
    return 1;
  }
  for (const k of kernels) if (k.members?.truncated) ctx.stderr(`${k.label}: warning: ${k.members.type} flattens to more members than the diff lists; later members are left out\n`);
  const t = buildTimeline(typeArg, kernels);
  if (f.bools.has('json')) {
    const doc = {
      version: TIMELINE_JSON_VERSION,
      type: t.type,
      kernels: t.kernels.map((k, i) => ({ ...k, hasType: t.present[i] })),
      rows: t.rows,
    };
    ctx.stdout(JSON.stringify(doc, null, 2) + '\n');
  } else ctx.stdout(formatTimeline(t, read.length, ctx.escapeName ?? ((s) => s)));
  return inputErrors ? 1 : 0;
}
