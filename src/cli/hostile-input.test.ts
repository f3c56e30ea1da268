/**
 * Damaged and hostile inputs through the CLI (issue #12): every input problem is a coded
 * diagnostic and exit 1, a bug is one line and exit 3, names are escaped on a terminal.
 */
import { createTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { parseBpfObject } from '../core/bpf/bpf-object';
import { BtfKind } from '../core/btf/btf-kinds';
import { cutForCoreRelos } from '../core/btf-write/min-core-btf';
import { relocateObject } from '../core/core-relo/relocate-object';
import { parseElf } from '../core/elf/elf-file';
import { openBtf } from '../core/open-btf';
import { targetSpecsOf } from '../core/share/share-builders';
import { slimElf } from '../core/share/slim-elf';
import { BtfBuilder } from '../test-utils/btf-builder';
import { buildElf, memberTypeOffset, patchSectionHeader } from '../test-utils/elf-patch';
import { FIXTURES, loadKernelFixture, readFixture } from '../test-utils/fixtures';
import { formatInternalError, registerCommand } from './main';
import { type MemFiles, runCli } from './test-run';
import { escapeForTerminal } from './terminal-text';

const K61 = '/k/vmlinux-6.1.btf';
const files: MemFiles = { [K61]: () => readFixture('kernels/vmlinux-6.1.btf') };
const obj = (stem: string) => readFixture(`objects/${stem}.bpf.o`);

describe('defect 5: no exception on sections past the end of the file', () => {
  for (const sec of ['.llvm_addrsig', '.maps']) {
    it(`share: ${sec} at offset 0xffffffff still builds the link, with a warning`, async () => {
      const bad = patchSectionHeader(obj('execsnoop-el'), sec, 'offset', 0xffffffff);
      const r = await runCli(['share', 'x.o', '--target', K61], { ...files, 'x.o': bad });
      expect(r.stderr).toContain(`warning [section-out-of-bounds] at 0xffffffff (${sec})`);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^https?:\/\/\S+#\/relocs\?/);
    });
  }

  it('slimElf keeps a damaged section damaged (not silently empty) and never sizes output by it', () => {
    for (const [field, value] of [['offset', 0xffffffff], ['size', 0xffffffcc]] as const) {
      const bad = patchSectionHeader(obj('execsnoop-el'), '.BTF.ext', field, value);
      const slim = slimElf(parseElf(bad).value!);
      expect(slim.length).toBeLessThan(bad.length);
      const re = parseElf(slim);
      expect(re.diagnostics.some((d) => d.code === 'section-out-of-bounds' && d.section === '.BTF.ext')).toBe(true);
      expect(re.value!.sectionByName('.BTF')!.byteSize).toBe(parseElf(bad).value!.sectionByName('.BTF')!.byteSize);
    }
  });

  it('relocs and share: a bitfield member of type 0 (void) is what libbpf 1.1.2 crashes on, reported as such', async () => {
    const bad = obj('bitfields-el').slice();
    new DataView(bad.buffer).setUint32(memberTypeOffset(bad, 'btfscope_bits', 'u1'), 0, true);
    const t = await runCli(['relocs', 'x.o', '--target', K61], { ...files, 'x.o': bad });
    // The kernel refuses a void member (btf_struct_check_meta); libbpf 1.1.2 does not check and
    // relocates: the diagnostic is printed, the report still says what libbpf does, exit 1.
    expect(t.stderr).toMatch(/^x\.o: error \[bad-type-ref\] .*member #0 'u1' has type void$/m);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/byte_off +btfscope_bits->u1 +0 +CRASH/);
    expect(t.stdout).toMatch(/vmlinux-6\.1: libbpf crashes at relo #0 .*divides by that size/);
    const j = await runCli(['relocs', 'x.o', '--target', K61, '--json'], { ...files, 'x.o': bad });
    const doc = JSON.parse(j.stdout);
    expect(doc.targets[0].failedAt).toMatchObject({ errno: 0, fault: expect.stringMatching(/size 0/) });
    expect(doc.relocations[0].results[0]).toMatchObject({ result: 'error', explanation: { code: 'libbpf-crash' } });
    // libbpf dies mid-relocation: no "failed to perform CO-RE relocations" line.
    const log = await runCli(['relocs', 'x.o', '--target', K61, '--format', 'libbpf'], { ...files, 'x.o': bad });
    expect(log.stdout).not.toMatch(/failed to perform/);
    const s = await runCli(['share', 'x.o', '--target', K61], { ...files, 'x.o': bad });
    expect(s.code).toBeLessThan(2);
  });
});

describe('a void member type on the target side', () => {
  // libbpf checks the target member's type for compatibility first (void is not an int), so
  // it never divides by its size: the candidate does not match and the access is poisoned.
  it('a kernel whose bitfield member has type 0: its accesses are poisoned, as libbpf does, no crash', async () => {
    const o = parseBpfObject(obj('bitfields-el')).value!;
    const k = loadKernelFixture('6.1');
    const cut = cutForCoreRelos(k, targetSpecsOf(relocateObject(o, [{ label: 'k', btf: k }]), 'k')).value!.bytes.slice();
    const btf = openBtf(cut).value!.btf;
    const ts = btf.findByName('task_struct', BtfKind.Struct)[0]!;
    const t = btf.type(ts);
    if (t.kind !== BtfKind.Struct) throw new Error('not a struct');
    const idx = t.members.findIndex((m) => m.name === 'in_iowait');
    new DataView(cut.buffer).setUint32(btf.recordOffset(ts) + 12 + idx * 12 + 4, 0, true);
    const r = await runCli(['relocs', 'x.o', '--target', 'bad.btf', '--target', K61], { ...files, 'x.o': obj('bitfields-el'), 'bad.btf': cut });
    expect(r.stderr).toMatch(/^bad\.btf: error \[bad-type-ref\] .*'in_iowait' has type void$/m);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/byte_off +task_struct->in_iowait +0 +poisoned +2344\n/);
    expect(r.stdout).toMatch(/rshift_u64 +task_struct->in_iowait +63 +poisoned +63\n/);
    expect(r.stdout).not.toMatch(/CRASH|crashes/);
  });
});

describe('defect 6: a damaged .BTF.ext is an input error', () => {
  const cases = [
    ['offset', 0xffffffff, 'truncated'],
    ['size', 0xffffffcc, 'truncated'],
  ] as const;
  for (const [field, value, code] of cases) {
    for (const cmd of ['relocs', 'share']) {
      it(`${cmd}: .BTF.ext ${field} ${value.toString(16)} says it is damaged (code, offset) and exits 1`, async () => {
        const bad = patchSectionHeader(obj('execsnoop-el'), '.BTF.ext', field, value);
        const r = await runCli([cmd, 'x.o', '--target', K61], { ...files, 'x.o': bad });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`x\\.o: error \\[${code}\\] at 0x[0-9a-f]+ \\(\\.BTF\\.ext\\): the \\.BTF\\.ext section is damaged`));
        expect(r.stderr).not.toMatch(/no \.BTF\.ext section/);
        expect(r.stdout).toBe('');
      });
    }
  }

  it('relocs: a .BTF.ext with a broken subsection exits 1 too', async () => {
    const good = obj('execsnoop-el');
    const sec = parseElf(good).value!.sectionByName('.BTF.ext')!;
    const bad = good.slice();
    bad[sec.offset + 3] = 0x7; // flags: libbpf rejects any
    const r = await runCli(['relocs', 'x.o', '--target', K61], { ...files, 'x.o': bad });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[bad-btf-ext\] at 0x[0-9a-f]+ \(\.BTF\.ext\): the \.BTF\.ext section is damaged/);
  });

  it('an object without .BTF.ext still only gets a note', async () => {
    const r = await runCli(['relocs', `${FIXTURES}/targets/arrays.o`, '--target', K61], files);
    expect(r.code).toBe(0);
  });
});

describe('defect 7: smaller ones', () => {
  it('a tar cut inside its member names the member and the offset, in words', async () => {
    const btf = readFixture('modules/tcp_bbr-6.1.ko');
    const tar = createTar([{ name: '6.1.0-amd64.btf', data: btf }]);
    const r = await runCli(['info', 'x.tar'], { 'x.tar': tar.subarray(0, 513) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/x\.tar: error \[truncated\] at 0x200: tar member '6\.1\.0-amd64\.btf' \(\d+ bytes at 0x200\) runs past the end of the 513-byte archive/);
    expect(r.stderr).not.toMatch(/Invalid typed array length/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const mid = await runCli(['info', 'x.tar'], { 'x.tar': tar.subarray(0, 300) });
    expect(mid.code).toBe(1);
    expect(mid.stderr).toMatch(/error \[truncated\] at 0x0: the tar archive ends inside a header block/);
  });

  it('a module without --base: one diagnostic saying it is split BTF that needs its kernel', async () => {
    for (const cmd of [['dump', 'm.ko'], ['info', 'm.ko'], ['layout', 'm.ko', 'bbr'], ['relocs', `${FIXTURES}/objects/execsnoop-el.bpf.o`, '--target', 'm.ko']]) {
      const r = await runCli(cmd, { 'm.ko': readFixture('modules/tcp_bbr-6.1.ko') });
      expect(r.code, cmd[0]).toBe(1);
      expect(r.stderr, cmd[0]).toMatch(/^m\.ko: error \[missing-base\] \(\.BTF\): this is split BTF .*--base <vmlinux>\n$/);
    }
  });

  it('names the kernel release when the module has .modinfo', async () => {
    const btfData = parseElf(readFixture('modules/tcp_bbr-6.1.ko')).value!;
    const btf = btfData.contents(btfData.sectionByName('.BTF')!);
    const modinfo = new TextEncoder().encode('license=GPL\0vermagic=6.1.0-13-amd64 SMP preempt mod_unload modversions \0name=tcp_bbr\0');
    const ko = buildElf([{ name: '.modinfo', data: modinfo }, { name: '.BTF', data: btf }]);
    const r = await runCli(['dump', 'm.ko'], { 'm.ko': ko });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing-base.*kernel it was built for: 6\.1\.0-13-amd64\).*--base <vmlinux> \(e\.g\. \/sys\/kernel\/btf\/vmlinux on 6\.1\.0-13-amd64\)/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('bytes after a BTF blob: a warning with their count', async () => {
    const b = new BtfBuilder();
    b.int('int', 4, { signed: true });
    const blob = b.build();
    const padded = new Uint8Array(blob.length + 5000);
    padded.set(blob);
    padded.fill(0xab, blob.length);
    const r = await runCli(['info', 'x.btf'], { 'x.btf': padded });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`x.btf: warning [trailing-bytes] at 0x${blob.length.toString(16)}: 5000 bytes after the end of the BTF blob (at 0x${blob.length.toString(16)}) are not part of it and were ignored\n`);
    expect((await runCli(['info', 'x.btf'], { 'x.btf': blob })).stderr).toBe('');
  });

  describe('names with control and bidi characters', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, { signed: true });
    b.struct('evil\x1b[2J\x1b]8;;http://x\x07\u202eesrever', 8, [['a\rb\u2066', int, 0], ['c', int, 32]]);
    const bytes = b.build();
    const f = { 'x.btf': bytes };

    it('are escaped visibly when stdout is a terminal, in every command', async () => {
      for (const argv of [['dump', 'x.btf'], ['dump', 'x.btf', '--format', 'c'], ['info', 'x.btf'], ['layout', 'x.btf', 'struct evil\x1b[2J\x1b]8;;http://x\x07\u202eesrever'], ['diff', 'x.btf', 'y.btf']]) {
        const empty = new BtfBuilder();
        empty.int('int', 4, { signed: true });
        const r = await runCli(argv, { ...f, 'y.btf': empty.build() }, { isTTY: true });
        expect(r.code, argv.join(' ')).toBe(0);
        for (const c of ['\x1b', '\x07', '\r', '\u202e', '\u2066']) expect(r.stdout, argv.join(' ')).not.toContain(c);
        if (argv[0] !== 'info') expect(r.stdout, argv.join(' ')).toContain('evil\\x1b[2J\\x1b]8;;http://x\\x07\\u202eesrever');
      }
    });

    it('piped output keeps the bytes (bpftool compatibility)', async () => {
      const r = await runCli(['dump', 'x.btf'], f);
      expect(r.stdout).toContain("STRUCT 'evil\x1b[2J\x1b]8;;http://x\x07\u202eesrever' size=8 vlen=2");
      expect(r.stdout).toContain("'a\rb\u2066' type_id=1");
    });

    it('escapeForTerminal leaves ordinary text, tabs, newlines and non-Latin names alone', () => {
      expect(escapeForTerminal('task_struct\tсокет 名前\n')).toBe('task_struct\tсокет 名前\n');
      expect(escapeForTerminal('\x00\x7f\x9b\u200f\u2028')).toBe('\\x00\\u007f\\u009b\\u200f\\u2028');
    });

    it('--json on a terminal stays valid JSON, with the names escaped', async () => {
      const r = await runCli(['layout', 'x.btf', 'struct evil\x1b[2J\x1b]8;;http://x\x07\u202eesrever', '--json'], f, { isTTY: true });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\u202e');
      expect(JSON.stringify(JSON.parse(r.stdout))).toContain('esrever');
    });
  });
});

describe('exit codes', () => {
  registerCommand('explode', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  });

  it('an internal error is one line naming the command and file, exit 3', async () => {
    const r = await runCli(['explode', '--base', 'v.btf', 'x.bpf.o']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      "btfscope explode: internal error reading x.bpf.o: TypeError: Cannot read properties of undefined (reading 'x') (set BTFSCOPE_DEBUG=1 for the stack)\n",
    );
  });

  it('BTFSCOPE_DEBUG=1 adds the stack', async () => {
    const r = await runCli(['explode', 'x.bpf.o'], {}, { debug: true });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^btfscope explode: internal error reading x\.bpf\.o: TypeError: .*\n.*\n\s+at /);
    expect(formatInternalError('dump', [], 'thrown string', false)).toBe('btfscope dump: internal error: thrown string (set BTFSCOPE_DEBUG=1 for the stack)\n');
  });

  it('the help text documents the exit codes', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toMatch(/Exit codes: 0 ok; 1 the input has errors .*\n2 usage; 3 internal error/);
  });
});
