import { describe, expect, it } from 'vitest';
import { BtfBuilder } from '../../test-utils/btf-builder';
import type { Btf } from '../btf/btf';
import { parseBtf } from '../btf/parse-btf';
import { diffBtf } from './diff-btf';
import { DIFF_TABLE_HEAD, diffJsonDocument, diffRowCells, diffTableRows, formatDiffJson } from './diff-export';

function btf(after: boolean): Btf {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const long = b.int('long', 8, { signed: true });
  // task: grows by 8, `state` renamed to `__state` in place, `prio` moved.
  b.struct('task', after ? 24 : 16, after ? [['__state', int, 0], ['pad', long, 64], ['prio', int, 128]] : [['state', int, 0], ['prio', int, 32]]);
  b.struct('same', 4, [['x', int, 0]]);
  if (after) b.struct('born', 8, [['y', long, 0]]);
  else b.union('gone', 4, [['z', int, 0]]);
  b.enum('color', 4, after ? [['RED', 0], ['BLUE', 2]] : [['RED', 0], ['BLUE', 1]]);
  b.func('only_before_or_after', b.funcProto(int, [['a', int]]));
  if (!after) b.func('removed_fn', b.funcProto(int, []));
  const r = parseBtf(b.build());
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

const d = diffBtf(btf(false), btf(true)).value!;

describe('the diff export builders (CLI --json and the Diff view share them)', () => {
  it('the --json document: version, sides, then the diff, in that key order', () => {
    const doc = diffJsonDocument(d, 'a.btf', 'b.btf');
    expect(Object.keys(doc)).toEqual(['version', 'before', 'after', 'summary', 'types', 'duplicates', 'diagnostics']);
    expect(doc).toMatchObject({ version: 1, before: 'a.btf', after: 'b.btf' });
    expect(doc.types.map((t) => `${t.change} ${t.kind} ${t.name}`)).toEqual([
      'added struct born',
      'changed struct task',
      'removed union gone',
      'changed enum color',
      'removed func removed_fn',
    ]);
    expect(formatDiffJson(d, 'a.btf', 'b.btf')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    // `keep` narrows the types only; the summary counts them all.
    const one = diffJsonDocument(d, 'a', 'b', (t) => t.name === 'task');
    expect(one.types.map((t) => t.name)).toEqual(['task']);
    expect(one.summary).toEqual(doc.summary);
  });

  it('the table rows: changed types of every kind, added and removed ones but functions; cells as the table shows them', () => {
    const rows = diffTableRows(d);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['born', 'color', 'gone', 'task']);
    expect(byName.task).toEqual({ kind: 'struct', name: 'task', change: 'changed', byteSizeBefore: 16, byteSizeAfter: 24, moved: 1, memberChanges: 3, renamed: 1 });
    expect(DIFF_TABLE_HEAD).toHaveLength(diffRowCells(byName.task!).length);
    expect(diffRowCells(byName.task!)).toEqual(['changed', 'struct', 'task', '16', '24', '+8', '1', '3', '1']);
    expect(diffRowCells(byName.born!)).toEqual(['added', 'struct', 'born', '', '8', '', '', '', '']);
    expect(diffRowCells(byName.gone!)).toEqual(['removed', 'union', 'gone', '4', '', '', '', '', '']);
    expect(diffRowCells(byName.color!)).toEqual(['changed', 'enum', 'color', '4', '4', '', '', '1', '']);
  });
});
