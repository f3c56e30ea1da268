/**
 * buildPlaygroundObject: a synthetic BPF object (.bpf.o) for the playground, so its CO-RE
 * relocations go through exactly the same path as a real object's (parseBpfObject →
 * relocateObject → the relocation view): one program `playground` in section
 * `kprobe/playground` whose instructions do what clang emits for the chain, with a
 * `.BTF` (the local "kernel A" types), and a `.BTF.ext` holding func_info, line_info (so
 * each relocation shows its source line) and one CO-RE record per step.
 *
 * Code per step, as BPF_CORE_READ expands (bpf_probe_read_kernel of `&src->field`):
 *   r1 = r10; r1 += -8; r2 = <size>; r3 = r6; r3 += <field offset> (relocated);
 *   call bpf_probe_read_kernel; r6 = *(u64 *)(r10 - 8)
 * and for size/existence/bitfield/type relocations `r7 = <value>` (relocated). The
 * instruction holds the LOCAL value libbpf validates against, computed with the CO-RE
 * engine's own spec parser and calculator.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { BtfWriter } from '../btf-write/btf-writer';
import { writeType } from '../btf-write/encode-btf';
import { calcRelo } from '../core-relo/calc-relo';
import { CoreError } from '../core-relo/relo-kinds';
import { parseSpec } from '../core-relo/spec';
import { type Diagnostic, ErrorCode, type ParseResult } from '../diagnostics';
import type { CoreReadStep } from './core-read';
import { writeElf } from './elf-writer';

export const PLAYGROUND_SECTION = 'kprobe/playground';
export const PLAYGROUND_PROGRAM = 'playground';
const BPF_FUNC_probe_read_kernel = 113;

export interface PlaygroundObjectInput {
  /** The program's view of the kernel ("kernel A"), e.g. from compileCToBtf. */
  btf: Btf;
  steps: readonly CoreReadStep[];
  /** The chain editor's text: line_info points at the line holding each step's expression. */
  sourceText?: string;
  sourceName?: string;
}

function insn(code: number, dst: number, src: number, off: number, imm: number): number[] {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  b[0] = code;
  b[1] = (src << 4) | dst;
  dv.setInt16(2, off, true);
  dv.setInt32(4, imm, true);
  return [...b];
}
const movReg = (dst: number, src: number) => insn(0xbf, dst, src, 0, 0);
const movImm = (dst: number, imm: number) => insn(0xb7, dst, 0, 0, imm);
const addImm = (dst: number, imm: number) => insn(0x07, dst, 0, 0, imm);
const ldxDw = (dst: number, src: number, off: number) => insn(0x79, dst, src, off, 0);
const call = (id: number) => insn(0x85, 0, 0, 0, id);
const exit = () => insn(0x95, 0, 0, 0, 0);

export function buildPlaygroundObject(input: PlaygroundObjectInput): ParseResult<Uint8Array> {
  const diagnostics: Diagnostic[] = [];
  const { btf, steps } = input;
  const code: number[] = [...movReg(6, 1)];
  const relos: { insnOff: number; step: CoreReadStep }[] = [];
  for (const step of steps) {
    let local: bigint;
    try {
      const spec = parseSpec(PLAYGROUND_PROGRAM, btf, { typeId: step.typeId, accessStr: step.accessString, kind: step.kind }, () => {});
      const ctx = { progName: PLAYGROUND_PROGRAM, reloIdx: relos.length, kind: step.kind, insnOff: code.length, warn: () => {} };
      const res = calcRelo(ctx, spec, spec, { bigEndian: false });
      local = res.origVal;
    } catch (e) {
      const why = e instanceof CoreError ? `errno ${e.errno}` : e instanceof Error ? e.message : String(e);
      diagnostics.push({ severity: 'error', code: ErrorCode.CSyntax, message: `${step.cExpr}: not a valid CO-RE access in the program's types (${why})` });
      continue;
    }
    const imm = Number(BigInt.asIntN(32, local));
    if (step.kind === 0) {
      code.push(...movReg(1, 10), ...addImm(1, -8), ...movImm(2, Math.min(8, Math.max(1, step.byteSize))), ...movReg(3, 6));
      relos.push({ insnOff: code.length, step });
      code.push(...addImm(3, imm), ...call(BPF_FUNC_probe_read_kernel), ...ldxDw(6, 10, -8));
    } else {
      relos.push({ insnOff: code.length, step });
      code.push(...movImm(7, imm));
    }
  }
  code.push(...movImm(0, 0), ...exit());

  // .BTF: the local types unchanged (same ids), then the program's FUNC and the strings .BTF.ext needs.
  const w = new BtfWriter();
  for (let id = 1; id < btf.typeCount; id++) writeType(w, btf.type(id), (x) => x);
  const voidPtr = w.ref1(BtfKind.Ptr, '', 0);
  const intId = w.int('int', 4, 1);
  const proto = w.funcProto(intId, [{ name: 'ctx', typeId: voidPtr }]);
  const funcId = w.func(PLAYGROUND_PROGRAM, proto, 1);
  const secOff = w.addStr(PLAYGROUND_SECTION);
  const fileOff = w.addStr(input.sourceName ?? 'playground.bpf.c');
  // Each step's line: the first code line (comments blanked) holding its call or expression.
  const lines = (input.sourceText ?? '').split('\n');
  const code_ = (input.sourceText ?? '').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '').split('\n');
  const lineRecs = relos.map((r) => {
    const base = r.step.cExpr.split('->')[0]!.trim();
    let line = code_.findIndex((l) => l.includes(r.step.cExpr));
    if (line < 0) line = code_.findIndex((l) => /BPF_CORE_READ|bpf_core_/.test(l) && l.includes(base));
    if (line < 0) line = 0;
    const text = lines[line]?.trim() || r.step.cExpr;
    return { insnOff: r.insnOff, lineOff: w.addStr(text), lineCol: ((line + 1) << 10) | 1 };
  });
  const coreRecs = relos.map((r) => ({ insnOff: r.insnOff, typeId: r.step.typeId, accessOff: w.addStr(r.step.accessString), kind: r.step.kind }));
  const btfBytes = w.build(true);

  const words: number[] = [];
  const funcInfo = [8, secOff, 1, 0, funcId];
  const lineInfo = [16, secOff, lineRecs.length, ...lineRecs.flatMap((l) => [l.insnOff, fileOff, l.lineOff, l.lineCol])];
  const coreRelo = [16, secOff, coreRecs.length, ...coreRecs.flatMap((c) => [c.insnOff, c.typeId, c.accessOff, c.kind])];
  words.push(...funcInfo, ...lineInfo, ...coreRelo);
  const ext = new Uint8Array(32 + words.length * 4);
  const edv = new DataView(ext.buffer);
  edv.setUint16(0, 0xeb9f, true);
  ext[2] = 1;
  edv.setUint32(4, 32, true);
  const lens = [funcInfo.length * 4, lineInfo.length * 4, coreRelo.length * 4];
  edv.setUint32(8, 0, true);
  edv.setUint32(12, lens[0]!, true);
  edv.setUint32(16, lens[0]!, true);
  edv.setUint32(20, lens[1]!, true);
  edv.setUint32(24, lens[0]! + lens[1]!, true);
  edv.setUint32(28, lens[2]!, true);
  words.forEach((v, i) => edv.setUint32(32 + i * 4, v >>> 0, true));

  const bytes = writeElf(
    [
      { name: PLAYGROUND_SECTION, type: 1, flags: 0x6 /* ALLOC|EXECINSTR */, data: Uint8Array.from(code), align: 8 },
      { name: 'license', type: 1, flags: 0x3 /* WRITE|ALLOC */, data: new TextEncoder().encode('GPL\0'), align: 1 },
      { name: '.BTF', type: 1, flags: 0, data: btfBytes, align: 4 },
      { name: '.BTF.ext', type: 1, flags: 0, data: ext, align: 4 },
    ],
    [{ name: PLAYGROUND_PROGRAM, section: 0, value: 0, size: code.length, info: (1 << 4) | 2 /* GLOBAL FUNC */ }],
  );
  return { value: bytes, diagnostics };
}
