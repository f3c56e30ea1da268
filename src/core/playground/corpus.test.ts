/**
 * Done-when of the playground parser: its layouts equal clang's for the corpus in
 * fixtures/playground/corpus.c, compared through BTF — clang's from corpus.bpf.o (built by
 * scripts/build-playground-corpus.sh), ours from compileCToBtf. Compared per struct/union:
 * byte size, and per member: name, bit offset, bitfield size and the member type's size;
 * anonymous member records are compared recursively.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test-utils/fixtures';
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfComposite } from '../btf/btf-types';
import { parseBtf } from '../btf/parse-btf';
import { openBtf } from '../open-btf';
import { compileCToBtf } from './c-to-btf';

interface Shape {
  byteSize: number;
  members: (string | number | Shape)[][];
}

function shape(btf: Btf, id: number, depth = 0): Shape {
  const t = btf.type(id) as BtfComposite;
  return {
    byteSize: t.byteSize,
    members: t.members.map((m) => {
      const inner = btf.skipModsAndTypedefs(m.typeId);
      const k = btf.kind(inner);
      const anonRecord = (k === BtfKind.Struct || k === BtfKind.Union) && btf.name(inner) === '' && depth < 8;
      return [m.name, m.bitOffset, m.bitfieldSize, btf.resolveSize(m.typeId), ...(anonRecord ? [shape(btf, inner, depth + 1)] : [])];
    }),
  };
}

const src = readFileSync(join(FIXTURES, 'playground/corpus.c'), 'utf8');
const clang = openBtf(new Uint8Array(readFileSync(join(FIXTURES, 'playground/corpus.bpf.o')))).value!.btf;
const ours = compileCToBtf(src);
const mine = parseBtf(ours.value!.bytes).value!;

const named: { kind: string; name: string; id: number }[] = [];
for (let id = 1; id < clang.typeCount; id++) {
  const k = clang.kind(id);
  if ((k === BtfKind.Struct || k === BtfKind.Union) && clang.name(id) !== '') {
    named.push({ kind: k === BtfKind.Struct ? 'struct' : 'union', name: clang.name(id), id });
  }
}
for (let id = 1; id < clang.typeCount; id++) {
  // typedef'd anonymous records (`typedef struct { … } point_t`) are compared via the typedef.
  if (clang.kind(id) === BtfKind.Typedef) {
    const to = clang.skipModsAndTypedefs(id);
    const k = clang.kind(to);
    if ((k === BtfKind.Struct || k === BtfKind.Union) && clang.name(to) === '') named.push({ kind: 'typedef', name: clang.name(id), id: to });
  }
}

describe('playground layouts equal clang -g -target bpf', () => {
  it('parses the corpus without errors or warnings', () => {
    expect(ours.diagnostics).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(50);
  });

  it.each(named)('$kind $name', ({ kind, name, id }) => {
    const ourId = ours.value!.ids.get(`${kind} ${name}`);
    expect(ourId, `${kind} ${name} is missing`).toBeDefined();
    const target = kind === 'typedef' ? mine.skipModsAndTypedefs(ourId!) : ourId!;
    expect(shape(mine, target)).toEqual(shape(clang, id));
  });

  it('enums have clang sizes', () => {
    for (let id = 1; id < clang.typeCount; id++) {
      const k = clang.kind(id);
      if ((k !== BtfKind.Enum && k !== BtfKind.Enum64) || clang.name(id) === '') continue;
      const ourId = ours.value!.ids.get(`enum ${clang.name(id)}`)!;
      expect(mine.sizeOrType(ourId), clang.name(id)).toBe(clang.sizeOrType(id));
    }
  });
});
