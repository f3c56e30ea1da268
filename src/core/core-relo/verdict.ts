/**
 * Load verdicts: what happens when libbpf 1.1.2 loads the object on a kernel, per
 * program and per target, from the relocation results and a reachability walk of the
 * relocated code (bpf/reachability.ts).
 *
 * - does-not-open: libbpf refuses the object (an extern it cannot take, see
 *   bpf/externs.ts), or the object's byte order is not the kernel's (libbpf.c
 *   bpf_object__check_endianness: "elf: endianness mismatch" on that host);
 * - fails: CO-RE relocation stops at a hard error (no program loads), or the verifier
 *   reaches a poisoned instruction of the program (or of a subprogram it calls);
 * - may-fail: a poisoned instruction exists but the walk cannot decide whether the
 *   verifier reaches it (the reason is given);
 * - guarded: poisoned instructions exist and no path the verifier walks reaches them;
 * - loads: no poisoned instruction in the program's code.
 *
 * Only what CO-RE decides is judged: a program may still fail the verifier for reasons
 * of its own (the verdict says "loads" as far as CO-RE goes).
 */
import type { BpfObject } from '../bpf/bpf-object';
import { decodeInsns, type BpfInsn, INSN_BYTES } from '../bpf/insn';
import { type LdImm64Ref, type PathStep, type ReachCode, analyzeReachability } from '../bpf/reachability';
import type { CoreTarget } from './candidates';
import type { TargetSummary } from './report';

export type VerdictKind = 'loads' | 'guarded' | 'may-fail' | 'fails' | 'does-not-open';

/** Worst first. */
const SEVERITY: VerdictKind[] = ['does-not-open', 'fails', 'may-fail', 'guarded', 'loads'];

export interface ProgramVerdict {
  program: string;
  kind: VerdictKind;
  /** One line, e.g. `fails: poisoned instruction 1 is reached`. */
  text: string;
  /** The poisoned instruction the verifier reaches (fails, may-fail), with the jumps and calls on the way. */
  reached: { program: string; insn: number; path: PathStep[] } | null;
  /**
   * Every poisoned instruction in the code loaded with this program (its own and its
   * subprograms'), and whether the verifier reaches it: `yes`, `maybe` (only through a jump this
   * analysis cannot decide, or the walk did not finish), `no` (guarded).
   */
  poisoned: { program: string; insn: number; reached: 'yes' | 'maybe' | 'no' }[];
}

export interface TargetVerdict {
  kind: VerdictKind;
  text: string;
  /** Main programs only (subprograms load as part of their callers). */
  programs: ProgramVerdict[];
}

function worst(kinds: VerdictKind[]): VerdictKind {
  let best = SEVERITY.length - 1;
  for (const k of kinds) best = Math.min(best, SEVERITY.indexOf(k));
  return SEVERITY[best]!;
}

const STB_LOCAL = 0;

/** The relocated code of `obj` as the walk sees it: functions, calls between them, ld_imm64 targets. */
export function reachCode(obj: BpfObject, bytes: Record<string, Uint8Array>): ReachCode {
  const decoded = new Map<string, BpfInsn[]>();
  const byName = new Map(obj.programs.map((p) => [p.name, p]));
  // A symbol table parseBpfObject could not read is already an error of the object's; the
  // walk goes on without it (calls it cannot resolve make the verdict "may fail").
  let syms: ReturnType<typeof obj.elf.symbols> = [];
  try {
    syms = obj.elf.symbols();
  } catch {
    syms = [];
  }
  // ELF relocations by section index and byte offset, built once.
  const rels = new Map<string, (typeof obj.relocationSections)[number]['entries'][number]>();
  for (const sec of obj.relocationSections) for (const e of sec.entries) if (!rels.has(`${sec.targetSectionIndex}:${e.offset}`)) rels.set(`${sec.targetSectionIndex}:${e.offset}`, e);
  const relAt = (fn: string, idx: number) => {
    const p = byName.get(fn);
    return p ? rels.get(`${p.sectionIndex}:${(p.sectionInsnOffset + idx) * INSN_BYTES}`) : undefined;
  };
  const callees = new Map<string, { fn: string; entry: number; global: boolean } | undefined>();
  const resolveCallee = (fn: string, idx: number): { fn: string; entry: number; global: boolean } | undefined => {
      const p = byName.get(fn);
      const insn = code.insns(fn)?.[idx];
      if (!p || !insn) return undefined;
      // libbpf (bpf_object__reloc_code): with an ELF relocation the callee is the symbol's
      // instruction + imm + 1 in the symbol's section; without, it is relative to the call.
      const rel = relAt(fn, idx);
      let secIdx = p.sectionIndex;
      let target = p.sectionInsnOffset + idx + insn.imm + 1;
      if (rel) {
        const sym = syms[rel.symbolIndex];
        if (!sym) return undefined;
        secIdx = sym.shndx;
        target = Math.floor(sym.value / INSN_BYTES) + insn.imm + 1;
      }
      const callee = obj.programs.find((q) => q.sectionIndex === secIdx && target >= q.sectionInsnOffset && target < q.sectionInsnOffset + q.insnCount);
      if (!callee) return undefined;
      return { fn: callee.name, entry: target - callee.sectionInsnOffset, global: callee.isSubprog && callee.bind !== STB_LOCAL };
  };
  const code: ReachCode = {
    bigEndian: !obj.littleEndian,
    insns(fn) {
      let d = decoded.get(fn);
      if (!d) {
        const b = bytes[fn] ?? byName.get(fn)?.bytes;
        if (!b) return undefined;
        decoded.set(fn, (d = decodeInsns(b, obj.littleEndian)));
      }
      return d;
    },
    callee(fn, idx) {
      const key = `${fn}:${idx}`;
      if (callees.has(key)) return callees.get(key);
      const c = resolveCallee(fn, idx);
      callees.set(key, c);
      return c;
    },
    ldImm64(fn, idx): LdImm64Ref | undefined {
      const rel = relAt(fn, idx);
      if (!rel) return undefined;
      if (rel.symbolSectionIndex === 0) return 'extern';
      const sec = obj.elf.sections[rel.symbolSectionIndex];
      const name = sec?.name ?? '';
      if (name === '.maps' || name === 'maps') return 'map';
      if (name.startsWith('.rodata')) return 'rodata';
      if (obj.programs.some((q) => q.sectionIndex === rel.symbolSectionIndex)) return 'func';
      return 'data';
    },
  };
  return code;
}

function where(program: string, fn: string, insn: number): string {
  return fn === program ? `poisoned instruction ${insn}` : `poisoned instruction ${insn} of subprogram ${fn}`;
}

function describeStep(program: string, s: PathStep): string {
  const at = `${s.fn === program ? '' : `${s.fn} `}insn ${s.insn} \`${s.text}\``;
  if (s.how === 'call') return `${at} calls`;
  return `${at} ${s.how === 'taken' ? 'jumps' : 'falls through'}`;
}

/** "on every path" / "when insn 9 `if r0 == 0 goto +60` falls through", plus the last jumps constants decided. */
function describePath(program: string, path: PathStep[]): string {
  const undecided = path.filter((s) => s.how !== 'call' && !s.decided);
  const shown = undecided.slice(0, 3).map((s) => describeStep(program, s));
  if (undecided.length > 3) shown.push(`${undecided.length - 3} more`);
  let out = shown.length ? ` when ${shown.join(', ')} (the verifier walks both ways)` : ' on every path';
  const guards = path.filter((s) => s.how !== 'call' && s.decided);
  // The jumps the state decided: a guard among them tested something that does not guard this.
  if (guards.length) out += `; decided by constants on the way: ${guards.map((s) => describeStep(program, s)).slice(-2).join(', ')}`;
  return out;
}

/** The verdict of one main program whose relocation completed. */
export function programVerdict(code: ReachCode, program: string): ProgramVerdict {
  const r = analyzeReachability(code, program);
  const poisoned = r.poisoned.map((p) => {
    const hit = r.reached.find((h) => h.fn === p.fn && h.insn === p.insn);
    const reached: 'yes' | 'maybe' | 'no' = hit ? (hit.sure ? 'yes' : 'maybe') : r.undecided ? 'maybe' : 'no';
    return { program: p.fn, insn: p.insn, reached };
  });
  const sure = r.reached.find((h) => h.sure);
  if (sure) {
    return { program, kind: 'fails', text: `fails: ${where(program, sure.fn, sure.insn)} is reached${describePath(program, sure.path)}`, reached: { program: sure.fn, insn: sure.insn, path: sure.path }, poisoned };
  }
  if (!poisoned.length) return { program, kind: 'loads', text: 'loads', reached: null, poisoned };
  const maybe = r.reached[0];
  if (maybe) {
    const step = maybe.path.find((s) => s.approx);
    const why = step ? `only if ${describeStep(program, step)}, and that tests ${step.approx}` : 'on a path this analysis cannot confirm';
    return { program, kind: 'may-fail', text: `may fail: ${where(program, maybe.fn, maybe.insn)} is reached ${why}`, reached: { program: maybe.fn, insn: maybe.insn, path: maybe.path }, poisoned };
  }
  if (r.undecided) return { program, kind: 'may-fail', text: `may fail: ${r.undecided}; ${poisoned.length} poisoned instruction(s) not proven unreachable`, reached: null, poisoned };
  const list = poisoned.map((p) => (p.program === program ? `${p.insn}` : `${p.program}:${p.insn}`)).join(', ');
  return { program, kind: 'guarded', text: `loads (poisoned but guarded: instruction${poisoned.length > 1 ? 's' : ''} ${list} never reached)`, reached: null, poisoned };
}

/** Verdicts for one target, after relocateObject has run on it. */
export function targetVerdict(obj: BpfObject, target: CoreTarget, summary: TargetSummary, patched: Record<string, Uint8Array>): TargetVerdict {
  const mains = obj.programs.filter((p) => !p.isSubprog);
  const all = (kind: VerdictKind, text: string): TargetVerdict => ({
    kind,
    text,
    programs: mains.map((p) => ({ program: p.name, kind, text, reached: null, poisoned: [] })),
  });
  if (obj.libbpfRefuses) return all('does-not-open', `does not open: libbpf refuses the object (${obj.libbpfRefuses.libbpf})`);
  if (target.btf.littleEndian !== obj.littleEndian) {
    const o = obj.littleEndian ? 'little' : 'big';
    const k = target.btf.littleEndian ? 'little' : 'big';
    return all('does-not-open', `does not open: a ${o}-endian object on a ${k}-endian kernel (libbpf: elf: endianness mismatch)`);
  }
  if (summary.failedAt) return all('fails', `fails: libbpf stops CO-RE relocation (error ${summary.failedAt.errno}); no program loads`);
  const code = reachCode(obj, patched);
  const programs = mains.map((p) => programVerdict(code, p.name));
  const kind = worst(programs.map((p) => p.kind));
  const bad = programs.filter((p) => p.kind === kind);
  let text: string;
  if (kind === 'loads') text = 'loads';
  else if (kind === 'guarded') text = `loads (${bad.length} program(s) with poisoned but guarded instructions)`;
  else text = `${kind === 'fails' ? 'fails' : 'may fail'}: ${bad.map((p) => `${p.program} (${p.text.replace(/^(fails|may fail): /, '')})`).join('; ')}`;
  return { kind, text, programs };
}
