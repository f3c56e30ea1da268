/**
 * Text and JSON renderings of a RelocationReport, shared by the CLI (`btfscope relocs`)
 * and anything else that wants the same words: a table with one row per relocation and
 * one column per target, per-target verdicts, and the explanations of failures.
 * The JSON shape is documented in docs/relocs-json.md (bump RELOCS_JSON_VERSION on change).
 */
import type { RelocationReport, TargetReloResult } from './report';
import type { ProgramVerdict } from './verdict';

export const RELOCS_JSON_VERSION = 1;

/** What a table cell shows for one relocation on one target. */
export function formatOutcomeCell(r: TargetReloResult | undefined): string {
  if (!r) return '';
  switch (r.result) {
    case 'patched':
      return r.after ?? '?';
    case 'poisoned':
      return 'poisoned';
    case 'error':
      return r.fault ? 'CRASH' : `ERROR ${r.errno ?? ''}`.trim();
    case 'unreached':
      return r.wouldBe === 'patched' ? `(${r.after ?? '?'})` : `(${r.wouldBe ?? '?'})`;
    case 'skipped':
      return 'skipped';
  }
}

function table(rows: string[][], rightAlign: boolean[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (rightAlign[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

/** The default `btfscope relocs` output. */
/** One relocation as the table's cells: program, insn, kind, access, local, then one per target. */
export function relocRowCells(v: RelocationReport['relocations'][number]): string[] {
  return [
    v.program ?? `(${v.section})`,
    v.insnIndex === null ? '-' : String(v.insnIndex),
    v.kindName,
    v.access,
    v.results[0]?.before ?? '-',
    ...v.results.map(formatOutcomeCell),
  ];
}

export function formatRelocsTable(report: RelocationReport, objectName: string): string {
  const labels = report.targets.map((t) => t.label);
  const progs = new Set(report.relocations.map((v) => v.program).filter((p) => p !== null));
  let out = `${objectName}: ${report.relocations.length} CO-RE relocations in ${progs.size} program(s); targets: ${labels.join(', ') || '(none)'}\n\n`;
  if (report.relocations.length) {
    const head = ['program', 'insn', 'kind', 'access', 'local', ...labels];
    const rows = [head];
    for (const v of report.relocations) rows.push(relocRowCells(v));
    out += table(rows, head.map((_, i) => i === 1 || i >= 4)) + '\n\n';
    out += 'Values are what libbpf writes into the instruction; (x) = not reached: libbpf stops at an earlier error.\n\n';
  }
  for (const t of report.targets) {
    const c = t.counts;
    const parts = [`${c.patched} patched`, `${c.poisoned} poisoned`];
    if (c.error) parts.push(`${c.error} error`);
    if (c.unreached) parts.push(`${c.unreached} not reached`);
    if (c.skipped) parts.push(`${c.skipped} skipped`);
    if (t.failedAt) {
      const v = report.relocations[t.failedAt.ordinal];
      const where = v ? `relo #${v.reloIndex} of '${v.section}' (prog '${v.program ?? '?'}', insn #${v.insnIndex ?? '?'})` : `section '${t.failedAt.section}'`;
      out += t.failedAt.fault
        ? `${t.label}: libbpf crashes at ${where}: ${t.failedAt.fault}; ${parts.join(', ')}\n`
        : `${t.label}: libbpf fails the load at ${where}: error ${t.failedAt.errno}; ${parts.join(', ')}\n`;
    } else {
      out += `${t.label}: libbpf completes CO-RE relocation; ${parts.join(', ')}\n`;
    }
  }
  out += '\n' + formatVerdicts(report);
  const notes = formatExplanations(report);
  if (notes) out += `\n${notes}`;
  return out;
}

/** The load verdicts: one overall line per target, then one line per program and target. */
export function formatVerdicts(report: RelocationReport): string {
  let out = '';
  for (const t of report.targets) out += `verdict ${t.label}: ${t.verdict.text}\n`;
  const rows: string[][] = [['program', ...report.targets.map((t) => t.label)]];
  const names = report.targets[0]?.verdict.programs.map((p) => p.program) ?? [];
  for (const name of names) {
    rows.push([name, ...report.targets.map((t) => shortVerdict(t.verdict.programs.find((p) => p.program === name)))]);
  }
  if (names.length) out += '\n' + table(rows, rows[0]!.map(() => false)) + '\n';
  const details = report.targets.flatMap((t) => t.verdict.programs.filter((p) => p.kind === 'fails' || p.kind === 'may-fail').map((p) => `${t.label}: ${p.program}: ${p.text}`));
  if (details.length && names.length) out += '\n' + [...new Set(details)].join('\n') + '\n';
  return out;
}

/** A table cell: `loads`, `guarded`, `FAILS insn 1`, `may fail`, `does not open`. */
export function shortVerdict(v: ProgramVerdict | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'loads':
      return 'loads';
    case 'guarded':
      return 'loads (guarded)';
    case 'fails':
      return v.reached ? `FAILS: insn ${v.reached.program === v.program ? '' : `${v.reached.program}:`}${v.reached.insn} reached` : 'FAILS';
    case 'may-fail':
      return 'may fail';
    case 'does-not-open':
      return 'does not open';
  }
}

/** One paragraph per relocation that does not resolve on some target. */
export function formatExplanations(report: RelocationReport): string {
  let out = '';
  for (const v of report.relocations) {
    for (const r of v.results) {
      const e = r.explanation;
      if (!e || r.result === 'unreached') continue;
      out += `${r.target}: prog '${v.program}' insn #${v.insnIndex} ${v.kindName} ${v.access} → ${r.result === 'patched' ? `patched to ${r.after}` : r.result}\n`;
      out += `  why: ${e.summary}\n`;
      for (const s of e.successors) out += `  likely successor: ${s.path} — ${s.reason}\n`;
      if (e.snippet) out += e.snippet.split('\n').map((l) => (l ? `    ${l}` : '')).join('\n') + '\n';
    }
  }
  return out;
}

/** The `--json` document (see docs/relocs-json.md). */
export function relocsJson(report: Pick<RelocationReport, 'programs' | 'targets' | 'relocations'>, objectName: string, libbpfRefuses?: { libbpf: string; why?: string }): unknown {
  return {
    version: RELOCS_JSON_VERSION,
    object: objectName,
    libbpfRefuses: libbpfRefuses ?? null,
    programs: report.programs,
    targets: report.targets,
    relocations: report.relocations,
  };
}
