/**
 * Readable text of a diff (the CLI's output; the UI can show the same lines).
 *
 *   kind       added  removed  changed  unchanged
 *   struct      1022      226     1188       5575
 *
 *   ~ struct task_struct  size 9408 -> 9792 (+384)
 *       renamed   state -> __state  (close name, same position)  offset 16 -> 24, size 8 -> 4, type volatile long int -> unsigned int
 *       moved     stack  offset 24 -> 32
 *       added     user_cpus_ptr  offset 992, size 8, cpumask_t *
 *
 * Offsets and sizes are in bytes; a bitfield's offset is `byte:bit` (bit 0-7 within
 * that byte) and its size `N bits`.
 */
import { mapStrings } from '../map-strings';
import type { BtfDiff } from './diff-result';
import { DIFF_KINDS, type DiffKind, type MemberDiff, type TypeDiff } from './diff-model';

/** Options of the diff's text form. */
export interface FormatDiffOptions {
  /** List added/removed functions too (there are tens of thousands between kernels). */
  allFunctions?: boolean;
  /** List added/removed types at all (default true). */
  addedRemoved?: boolean;
  /** Only types passing this test are printed (the summary counts all). */
  filter?: (t: TypeDiff) => boolean;
  /**
   * How names (and the type spellings made of them) enter the text: the CLI escapes them on
   * a terminal, so a line feed in a name cannot forge a line. Unset: as they are.
   */
  escapeName?: (name: string) => string;
}

/** `24`, or `4:3` for bit 3 of byte 4. */
export function formatBitOffset(bits: number): string {
  return bits % 8 ? `${Math.floor(bits / 8)}:${bits % 8}` : String(bits / 8);
}

function formatBitSize(bits: number | undefined, bitfield: boolean | undefined): string {
  if (bits === undefined) return '?';
  return bitfield || bits % 8 ? `${bits} bits` : String(bits / 8);
}

function change<T>(label: string, before: T | undefined, after: T | undefined, f: (x: T) => string = String): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const a = f(before);
  const b = f(after);
  return a === b ? undefined : `${label} ${a} -> ${b}`;
}

function typeLabel(t: TypeDiff): string {
  return `${t.kind} ${t.name}`;
}

/** The lines of one member change, indented by `indent`. */
export function formatMemberDiff(m: MemberDiff, indent = '    '): string {
  const off = (b: number | undefined) => (b === undefined ? '?' : formatBitOffset(b));
  const parts: string[] = [];
  let head: string;
  if (m.change === 'added' || m.change === 'removed') {
    const after = m.change === 'added';
    const bo = after ? m.bitOffsetAfter : m.bitOffsetBefore;
    const bs = after ? m.bitSizeAfter : m.bitSizeBefore;
    const bf = after ? m.bitfieldAfter : m.bitfieldBefore;
    const ty = after ? m.typeAfter : m.typeBefore;
    const cont = after ? m.containerAfter : m.containerBefore;
    head = `${m.change.padEnd(9)} ${m.name}`;
    parts.push(`offset ${off(bo)}`, `size ${formatBitSize(bs, bf)}`, ty ?? '?');
    if (cont) parts.push(`in ${cont}`);
    return `${indent}${head}  ${parts.join(', ')}`;
  }
  if (m.change === 'renamed') {
    const ev = (m.renameEvidence ?? []).map((e) =>
      e === 'same offset' ? `same offset ${off(m.bitOffsetAfter)}` : e === 'same type' ? `same type ${m.typeAfter}` : e,
    );
    head = `${'renamed'.padEnd(9)} ${m.renamedFrom} -> ${m.name}  (${ev.join(', ')})`;
  } else head = `${m.aspects.join(',').padEnd(9)} ${m.name}`;
  const moved = change('offset', m.bitOffsetBefore, m.bitOffsetAfter, formatBitOffset);
  const sized = change('size', m.bitSizeBefore, m.bitSizeAfter, (b) => formatBitSize(b, m.bitfieldBefore || m.bitfieldAfter));
  const typed = m.aspects.includes('retyped') ? `type ${m.typeBefore} -> ${m.typeAfter}` : undefined;
  const cont = m.aspects.includes('container') ? `in ${m.containerBefore || 'struct'} -> ${m.containerAfter || 'struct'}` : undefined;
  for (const p of [moved, sized, typed, cont]) if (p) parts.push(p);
  if (!typed && m.typeAfter) parts.push(m.typeAfter);
  return `${indent}${head}  ${parts.join(', ')}`;
}

/** The text of one changed (or unchanged) type: a header line plus detail lines. */
export function formatTypeDiff(t: TypeDiff): string[] {
  const lines: string[] = [];
  const sign = t.change === 'added' ? '+' : t.change === 'removed' ? '-' : t.change === 'unchanged' ? '=' : '~';
  let head = `${sign} ${typeLabel(t)}`;
  const sa = t.byteSizeBefore;
  const sb = t.byteSizeAfter;
  if (t.change === 'added' || t.change === 'removed') {
    const size = t.change === 'added' ? sb : sa;
    const type = t.change === 'added' ? t.typeAfter : t.typeBefore;
    if (t.kind === 'func' && type) head = `${sign} func ${type}`;
    else {
      if (size !== undefined && t.kind !== 'func') head += `  size ${size}`;
      if (type && t.kind !== 'func') head += `  ${type}`;
    }
  } else if (sa !== undefined && sb !== undefined && t.kind !== 'typedef' && t.kind !== 'var') {
    head += sa === sb ? `  size ${sb}` : `  size ${sa} -> ${sb} (${sb > sa ? '+' : ''}${sb - sa})`;
  }
  if (t.duplicates) head += `  [${t.duplicates.before} -> ${t.duplicates.after} types of this name]`;
  lines.push(head);
  if (t.change !== 'changed') return lines;
  if (t.kind === 'func') {
    lines.push(`    - ${t.typeBefore}`, `    + ${t.typeAfter}`);
    return lines;
  }
  // A typedef of an anonymous type shows its members or values instead of two spellings.
  if ((t.kind === 'typedef' || t.kind === 'var') && t.typeBefore !== t.typeAfter && !t.members?.length && !t.values?.length) {
    lines.push(`    type ${t.typeBefore} -> ${t.typeAfter}`);
  }
  for (const m of t.members ?? []) lines.push(formatMemberDiff(m));
  for (const v of t.values ?? []) {
    if (v.change === 'added') lines.push(`    + ${v.name} = ${v.valueAfter}`);
    else if (v.change === 'removed') lines.push(`    - ${v.name} = ${v.valueBefore}`);
    else lines.push(`    ~ ${v.name} = ${v.valueBefore} -> ${v.valueAfter}`);
  }
  return lines;
}

/** The summary table: one row per kind. */
export function formatDiffSummary(d: BtfDiff): string[] {
  const cols = ['added', 'removed', 'changed', 'unchanged'] as const;
  const rows = [['kind', ...cols], ...DIFF_KINDS.map((k) => [k, ...cols.map((c) => String(d.summary[k][c]))])];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  '));
}

/** Summary, then changed types in detail, then added/removed types one per line. */
export function formatDiffText(d: BtfDiff, opts: FormatDiffOptions = {}): string {
  const out = formatDiffSummary(d);
  const esc = opts.escapeName;
  const addedRemoved = opts.addedRemoved ?? true;
  // Only what is printed is built: without --all-funcs, not the tens of thousands of
  // added/removed functions.
  const listed = d.typesWhere((k, c) => c === 'changed' || c === 'unchanged' || (addedRemoved && (k !== 'func' || !!opts.allFunctions)));
  const all = opts.filter ? listed.filter(opts.filter) : listed;
  // Every string of a TypeDiff is a name or a one-line spelling of a type.
  const types = esc ? all.map((t) => mapStrings(t, esc)) : all;
  const changed = types.filter((t) => t.change === 'changed' || t.change === 'unchanged');
  if (changed.length) out.push('');
  for (const t of changed) out.push(...formatTypeDiff(t));
  if (addedRemoved) {
    const byKind = new Map<DiffKind, TypeDiff[]>();
    for (const t of types) {
      if (t.change !== 'added' && t.change !== 'removed') continue;
      if (t.kind === 'func' && !opts.allFunctions) continue;
      const l = byKind.get(t.kind) ?? [];
      l.push(t);
      byKind.set(t.kind, l);
    }
    for (const [, list] of byKind) {
      out.push('');
      for (const t of list) out.push(...formatTypeDiff(t));
    }
    const f = d.summary.func;
    if (!opts.allFunctions && f.added + f.removed > 0) {
      out.push('', `(${f.added} added and ${f.removed} removed functions not listed; --all-funcs lists them)`);
    }
  }
  if (d.duplicates.length) {
    out.push('', 'names with several types (paired by structure):');
    for (const x of d.duplicates) out.push(`  ${x.kind} ${esc ? esc(x.name) : x.name}: ${x.before} -> ${x.after}`);
  }
  return `${out.join('\n')}\n`;
}
