/**
 * View models of a CO-RE relocation run: one `RelocationView` per relocation record of
 * the object, each with one `TargetReloResult` per target kernel. Plain data (strings and
 * numbers; u64 values as decimal strings) so the worker can post it and the CLI can print
 * it as JSON; the schema is documented in docs/relocs-json.md.
 */
import type { InsnPatch } from './patch-insn';
import type { TargetVerdict } from './verdict';

/**
 * What happened on one target:
 * - patched: libbpf rewrote the instruction(s) with the target's value;
 * - poisoned: libbpf replaced the instruction with `call 0xbad2310` (load fails only if reached);
 * - error: libbpf fails the whole object load here (the first error stops it);
 * - unreached: an earlier relocation failed, so libbpf never got here (`wouldBe` says what it would do);
 * - skipped: libbpf ignores the record (no program holds the instruction).
 */
export type ReloOutcome = 'patched' | 'poisoned' | 'error' | 'unreached' | 'skipped';

export interface InsnText {
  /** Instruction index relative to the program. */
  index: number;
  /** The 8 raw bytes in the object's byte order, hex. */
  hex: string;
  /** llvm-objdump-like text. */
  text: string;
}

export interface CandidateView {
  typeId: number;
  /** `struct task_struct`. */
  type: string;
  /** Where it was found: `vmlinux` or a module name. */
  btf: string;
  matched: boolean;
  /** libbpf's formatted spec of this candidate (as in its "matching candidate" line). */
  spec: string;
}

export interface Successor {
  /** What it is: 'renamed-field', 'moved-field', 'renamed-type', 'renamed-enumerator'. */
  kind: 'renamed-field' | 'moved-field' | 'renamed-type' | 'renamed-enumerator';
  /** The C access path or type in the target, e.g. `__state`, `u.flags`, `struct foo_v2`. */
  path: string;
  /** Why we think so, in words. */
  reason: string;
}

/** Why a relocation fails on a target, and what to write instead. */
export interface Explanation {
  /** Stable reason code: no-type, no-field, incompatible-field, array-bounds, ambiguity, bitfield, memsz, insn-mismatch, value-range, libbpf-crash, other. */
  code: string;
  /**
   * First sentence: what changed between the object's type and the target's (when known:
   * `change`); then why libbpf refuses, and the fix.
   */
  summary: string;
  /** The change named by the first sentence: became-bitfield, size, signedness, kind, renamed-field, moved-field, type-gone, ... (see core-relo/change.ts). */
  change?: { kind: string; text: string };
  successors: Successor[];
  /** A ready-to-paste C snippet (flavor types + bpf_core_field_exists), when a successor was found. */
  snippet?: string;
}

/** What libbpf 1.1.2 did with one relocation on one target. */
export interface TargetReloResult {
  target: string;
  result: ReloOutcome;
  /** For `unreached`: what libbpf would do if it got here. */
  wouldBe?: 'patched' | 'poisoned' | 'error';
  /** libbpf's formatted target spec of the chosen candidate, null when nothing matched. */
  targetSpec: string | null;
  candidates: CandidateView[];
  /**
   * The value in the instruction before relocation (ALU imm, LDX/ST/STX off or ld_imm64
   * imm64, as libbpf reads it: decimal u64) and the value libbpf writes; `after` is null
   * when nothing is written (poisoned, error).
   */
  before: string | null;
  after: string | null;
  patches: InsnPatch[];
  /** Program-relative indexes of poisoned instruction slots. */
  poisoned: number[];
  insnsBefore: InsnText[];
  insnsAfter: InsnText[];
  /** libbpf's messages for this relocation (without "libbpf: " and the trailing newline). */
  messages: string[];
  /** Negative errno of the failure, for `error` (and unreached errors). */
  errno?: number;
  /** For `error`: libbpf would not fail with an errno but crash here (why, in words); errno is 0. */
  fault?: string;
  explanation?: Explanation;
}

/** One CO-RE relocation record of the object, with its result on each target. */
export interface RelocationView {
  /** Position in libbpf's processing order. */
  ordinal: number;
  section: string;
  /** libbpf's `relo #N`: index within its .BTF.ext section. */
  reloIndex: number;
  program: string | null;
  /** Instruction index relative to the program (libbpf's `insn #N`), null when skipped. */
  insnIndex: number | null;
  /** Instruction index within the ELF section. */
  sectionInsnIndex: number;
  kind: number;
  kindName: string;
  localTypeId: number;
  /** `struct task_struct`. */
  localType: string;
  accessString: string;
  /** The access as C, e.g. `task_struct->real_parent` or `enum foo::BAR`. */
  access: string;
  /** libbpf's formatted local spec, null when it does not parse. */
  localSpec: string | null;
  source: { file: string; line: number; col: number; text: string } | null;
  results: TargetReloResult[];
}

/** One target's totals: whether libbpf would finish relocating, where it failed, and the load verdict. */
export interface TargetSummary {
  label: string;
  /** True when libbpf would finish CO-RE relocation for the whole object. */
  ok: boolean;
  /** The relocation that stops libbpf, if any. */
  failedAt: { ordinal: number; section: string; reloIndex: number; errno: number; fault?: string } | null;
  /** libbpf's CO-RE debug log lines for this target, in order (without trailing newlines). */
  libbpfLog: string[];
  counts: Record<ReloOutcome, number>;
  /** What loading the object on this kernel does, per program (verdict.ts). */
  verdict: TargetVerdict;
}

/** The result of relocating one object on its targets: programs, per-target summaries and every relocation's outcome. */
export interface RelocationReport {
  programs: { name: string; section: string; insnCount: number; isSubprog: boolean }[];
  targets: TargetSummary[];
  relocations: RelocationView[];
  /**
   * Per target label, per program name: the program's instruction bytes after the
   * relocations libbpf reaches (object byte order). Not part of the JSON output.
   */
  patchedInsns: Record<string, Record<string, Uint8Array>>;
}
