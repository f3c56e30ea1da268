import { describe, expect, it } from 'vitest';
import { BtfKind, computeStructLayout } from '../../core/index';
import { loadKernelFixture } from '../../test-utils/fixtures';
import { layoutTable, toCsv, toMarkdown } from './export-formats';

describe('table exports', () => {
  const t = { head: ['member', 'type'], rows: [['a', 'int'], ['b,c', 'say "hi"'], ['p|q', 'x\ny']] };

  it('writes CSV as RFC 4180 does: quoted where needed, quotes doubled, CRLF', () => {
    expect(toCsv(t)).toBe('member,type\r\na,int\r\n"b,c","say ""hi"""\r\np|q,"x\ny"\r\n');
  });

  it('writes a Markdown table with pipes escaped and line breaks flattened', () => {
    expect(toMarkdown(t)).toBe('| member | type |\n| --- | --- |\n| a | int |\n| b,c | say "hi" |\n| p\\|q | x y |\n');
  });

  it("lists a real layout's leaf members with pahole's offsets", () => {
    const btf = loadKernelFixture('6.1');
    const id = btf.findByName('task_struct', BtfKind.Struct)[0]!;
    const layout = computeStructLayout(btf, id).value!;
    const table = layoutTable(layout);
    const state = table.rows.find((r) => r[0] === '__state')!;
    expect(state.slice(1, 4)).toEqual(['unsigned int', '24', '4']);
    // Anonymous containers are transparent in paths; every row has every column.
    expect(table.rows.every((r) => r.length === table.head.length)).toBe(true);
    expect(new Set(table.rows.map((r) => r[0])).size).toBeGreaterThan(200);
  });
});
