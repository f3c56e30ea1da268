/**
 * The stable key of one kernel's relocation results for an object: equal keys mean libbpf
 * 1.1.2 does the same thing on both kernels — the same outcome and written value for every
 * relocation, the same first failure, the same load verdict per program and the same
 * poisoned instructions reached. What only names the kernel (its label, BTF type ids in
 * specs and log lines, the explanation's wording, which quotes the label) is left out; a
 * relocation whose written value is a type id (`target_type_id`) differs by that value, as
 * the instruction libbpf writes does.
 */
import type { TargetReloResult, TargetSummary } from '../core-relo/report';

/** One kernel's part of a relocation report: its summary and its result per relocation, in order. */
export interface KernelReloResults {
  summary: TargetSummary;
  results: TargetReloResult[];
}

export function reloResultKey(k: KernelReloResults): string {
  const s = k.summary;
  const parts: unknown[] = [
    s.ok,
    s.failedAt && [s.failedAt.ordinal, s.failedAt.errno, s.failedAt.fault ?? null],
    s.verdict.kind,
    s.verdict.programs.map((p) => [p.program, p.kind, p.text, p.poisoned.map((x) => [x.program, x.insn, x.reached])]),
    k.results.map((r) => [r.result, r.wouldBe ?? null, r.after, r.errno ?? null, r.fault ?? null, r.poisoned, r.explanation?.code ?? null]),
  ];
  return JSON.stringify(parts);
}
