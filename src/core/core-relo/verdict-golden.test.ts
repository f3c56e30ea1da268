/**
 * The load verdicts against the real verifier (fixtures/golden/verdicts/verdicts.txt,
 * recorded by scripts/record-verdicts.sh): for every (sample object, kernel, program)
 * the kernel judged on CO-RE grounds, the analysis must agree —
 *   poison-reached ↔ fails, at the same instruction of the loaded program;
 *   loads ↔ loads or loads (guarded);
 *   relo-failed ↔ fails because CO-RE relocation stops;
 *   does-not-open ↔ does not open.
 * Programs the verifier refused for other reasons ("other": a tp_btf attach target the
 * running kernel lacks, a BTF access check) say nothing about CO-RE and are only counted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture } from '../../test-utils/fixtures';
import { loadObject, loadTarget } from '../../test-utils/libbpf-goldens';
import { openBtf } from '../open-btf';
import type { ReachCode } from '../bpf/reachability';
import type { Btf } from '../btf/btf';
import { relocateObject } from './relocate-object';
import { reachCode } from './verdict';

interface GoldenRow {
  object: string;
  target: string;
  program: string;
  cls: string;
  detail: string;
}

function goldenRows(): GoldenRow[] {
  const text = new TextDecoder().decode(readFixture('golden/verdicts/verdicts.txt'));
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [pair, program, cls, ...rest] = l.split(/\s+/);
      const [object, target] = pair!.split('@') as [string, string];
      return { object, target, program: program!, cls: cls!, detail: rest.join(' ') };
    });
}

function target(name: string): Btf {
  if (!name.endsWith('.min')) return loadTarget(name);
  const r = openBtf(readFixture(`kernels-min/${name}.btf`));
  if (!r.value) throw new Error(`target ${name}`);
  return r.value.btf;
}

/** Where libbpf puts each function in the loaded program: subprograms appended in first-call order (bpf_object__reloc_code). */
function loadedLayout(code: ReachCode, main: string): Map<string, number> {
  const at = new Map<string, number>([[main, 0]]);
  let total = code.insns(main)!.length;
  const visit = (fn: string) => {
    code.insns(fn)!.forEach((insn, i) => {
      if (insn.code !== 0x85 || insn.srcReg !== 1) return;
      const c = code.callee(fn, i);
      if (!c || at.has(c.fn)) return;
      at.set(c.fn, total);
      total += code.insns(c.fn)!.length;
      visit(c.fn);
    });
  };
  visit(main);
  return at;
}

const rows = goldenRows();
const byPair = new Map<string, GoldenRow[]>();
for (const r of rows) {
  const k = `${r.object}@${r.target}`;
  byPair.set(k, [...(byPair.get(k) ?? []), r]);
}

/** verifier class → analysis verdict → count; printed with BTFSCOPE_VERDICT_TABLE=1. */
const agreement = new Map<string, number>();
function tally(g: GoldenRow, analysis: string): void {
  const k = `${g.object.endsWith('-eb') ? 'eb' : 'el'} ${g.cls} | ${analysis}`;
  agreement.set(k, (agreement.get(k) ?? 0) + 1);
}

describe('load verdicts agree with the kernel verifier', () => {
  afterAll(() => {
    if (!process.env.BTFSCOPE_VERDICT_TABLE) return;
    const lines = [...agreement].sort().map(([k, n]) => `| ${k.replace(' ', ' | ')} | ${n} |`);
    process.stdout.write(['| objects | verifier | analysis | pairs |', '| --- | --- | --- | --- |', ...lines].join('\n') + '\n');
  });

  it('covers guarded and unguarded poison in main programs and subprograms', () => {
    const reached = rows.filter((r) => r.cls === 'poison-reached');
    expect(reached.length).toBeGreaterThan(20);
    expect(rows.some((r) => r.object === 'verdicts-el' && r.program === 'verdict_subprog_unguarded' && r.cls === 'poison-reached')).toBe(true);
    expect(rows.some((r) => r.object === 'netdev-el' && r.target.includes('arm64') && r.program === 'kprobe_tcp_v4_connect' && r.detail.startsWith('insn=1 '))).toBe(true);
    expect(rows.filter((r) => r.cls === 'does-not-open').length).toBeGreaterThan(10);
  });

  for (const [pair, golden] of byPair) {
    const [object, targetName] = pair.split('@') as [string, string];
    it(pair, () => {
      const obj = loadObject(object);
      const t = { label: targetName, btf: target(targetName) };
      const rep = relocateObject(obj, [t]);
      const verdict = rep.targets[0]!.verdict;
      const code = reachCode(obj, rep.patchedInsns[targetName]!);
      const problems: string[] = [];
      const failed = rep.targets[0]!.failedAt;
      const failingProg = failed ? rep.relocations[failed.ordinal]?.program : undefined;
      for (const g of golden) {
        if (g.cls === 'does-not-open') {
          if (verdict.kind !== 'does-not-open') problems.push(`${pair}: verifier harness: does not open; analysis: ${verdict.text}`);
          tally(g, verdict.kind);
          continue;
        }
        const v = verdict.programs.find((p) => p.program === g.program);
        if (!v) {
          problems.push(`${pair} ${g.program}: no verdict`);
          continue;
        }
        const say = `${pair} ${g.program}: verifier ${g.cls} ${g.detail}; analysis ${v.text}`;
        const before = problems.length;
        const judge = () => tally(g, problems.length > before ? `DISAGREES: ${v.kind}` : v.kind);
        switch (g.cls) {
          case 'poison-reached': {
            if (v.kind !== 'fails' || !v.reached) {
              problems.push(say);
              break;
            }
            const at = loadedLayout(code, g.program).get(v.reached.program);
            const insn = at === undefined ? -1 : at + v.reached.insn;
            if (`insn=${insn}` !== g.detail.split(' ')[0]) problems.push(`${say} (analysis insn ${insn} of the loaded program)`);
            break;
          }
          case 'loads':
            if (failed) {
              // The harness loads one program at a time; bpf_object__load of the whole object stops
              // at the failing relocation. Only a program without it may load alone.
              if (v.kind !== 'fails' || (failingProg && loadedLayout(code, g.program).has(failingProg))) problems.push(say);
              tally(g, 'n/a: loads alone; the whole object fails relocation');
              continue;
            }
            if (v.kind !== 'loads' && v.kind !== 'guarded') problems.push(say);
            break;
          case 'relo-failed':
            if (v.kind !== 'fails' || v.reached || !failed || !failingProg || !loadedLayout(code, g.program).has(failingProg)) problems.push(say);
            break;
          case 'other':
            tally(g, `n/a: ${v.kind}`);
            continue;
          default:
            problems.push(`${say}: unknown class`);
        }
        judge();
      }
      expect(problems).toEqual([]);
    });
  }
});
