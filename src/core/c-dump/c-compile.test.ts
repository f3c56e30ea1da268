/**
 * The generated vmlinux.h compiles with `clang -target bpf`, and the compiler agrees with
 * our layout engine: a sample of structs gets `_Static_assert`s on sizeof and on offsetof of
 * every named, non-bitfield member (through inline anonymous members too). Skipped, with a
 * note, when clang is not installed; the other tests need no compiler.
 *
 * Some BTF layouts cannot survive the trip through C as bpftool 7.1 writes it; structs that
 * embed (by value, at any depth) one of these are left out of the checks:
 * - a 1- or 8-byte enum: bpftool 7.1 prints no `mode(byte)`/`mode(word)`, so C makes it 4
 *   bytes (with `enumModes: true` these are checked too);
 * - a union whose layout is packed: libbpf only ever marks structs `packed`;
 * - `va_list`: it is 24 bytes on x86-64 but `void *` for the BPF target.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_VERSIONS, loadKernelFixture } from '../../test-utils/fixtures';
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { StructLayout } from '../layout/layout-types';
import { PaholeSession } from '../layout/pahole-session';
import { computeStructLayout } from '../layout/struct-layout';
import { TypeTables } from '../layout/type-tables';
import { formatCHeader, formatCType } from './c-header';
import { TypeMetrics } from './type-metrics';

const hasClang = spawnSync('clang', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasClang) console.warn('c-compile.test: clang not found, skipping the compile checks');

const dir = mkdtempSync(join(tmpdir(), 'btfscope-cc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `struct foo___2` etc.: the type as vmlinux.h names it (first line of its definition). */
function cName(btf: Btf, id: number): string | undefined {
  const m = /^(struct|union) (\S+) \{/.exec(formatCType(btf, id));
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** Named, non-bitfield members reachable by name (inline anonymous members are transparent). */
function fieldOffsets(l: StructLayout, out: [string, number][] = []): [string, number][] {
  for (const m of l.members) {
    if (m.bitfieldSize) continue;
    if (m.name) out.push([m.name, m.absByteOffset]);
    else if (m.nested && m.decl.k === 'inline' && !m.decl.ptr) fieldOffsets(m.nested, out);
  }
  return out;
}

/** Whether `id` embeds something C (as bpftool writes it) cannot lay out like BTF. */
function makeExclusion(btf: Btf, enumModes: boolean): (id: number) => boolean {
  const t = TypeTables.of(btf);
  const metrics = new TypeMetrics(t, btf.pointerSize());
  const memo = new Map<number, boolean>();
  const bad = (id: number, depth: number): boolean => {
    if (depth > 40 || id === 0) return false;
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    memo.set(id, false);
    let r = false;
    switch (t.kind[id]) {
      case BtfKind.Enum:
      case BtfKind.Enum64:
        r = !enumModes && t.sizeOrType[id] !== 4;
        break;
      case BtfKind.Typedef:
        r = /^(__builtin_va_list|__gnuc_va_list|va_list)$/.test(t.name(id)) || bad(t.sizeOrType[id]!, depth + 1);
        break;
      case BtfKind.Const:
      case BtfKind.Volatile:
      case BtfKind.Restrict:
      case BtfKind.TypeTag:
        r = bad(t.sizeOrType[id]!, depth + 1);
        break;
      case BtfKind.Array:
        r = bad(t.a[t.entryStart[id]!]!, depth + 1);
        break;
      case BtfKind.Union:
      case BtfKind.Struct: {
        if (t.kind[id] === BtfKind.Union && metrics.isStructPacked(id)) r = true;
        for (let i = 0; !r && i < t.vlen[id]!; i++) r = bad(t.b[t.entryStart[id]! + i]!, depth + 1);
        break;
      }
    }
    memo.set(id, r);
    return r;
  };
  return (id) => bad(id, 0);
}

function assertions(btf: Btf, every: number, enumModes: boolean): { lines: string[]; excluded: number } {
  const lines: string[] = [];
  const excluded = makeExclusion(btf, enumModes);
  // One session for all: packing marks do not change any number.
  const session = new PaholeSession(btf);
  let n = 0;
  let skipped = 0;
  for (let id = 1; id < btf.typeCount; id++) {
    const k = btf.kind(id);
    if ((k !== BtfKind.Struct && k !== BtfKind.Union) || !btf.nameOff(id) || n++ % every) continue;
    if (excluded(id)) {
      skipped++;
      continue;
    }
    const name = cName(btf, id);
    const l = computeStructLayout(btf, id, { session }).value;
    if (!name || !l) continue;
    const tag = name.replace(/\W/g, '_');
    lines.push(`_Static_assert(sizeof(${name}) == ${l.byteSize}, "sizeof ${tag}");`);
    for (const [field, off] of fieldOffsets(l)) {
      lines.push(`_Static_assert(__builtin_offsetof(${name}, ${field}) == ${off}, "${tag}.${field}");`);
    }
  }
  return { lines, excluded: skipped };
}

function compile(name: string, header: string, checks: string[]): string {
  writeFileSync(join(dir, `${name}.h`), header);
  const src = join(dir, `${name}.c`);
  writeFileSync(src, `#include "${name}.h"\n${checks.join('\n')}\n`);
  try {
    execFileSync('clang', ['-target', 'bpf', '-O2', '-c', src, '-o', join(dir, `${name}.o`)], { stdio: 'pipe', encoding: 'utf8' });
    return '';
  } catch (e) {
    return ((e as { stderr?: string }).stderr ?? String(e)).split('\n').slice(0, 12).join('\n');
  }
}

describe.skipIf(!hasClang)('vmlinux.h compiles with clang -target bpf', () => {
  for (const v of KERNEL_VERSIONS) {
    it(`vmlinux ${v}: bpftool's header plus sizeof/offsetof checks of every 4th struct`, () => {
      const btf = loadKernelFixture(v);
      const { lines, excluded } = assertions(btf, 4, false);
      expect(lines.length).toBeGreaterThan(3000);
      expect(excluded).toBeLessThan(lines.length / 10);
      if (process.env.BTFSCOPE_VERBOSE) console.log(`${v}: ${lines.length} assertions, ${excluded} structs excluded`);
      expect(compile(`vmlinux-${v}`, formatCHeader(btf).value, lines)).toBe('');
    });
  }

  it('vmlinux 6.18 with enumModes: odd-sized enums keep their size too', () => {
    const btf = loadKernelFixture('6.18');
    const { lines } = assertions(btf, 4, true);
    expect(compile('vmlinux-6.18-modes', formatCHeader(btf, { enumModes: true }).value, lines)).toBe('');
  });
});
