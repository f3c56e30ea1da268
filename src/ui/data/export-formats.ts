/**
 * Tables as text to take away: CSV (RFC 4180: fields with a comma, quote or line break are
 * quoted, quotes doubled) and Markdown (pipes escaped), plus the rows of the layout, member
 * diff, changed-types and relocation tables. JSON exports are the CLI's own documents
 * (`layout --json`, `relocs --json`, `diff --json`), built by core's functions, so they are
 * equal to what the CLI prints.
 */
import type { RelocationReport, StructLayout, TypeDiff } from '../../core/index';
import { relocRowCells } from '../../core/core-relo/format-report';
import { DIFF_TABLE_HEAD, type DiffTableRow, diffRowCells } from '../../core/diff/diff-export';

export type Table = { head: string[]; rows: string[][] };

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Table): string {
  return [t.head, ...t.rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function toMarkdown(t: Table): string {
  const line = (r: string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  return [line(t.head), `|${t.head.map(() => ' --- ').join('|')}|`, ...t.rows.map(line)].join('\n') + '\n';
}

/** Leaf members of a layout (nested anonymous members by their access path), pahole's numbers. */
export function layoutTable(layout: StructLayout): Table {
  const rows: string[][] = [];
  const walk = (l: StructLayout, prefix: string) => {
    for (const m of l.members) {
      const path = prefix + (m.name || '(anon)');
      if (m.nested) walk(m.nested, m.name ? `${path}.` : prefix);
      else {
        rows.push([
          path,
          m.typeName,
          String(m.absByteOffset),
          String(m.byteSize),
          m.bitfieldSize ? String(m.bitfieldOffset) : '',
          m.bitfieldSize ? String(m.bitfieldSize) : '',
          String(m.holeBytesAfter),
        ]);
      }
    }
  };
  walk(layout, '');
  return { head: ['member', 'type', 'offset', 'size', 'bit offset', 'bits', 'hole after'], rows };
}

const bytes = (bits: number | undefined) => (bits === undefined ? '' : bits % 8 ? `${Math.floor(bits / 8)}:${bits % 8}` : String(bits / 8));

/** One row per changed member of a type diff, as `btfscope diff --type` lists them. */
export function memberDiffTable(d: TypeDiff): Table {
  const rows = (d.members ?? []).map((m) => [
    m.name,
    m.change,
    m.aspects.join(','),
    m.renamedFrom ?? '',
    bytes(m.bitOffsetBefore),
    bytes(m.bitOffsetAfter),
    m.bitSizeBefore === undefined ? '' : String(m.bitSizeBefore),
    m.bitSizeAfter === undefined ? '' : String(m.bitSizeAfter),
    m.typeBefore ?? '',
    m.typeAfter ?? '',
  ]);
  return { head: ['member', 'change', 'aspects', 'renamed from', 'offset before', 'offset after', 'bits before', 'bits after', 'type before', 'type after'], rows };
}

/** The Diff view's changed-types table, the rows as shown (filtered, in the view's order). */
export function diffTable(rows: readonly DiffTableRow[]): Table {
  return { head: [...DIFF_TABLE_HEAD], rows: rows.map(diffRowCells) };
}

/** The relocation table as `btfscope relocs` prints it: one column per kernel. */
export function relocTable(report: Pick<RelocationReport, 'relocations'>, labels: readonly string[]): Table {
  const rows = report.relocations.map((v) => [String(v.ordinal), ...relocRowCells(v)]);
  return { head: ['#', 'program', 'insn', 'kind', 'access', 'local', ...labels], rows };
}

/** `JSON.stringify(x, null, 2)` plus the newline the CLI ends its output with. */
export function cliJson(x: unknown): string {
  return JSON.stringify(x, null, 2) + '\n';
}
