/**
 * The playground pieces: parser diagnostics (line:col, recovery), access strings equal to
 * clang's (read from a real object's .BTF.ext), and the synthetic object going through the
 * real CO-RE engine with the results libbpf would give.
 */
import { describe, expect, it } from 'vitest';
import { loadKernelFixture, readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from '../bpf/bpf-object';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfComposite } from '../btf/btf-types';
import { parseBtf } from '../btf/parse-btf';
import { relocateObject } from '../core-relo/relocate-object';
import { formatRawDump } from '../dump/raw-dump';
import { compileCToBtf } from './c-to-btf';
import { parseCoreRead } from './core-read';
import { buildPlayground } from './playground';
import { PLAYGROUND_EXAMPLES } from './playground-examples';

const compile = (src: string) => {
  const r = compileCToBtf(src);
  return { ...r, btf: parseBtf(r.value!.bytes).value! };
};

describe('C parser', () => {
  it('builds BTF a reader accepts', () => {
    const r = compile('struct s { int a; char *p; unsigned b:3; }; typedef struct s s_t; enum e { A = -1, B };');
    expect(r.diagnostics).toEqual([]);
    expect(formatRawDump(r.btf)).toContain("STRUCT 's' size=24 vlen=3");
    expect(formatRawDump(r.btf)).toContain("'b' type_id=");
    expect(r.value!.ids.get('typedef s_t')).toBeDefined();
  });

  it('reports unsupported syntax with line:col and keeps going', () => {
    const r = compile('struct ok1 { int a; };\nstruct bad { int a = 3; };\nint f(void) { return 0; }\nstruct ok2 { long l; };\n#define X 1\n');
    const msgs = r.diagnostics.map((d) => d.message);
    expect(msgs).toContain("2:20: expected ';', found '='");
    expect(msgs.some((m) => m.startsWith('3:13: function bodies are not supported'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('5:1: preprocessor line ignored'))).toBe(true);
    expect(r.value!.ids.has('struct ok1')).toBe(true);
    expect(r.value!.ids.has('struct ok2')).toBe(true);
  });

  it('rejects impossible bitfields and self-containing structs', () => {
    expect(compile('struct s { char c:9; };').diagnostics[0]!.message).toMatch(/^1:19: bitfield width 9 does not fit/);
    expect(compile('struct s { struct s inner; };').diagnostics[0]!.message).toMatch(/contains itself/);
    expect(compile('struct s { long double d; };').diagnostics[0]!.message).toMatch(/long double is not supported/);
  });

  it('emits incomplete structs as FWD and pointers to them', () => {
    const r = compile('struct opaque; struct s { struct opaque *p; };');
    expect(r.btf.kind(r.value!.ids.get('struct opaque')!)).toBe(BtfKind.Fwd);
    expect((r.btf.type(r.value!.ids.get('struct s')!) as BtfComposite).byteSize).toBe(8);
  });
});

describe('CO-RE read chains', () => {
  it('produce the access strings clang wrote into task_state.bpf.o', () => {
    const obj = parseBpfObject(readFixture('objects/task_state-el.bpf.o')).value!;
    const recorded = new Set(obj.btfExt!.coreRelo.flatMap((s) => s.records.map((r) => `${obj.btf.name(r.typeId)} ${r.accessStr} ${r.kind}`)));
    const chains = [
      'BPF_CORE_READ(t, real_parent, prio)',
      'bpf_core_field_exists(t->__state)',
      'BPF_CORE_READ_BITFIELD_PROBED(t, in_execve)',
      'BPF_CORE_READ((struct task_struct___old *)t, state)',
    ];
    for (const c of chains) {
      const r = parseCoreRead(c, obj.btf, { rootType: 'struct task_struct' });
      expect(r.diagnostics).toEqual([]);
      for (const s of r.value!) expect(recorded, `${c}: ${s.accessString}`).toContain(`${obj.btf.name(s.typeId)} ${s.accessString} ${s.kind}`);
    }
  });

  it('finds fields inside anonymous members like clang', () => {
    const r = compile('struct s { int a; union { long l; struct { char c; int deep; }; }; };');
    const steps = parseCoreRead('struct s *p; BPF_CORE_READ(p, deep);', r.btf).value!;
    expect(steps.map((s) => s.accessString)).toEqual(['0:1:1:1']);
  });

  it('explains mistakes', () => {
    const r = compile('struct s { int a; int *p; };');
    expect(parseCoreRead('BPF_CORE_READ(x, a)', r.btf).diagnostics[0]!.message).toMatch(/type of 'x' is unknown/);
    expect(parseCoreRead('struct s *x; BPF_CORE_READ(x, nope)', r.btf).diagnostics[0]!.message).toMatch(/struct s has no member 'nope'/);
    expect(parseCoreRead('struct s *x; BPF_CORE_READ(x, a, b)', r.btf).diagnostics[0]!.message).toMatch(/is not a pointer/);
  });
});

describe('playground end to end', () => {
  const run = (id: string) => {
    const ex = PLAYGROUND_EXAMPLES.find((e) => e.id === id)!;
    const out = buildPlayground(ex);
    expect(out.diagnostics).toEqual({ kernelA: [], kernelB: [], chain: [] });
    const obj = parseBpfObject(out.object!);
    expect(obj.diagnostics).toEqual([]);
    const targets = [
      { label: 'kernel B', btf: parseBtf(out.btfB).value! },
      { label: 'vmlinux-6.18', btf: loadKernelFixture('6.18') },
    ];
    return relocateObject(obj.value!, targets);
  };

  it('BPF_CORE_READ(task, real_parent, tgid) is patched on kernel B and on a real 6.18', () => {
    const rep = run('state-renamed');
    expect(rep.relocations.map((v) => v.access)).toEqual(['task_struct->real_parent', 'task_struct->tgid']);
    expect(rep.relocations.map((v) => v.source?.text)).toEqual(['BPF_CORE_READ(task, real_parent, tgid);', 'BPF_CORE_READ(task, real_parent, tgid);']);
    const k = loadKernelFixture('6.18');
    const ts = k.type(k.findByName('task_struct', BtfKind.Struct)[0]!) as BtfComposite;
    const off = (n: string) => String(ts.members.find((m) => m.name === n)!.bitOffset / 8);
    expect(rep.relocations.map((v) => v.results.map((r) => [r.result, r.before, r.after]))).toEqual([
      [['patched', '40', '48'], ['patched', '40', off('real_parent')]],
      [['patched', '56', '72'], ['patched', '56', off('tgid')]],
    ]);
  });

  it('a field that is gone is poisoned; field_exists says 0', () => {
    expect(run('missing-field').relocations[0]!.results.map((r) => r.result)).toEqual(['poisoned', 'poisoned']);
    expect(run('field-exists').relocations[0]!.results.map((r) => [r.result, r.before, r.after])).toEqual([['patched', '1', '0'], ['patched', '1', '0']]);
  });

  it('a bitfield read relocates all five values', () => {
    const rep = run('bitfield');
    expect(rep.relocations.map((v) => v.kindName)).toEqual(['byte_off', 'byte_sz', 'lshift_u64', 'signed', 'rshift_u64']);
    expect(rep.relocations.every((v) => v.results.every((r) => r.result === 'patched'))).toBe(true);
  });
});
