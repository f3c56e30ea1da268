/**
 * A whole diff as data to take away, built once for every front end: the document
 * `btfscope diff --json` prints (docs/diff-json.md), which the web app's JSON export of the
 * Diff view is byte for byte, and the rows of the view's changed-types table with their cells
 * (its CSV and Markdown exports).
 */
import type { BtfDiff, BtfDiffJson } from './diff-result';
import type { DiffKind, TypeDiff } from './diff-model';

/** Version of the --json document (docs/diff-json.md). */
export const DIFF_JSON_VERSION = 1;

export interface DiffJsonDocument extends BtfDiffJson {
  version: typeof DIFF_JSON_VERSION;
  /** The two sides as the user named them: paths in the CLI, file labels in the web app. */
  before: string;
  after: string;
}

/** The --json document; `keep` narrows `types` (the summary always counts all). */
export function diffJsonDocument(d: BtfDiff, before: string, after: string, keep?: (t: TypeDiff) => boolean): DiffJsonDocument {
  const json = d.toJSON();
  return { version: DIFF_JSON_VERSION, before, after, ...json, types: keep ? json.types.filter(keep) : json.types };
}

/** The --json text: two-space indented, ending in a line feed. */
export function formatDiffJson(d: BtfDiff, before: string, after: string, keep?: (t: TypeDiff) => boolean): string {
  return `${JSON.stringify(diffJsonDocument(d, before, after, keep), null, 2)}\n`;
}

/** One row of the changed-types table. */
export interface DiffTableRow {
  kind: DiffKind;
  name: string;
  change: 'added' | 'removed' | 'changed';
  byteSizeBefore: number | undefined;
  byteSizeAfter: number | undefined;
  /** Members whose offset changed (renamed ones included). */
  moved: number;
  /** Member changes of any kind (added, removed, changed, renamed), enum values and params. */
  memberChanges: number;
  renamed: number;
}

/**
 * The table's rows: changed types of every kind; added and removed ones except functions and
 * variables (tens of thousands between kernels, and nothing to compare). In the diff's order.
 */
export function diffTableRows(d: BtfDiff): DiffTableRow[] {
  const rows: DiffTableRow[] = [];
  for (let i = 0; i < d.size; i++) {
    const kind = d.kindAt(i);
    const change = d.changeAt(i);
    if (change === 'unchanged' || ((kind === 'func' || kind === 'var') && change !== 'changed')) continue;
    const e = d.entry(i);
    const members = e.members ?? [];
    rows.push({
      kind,
      name: e.name,
      change,
      byteSizeBefore: e.byteSizeBefore,
      byteSizeAfter: e.byteSizeAfter,
      moved: members.filter((m) => m.bitOffsetBefore !== undefined && m.bitOffsetAfter !== undefined && m.bitOffsetBefore !== m.bitOffsetAfter).length,
      memberChanges: members.length + (e.values?.length ?? 0) + (e.params?.length ?? 0),
      renamed: members.filter((m) => m.change === 'renamed').length,
    });
  }
  return rows;
}

/** A changed type's size change in bytes, as the table shows it (`+384`, `-8`); '' otherwise. */
export function formatSizeDelta(r: DiffTableRow): string {
  const d = (r.byteSizeAfter ?? 0) - (r.byteSizeBefore ?? 0);
  return r.change === 'changed' && d ? (d > 0 ? `+${d}` : String(d)) : '';
}

export const DIFF_TABLE_HEAD = ['change', 'kind', 'name', 'size before', 'size after', 'size change', 'moved', 'changes', 'renamed'];

/** One row's cells under DIFF_TABLE_HEAD (empty where the table shows nothing). */
export function diffRowCells(r: DiffTableRow): string[] {
  const n = (x: number) => (x ? String(x) : '');
  return [
    r.change,
    r.kind,
    r.name,
    r.byteSizeBefore === undefined ? '' : String(r.byteSizeBefore),
    r.byteSizeAfter === undefined ? '' : String(r.byteSizeAfter),
    formatSizeDelta(r),
    n(r.moved),
    n(r.memberChanges),
    n(r.renamed),
  ];
}
