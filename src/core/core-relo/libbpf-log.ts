/**
 * libbpf's CO-RE debug log: formatting our report as the lines libbpf 1.1.2 prints, and
 * picking those lines out of a full libbpf log (the golden files record everything libbpf
 * says while opening and loading an object).
 *
 * Which lines are "CO-RE lines": exactly the ones printed by bpf_object__relocate_core and
 * the relo_core.c code it calls, plus bpf_object__relocate's summary — i.e. every line
 *   - `libbpf: sec '<sec>': found <n> CO-RE relocations`
 *   - `libbpf: sec '<sec>': skipping CO-RE relocation #<i> for insn #<n> …`
 *   - `libbpf: CO-RE relocating [<id>] <kind> <name>: found target candidate …`
 *   - `libbpf: prog '<prog>': relo #<i>: …`, except the three such messages that come from
 *     later relocation passes (`poisoning insn #<n> that loads map #…`, `bad insn`,
 *     `bad relo type …`)
 *   - `libbpf: prog '<prog>': relo <kind> at insn #<n> can't be …` (bitfield / array access)
 *   - `libbpf: prog '<prog>': relo for [<id>] … captures type [<id>] of unexpected kind …`
 *   - `libbpf: unexpected kind <kind> relocated, local [<id>], target [<id>]`
 *   - `libbpf: failed to perform CO-RE relocations: <err>`
 * One libbpf format string ends in "\n " (error matching candidate), which makes the next
 * message start with a space; lines are matched after removing one leading space.
 */
import type { TargetSummary } from './report';

const CORE_LINE = [
  /^libbpf: sec '.*': found \d+ CO-RE relocations$/,
  /^libbpf: sec '.*': skipping CO-RE relocation #\d+ /,
  /^libbpf: CO-RE relocating \[/,
  /^libbpf: prog '.*': relo #\d+: /,
  /^libbpf: prog '.*': relo \d+ at insn #\d+ can't be /,
  /^libbpf: prog '.*': relo for \[\d+\] .* captures type \[\d+\] of unexpected kind /,
  /^libbpf: unexpected kind \S+ relocated, local \[\d+\], target \[\d+\]$/,
  /^libbpf: failed to perform CO-RE relocations: -?\d+$/,
];

const NOT_CORE = [
  /^libbpf: prog '.*': relo #\d+: poisoning insn #\d+ that loads map #/,
  /^libbpf: prog '.*': relo #\d+: bad insn$/,
  /^libbpf: prog '.*': relo #\d+: bad relo type -?\d+$/,
];

/** Whether one line of a libbpf log belongs to CO-RE relocation (see the header). */
export function isCoreLogLine(line: string): boolean {
  const l = line.startsWith(' libbpf: ') ? line.slice(1) : line;
  return CORE_LINE.some((re) => re.test(l)) && !NOT_CORE.some((re) => re.test(l));
}

/** The CO-RE lines of a full libbpf log, in order. */
export function extractCoreLogLines(log: string): string[] {
  return log.split('\n').filter(isCoreLogLine);
}

/** Our log for one target, as libbpf prints it (one line per element, "libbpf: " prefixed). */
export function formatLibbpfLog(summary: TargetSummary): string {
  return summary.libbpfLog.map((l) => `${l}\n`).join('');
}
