/**
 * Differential test against libbpf 1.1.2: for every (object, target) pair recorded in
 * fixtures/golden/libbpf/, our `--format libbpf` log must equal the CO-RE lines of libbpf's
 * log line for line (see libbpf-log.ts for which lines those are), and every instruction a
 * CO-RE relocation touched must hold the bytes libbpf left there (`.insns`). Subprogram
 * relocations are checked where libbpf appended the subprogram to a caller.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BpfObject } from '../bpf/bpf-object';
import { extractCoreLogLines, formatLibbpfLog } from './libbpf-log';
import { relocateObject } from './relocate-object';
import type { RelocationReport } from './report';
import { GOLDEN, goldenPairs, goldenText, loadObject, loadTarget } from '../../test-utils/libbpf-goldens';

/** prog name -> instruction hex by index, from a `.insns` golden file. */
function parseInsns(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^insns (\S+) (\d+) ([0-9a-f]{16})$/.exec(line);
    if (!m) continue;
    let arr = out.get(m[1]!);
    if (!arr) out.set(m[1]!, (arr = []));
    arr[Number(m[2])] = m[3]!;
  }
  return out;
}

/** Instruction slots libbpf rewrites after CO-RE (calls, ld_imm64 of maps/data/functions). */
function isLaterRelocated(hex: string): boolean {
  return hex.startsWith('85') || hex.startsWith('18') || hex.startsWith('00');
}

/**
 * Checks every relocated slot. Main programs: at the same index. Subprograms: libbpf
 * appended them to callers; find the offset where the subprogram's code (all slots that
 * later passes do not touch) appears, then compare there.
 */
function checkInsns(rep: RelocationReport, obj: BpfObject, golden: Map<string, string[]>, label: string, appended: Set<string>): string[] {
  const errors: string[] = [];
  const ours = rep.patchedInsns[label]!;
  for (const v of rep.relocations) {
    const r = v.results[0]!;
    if (!v.program || v.insnIndex === null || r.result === 'unreached' || r.result === 'skipped') continue;
    const prog = obj.programs.find((p) => p.name === v.program)!;
    const mine = ours[prog.name]!;
    const hexAt = (i: number) => Buffer.from(mine.subarray(i * 8, i * 8 + 8)).toString('hex');
    const slots = r.insnsAfter.map((s) => s.index);
    if (!prog.isSubprog) {
      const g = golden.get(prog.name);
      if (!g) continue;
      for (const i of slots) if (g[i] !== hexAt(i)) errors.push(`${prog.name} insn #${i}: ours ${hexAt(i)}, libbpf ${g[i]}`);
      continue;
    }
    const n = prog.insnCount;
    let found = false;
    for (const [, g] of golden) {
      for (let k = 0; k + n <= g.length && !found; k++) {
        let ok = true;
        for (let j = 0; j < n && ok; j++) if (!isLaterRelocated(hexAt(j)) && g[k + j] !== hexAt(j)) ok = false;
        found = ok;
      }
    }
    if (!found && appended.has(prog.name)) {
      errors.push(`${prog.name} (subprogram): relocated code not found in any caller`);
    }
  }
  return errors;
}

describe('CO-RE relocation vs libbpf 1.1.2 goldens', () => {
  const pairs = goldenPairs();
  it('has goldens for every object and kernel', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(64);
  });
  for (const { object, target } of pairs) {
    it(`${object} @ ${target}`, () => {
      const obj = loadObject(object);
      const rep = relocateObject(obj, [{ label: target, btf: loadTarget(target) }]);
      const want = extractCoreLogLines(goldenText(`${object}@${target}.log`));
      expect(want.length).toBeGreaterThan(0);
      const got = formatLibbpfLog(rep.targets[0]!).split('\n').slice(0, -1);
      expect(got).toEqual(want);
      const log = goldenText(`${object}@${target}.log`);
      // Subprograms libbpf appended to a caller ("added N insns from sub-prog 'x'").
      const appended = new Set([...log.matchAll(/added \d+ insns from sub-prog '([^']+)'/g)].map((m) => m[1]!));
      const insns = parseInsns(goldenText(`${object}@${target}.insns`));
      expect(checkInsns(rep, obj, insns, target, appended)).toEqual([]);
      // The log and the per-relocation results tell the same story.
      const failed = want.some((l) => l.startsWith('libbpf: failed to perform CO-RE relocations'));
      expect(rep.targets[0]!.ok).toBe(!failed);
    });
  }
});

describe('relocating against several targets at once', () => {
  it('gives each target the same result as relocating it alone', () => {
    const kernels = ['vmlinux-5.10', 'vmlinux-6.1', 'vmlinux-6.12', 'vmlinux-6.18'];
    for (const stem of ['task_state-el', 'netdev-el', 'ambiguity-el']) {
      const obj = loadObject(stem);
      const all = relocateObject(obj, kernels.map((k) => ({ label: k, btf: loadTarget(k) })));
      kernels.forEach((k, i) => {
        const one = relocateObject(obj, [{ label: k, btf: loadTarget(k) }]);
        expect(all.targets[i]).toEqual(one.targets[0]);
        expect(all.relocations.map((v) => v.results[i])).toEqual(one.relocations.map((v) => v.results[0]));
      });
    }
  });
  it('reads the golden logs it compares against', () => {
    expect(readFileSync(join(GOLDEN, 'execsnoop-el@vmlinux-6.1.log'), 'utf8')).toContain('CO-RE relocating');
  });
});
