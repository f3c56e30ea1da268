/**
 * Names with line feeds, carriage returns, tabs, ESC and U+202E on a terminal (issue #12,
 * defect 7): every command prints them escaped where they enter the text, so each output
 * line is a real row; piped output keeps their bytes, as bpftool and pahole print them.
 *
 * The check is exact: a terminal's output of the hostile BTF, with its escapes' backslashes
 * read as `_`, equals the piped output of a twin BTF whose names are those escapes spelled
 * with `_` (`a\nb` → `a_nb`). A line feed left raw in a row would add a line; one escaped
 * but in the wrong place, or a column sized by the raw name, would differ.
 */
import { describe, expect, it } from 'vitest';
import { parseBpfObject } from '../core/bpf/bpf-object';
import { BtfKind } from '../core/btf/btf-kinds';
import { cutForCoreRelos } from '../core/btf-write/min-core-btf';
import { parseElf } from '../core/elf/elf-file';
import { relocateObject } from '../core/core-relo/relocate-object';
import { openBtf } from '../core/open-btf';
import { targetSpecsOf } from '../core/share/share-builders';
import { BtfBuilder } from '../test-utils/btf-builder';
import { loadKernelFixture, readFixture } from '../test-utils/fixtures';
import { escapeName } from './terminal-text';
import { runCli } from './test-run';

/** A BTF using every kind's names; `n` spells each name (hostile, or its benign twin). */
function buildBtf(n: (s: string) => string, after = false): Uint8Array {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const members: [string, number, number][] = [
    [n('a\nb'), int, 0],
    [n('c\rd'), int, 32],
    [n('e\tf'), int, 64],
    [n('g\x1b[2Jh'), int, 96],
    [n('i\u202ej'), int, 128],
  ];
  if (after) members.push([n('new\nmember'), int, 160]);
  const s = b.struct(n('ev\nil\x1b\u202e'), after ? 24 : 20, members);
  b.enum(n('col\nor'), 4, [[n('RE\nD'), 1], [n('BL\tUE'), after ? 3 : 2]]);
  b.typedef(n('t\nd'), s);
  const proto = b.funcProto(int, [[n('p\ta'), b.ptr(s)]]);
  b.func(n('f\nn'), proto);
  b.typeTag(n('ta\ng'), b.ptr(s));
  b.var(n('v\nar'), s);
  if (after) b.struct(n('ad\nded'), 4, [[n('x\ry'), int, 0]]);
  else b.union(n('rem\toved'), 4, [[n('u\nv'), int, 0]]);
  return b.build();
}

const raw = (s: string) => s;
const twin = (s: string) => escapeName(s).replace(/\\/g, '_');

const hostile = { 'x.btf': buildBtf(raw), 'y.btf': buildBtf(raw, true) };
const benign = { 'x.btf': buildBtf(twin), 'y.btf': buildBtf(twin, true) };

const COMMANDS: string[][] = [
  ['dump', 'x.btf'],
  ['dump', 'x.btf', '--format', 'c'],
  ['info', 'x.btf'],
  ['layout', 'x.btf', '#2'],
  ['diff', 'x.btf', 'y.btf'],
  ['diff', 'x.btf', 'y.btf', '--all-funcs'],
];

describe('names with control characters on a terminal', () => {
  for (const argv of COMMANDS) {
    it(`${argv.join(' ')}: every name escaped in place, every line a real row`, async () => {
      const tty = await runCli(argv, hostile, { disk: false, isTTY: true });
      const ref = await runCli(argv, benign, { disk: false });
      expect(tty.code).toBe(0);
      expect(ref.code).toBe(0);
      for (const c of ['\r', '\x1b', '\u202e']) expect(tty.stdout).not.toContain(c);
      // Only the string section's size differs between the twins.
      const strLen = (s: string) => s.replace(/^(string section: .*len=)\d+$/m, '$1');
      expect(strLen(tty.stdout.replace(/\\/g, '_'))).toBe(strLen(ref.stdout));
      expect(tty.stdout.split('\n').length).toBe(ref.stdout.split('\n').length);
    });

    it(`${argv.join(' ')}: piped, the names keep their bytes`, async () => {
      const piped = await runCli(argv, hostile, { disk: false });
      expect(piped.code).toBe(0);
      if (argv[0] !== 'info') expect(piped.stdout).toContain('ev\nil\x1b\u202e');
      expect(piped.stdout).not.toContain('\\');
    });
  }

  it('the raw dump: the lines bpftool prints, names escaped', async () => {
    const r = await runCli(['dump', 'x.btf'], hostile, { disk: false, isTTY: true });
    expect(r.stdout).toContain(
      "[2] STRUCT 'ev\\nil\\x1b\\u202e' size=20 vlen=5\n\t'a\\nb' type_id=1 bits_offset=0\n\t'c\\rd' type_id=1 bits_offset=32\n\t'e\\tf' type_id=1 bits_offset=64\n",
    );
    const piped = await runCli(['dump', 'x.btf'], hostile, { disk: false });
    expect(piped.stdout).toContain("[2] STRUCT 'ev\nil\x1b\u202e' size=20 vlen=5\n\t'a\nb' type_id=1 bits_offset=0\n\t'c\rd' type_id=1");
  });

  it('lookups match the raw names (dump --type, layout <type>)', async () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('s\x1b[1m\u202e', 4, [['m\nx', int, 0]]);
    const f = { 'z.btf': b.build() };
    const d = await runCli(['dump', 'z.btf', '--format', 'c', '--type', 'struct:s\x1b[1m\u202e'], f, { disk: false, isTTY: true });
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('struct s\\x1b[1m\\u202e {\n\tint m\\nx;\n};');
    const l = await runCli(['layout', 'z.btf', 's\x1b[1m\u202e'], f, { disk: false, isTTY: true });
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^struct s\\x1b\[1m\\u202e \{\n\tint +m\\nx; +\/\* +0 +4 \*\/\n/);
  });

  it('--json on a terminal keeps the names as data (JSON escapes them), not escaped twice', async () => {
    const r = await runCli(['layout', 'x.btf', '#2', '--json'], hostile, { disk: false, isTTY: true });
    expect(JSON.parse(r.stdout).name).toBe('ev\nil\\x1b\\u202e'.replace('\\x1b', '\x1b').replace('\\u202e', '\u202e'));
  });

  it('escapeName escapes every control and bidi character; ordinary names pass', () => {
    expect(escapeName('a\nb\rc\td\x1be\x00\x7f\u202e\u2066')).toBe('a\\nb\\rc\\td\\x1be\\x00\\u007f\\u202e\\u2066');
    expect(escapeName('task_struct сокет 名前')).toBe('task_struct сокет 名前');
  });
});

describe('relocs: target names with control characters', () => {
  // execsnoop's target cut, with a member it reads renamed in place in the string section
  // (`real_parent` → `real\nparent`): the relocation fails and the explanation offers the
  // renamed member as its successor.
  function target(rename: string): Uint8Array {
    const o = parseBpfObject(readFixture('objects/execsnoop-el.bpf.o')).value!;
    const k = loadKernelFixture('6.1');
    const cut = cutForCoreRelos(k, targetSpecsOf(relocateObject(o, [{ label: 'k', btf: k }]), 'k')).value!.bytes.slice();
    const btf = openBtf(cut).value!.btf;
    const ts = btf.findByName('task_struct', BtfKind.Struct)[0]!;
    const t = btf.type(ts);
    if (t.kind !== BtfKind.Struct) throw new Error('not a struct');
    const m = t.members.find((x) => x.name === 'real_parent')!;
    const { start } = btf.ownStringRegion();
    cut.set(new TextEncoder().encode(rename), start + m.nameOff - btf.startStrOff);
    return cut;
  }
  const obj = readFixture('objects/execsnoop-el.bpf.o');

  for (const format of [[], ['--format', 'libbpf'], ['--summary']]) {
    it(`relocs ${format.join(' ') || '(table)'}: escaped in place on a terminal, raw when piped`, async () => {
      const argv = ['relocs', 'x.o', '--target', 't.btf', ...format];
      const files = { 'x.o': obj, 't.btf': target('real\nparent') };
      const tty = await runCli(argv, files, { disk: false, isTTY: true });
      const piped = await runCli(argv, files, { disk: false });
      expect(tty.code).toBe(piped.code);
      // The name sits in no aligned column: escaping it in the piped text gives the terminal's.
      expect(tty.stdout).toBe(piped.stdout.replaceAll('real\nparent', 'real\\nparent'));
    });
  }

  it('the renamed member shows up in the table (so the check above checks something)', async () => {
    const r = await runCli(['relocs', 'x.o', '--target', 't.btf'], { 'x.o': obj, 't.btf': target('real\nparent') }, { disk: false, isTTY: true });
    expect(r.stdout).toContain("likely successor: real\\nparent — name one letter apart, compatible type struct task_struct *real\\nparent\n");
    expect(r.stdout).not.toContain('real\n');
    // No C snippet for a name that is no C identifier (its line feed would split the lines).
    expect(r.stdout).not.toContain('struct task_struct___t');
    const benign = await runCli(['relocs', 'x.o', '--target', 't.btf'], { 'x.o': obj, 't.btf': target('real0parent') }, { disk: false });
    expect(benign.stdout).toContain('\tstruct task_struct *real0parent;\n');
  });

  // The object's own struct renamed in place (`task_struct` → `task\nstruct`): no candidate,
  // and libbpf's log and the table name it.
  function hostileObject(): Uint8Array {
    const o = obj.slice();
    const sec = parseElf(o).value!.sectionByName('.BTF')!;
    const text = new TextDecoder('latin1').decode(o.subarray(sec.offset, sec.offset + sec.byteSize));
    const at = text.indexOf('\0task_struct\0');
    expect(at).toBeGreaterThan(0);
    o[sec.offset + at + 5] = 0x0a;
    return o;
  }

  for (const format of [['--format', 'libbpf'], []]) {
    it(`relocs ${format.join(' ') || '(table)'}: a local name with a line feed stays in its log line`, async () => {
      const argv = ['relocs', 'x.o', '--target', 't.btf', ...format];
      const files = { 'x.o': hostileObject(), 't.btf': target('real_parent') };
      const tty = await runCli(argv, files, { disk: false, isTTY: true });
      const piped = await runCli(argv, files, { disk: false });
      expect(piped.stdout).toContain('task\nstruct');
      expect(tty.stdout).toContain('task\\nstruct');
      // Each raw line feed in a name made one extra line; escaped, none does.
      const raw = piped.stdout.split('task\nstruct').length - 1;
      expect(raw).toBeGreaterThan(0);
      expect(tty.stdout.split('\n').length).toBe(piped.stdout.split('\n').length - raw);
      if (format.length) {
        // The log's columns are not aligned: escaping the names in the piped log gives the
        // terminal's, and every line is one of libbpf's lines.
        expect(tty.stdout).toBe(piped.stdout.replaceAll('task\nstruct', 'task\\nstruct'));
        for (const l of tty.stdout.split('\n').filter(Boolean)) expect(l).toMatch(/^libbpf: /);
      }
    });
  }
});

describe('diagnostics on stderr quote names escaped, piped or not', () => {
  // A struct the kernel refuses (a member of type void): the diagnostic names it and its member.
  function refused(): Uint8Array {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('ev\nil\x1b[2J\u202e', 8, [['ok', int, 0], ['a\nb\rc', 0, 32]]);
    return b.build();
  }

  for (const isTTY of [false, true]) {
    it(`${isTTY ? 'on a terminal' : 'piped'}: one line per diagnostic, controls and bidi escaped`, async () => {
      const r = await runCli(['dump', 'x.btf'], { 'x.btf': refused() }, { disk: false, isTTY });
      expect(r.code).toBe(1);
      for (const c of ['\r', '\x1b', '\u202e']) expect(r.stderr).not.toContain(c);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/^x\.btf: (error|warning|info) \[[a-z-]+\]/);
      expect(r.stderr).toContain("'ev\\nil\\x1b[2J\\u202e' member #1 'a\\nb\\rc' has type void\n");
    });
  }

  it('the file name and the layout command’s own messages are escaped too', async () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('t\x1bw\u202eo', 4, [['x', int, 0]]);
    b.struct('t\x1bw\u202eo', 8, [['y', int, 32]]);
    const r = await runCli(['layout', 'f\x1b.btf', 't\x1bw\u202eo'], { 'f\x1b.btf': b.build(), 'g\n.btf': refused() }, { disk: false });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("btfscope layout: 2 types match 't\\x1bw\\u202eo': struct t\\x1bw\\u202eo (#2), struct t\\x1bw\\u202eo (#3); showing #2 (the first, as pahole -C does); pick another with #ID\n");
    const bad = await runCli(['info', 'g\n.btf'], { 'g\n.btf': refused() }, { disk: false });
    expect(bad.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('g\\n.btf: '))).toBe(true);
  });
});
