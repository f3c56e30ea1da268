/**
 * The tour must say true things: every relocation a step points at, and every number or
 * outcome it mentions, is checked against the CO-RE engine on the demo files.
 */
import { describe, expect, it } from 'vitest';
import { loadKernelFixture, readFixture } from '../../test-utils/fixtures';
import { parseBpfObject } from '../bpf/bpf-object';
import { relocateObject } from '../core-relo/relocate-object';
import { diffType } from '../diff/diff-btf';
import { PLAYGROUND_CHAIN_MAX, playgroundChainFragment, playgroundChainOf, workshopStepFragment, workshopStepIndex, workshopStepOf } from './workshop-link';
import { TOUR_RELOS as R, WORKSHOP_FILES, WORKSHOP_STEPS } from './workshop-steps';

const k510 = loadKernelFixture('5.10');
const k618 = loadKernelFixture('6.18');
const obj = parseBpfObject(readFixture('objects/task_state-el.bpf.o')).value!;
const rep = relocateObject(obj, [
  { label: WORKSHOP_FILES.oldLabel, btf: k510 },
  { label: WORKSHOP_FILES.newLabel, btf: k618 },
]);
const at = (ordinal: number, kernel: 0 | 1) => rep.relocations[ordinal]!.results[kernel]!;

describe('workshop facts', () => {
  it('the diff shows state removed and __state added (or renamed)', () => {
    const d = diffType(k510, k618, 'struct', 'task_struct')[0]!;
    const names = (d.members ?? []).flatMap((m) => [m.name, m.renamedFrom ?? '']);
    expect(names).toContain('__state');
    expect(names).toContain('state');
  });

  it('the relocations the steps point at are the ones they describe', () => {
    const v = (o: number) => `${rep.relocations[o]!.kindName} ${rep.relocations[o]!.access} ${rep.relocations[o]!.accessString}`;
    expect(v(R.stateExists)).toBe('field_exists task_struct->__state 0:0');
    expect(v(R.newState)).toBe('byte_off task_struct->__state 0:0');
    expect(v(R.oldState)).toBe('byte_off task_struct___old->state 0:0');
    expect(v(R.realParent)).toBe('byte_off task_struct->real_parent 0:8');
    expect(v(R.prio)).toBe('byte_off task_struct->prio 0:1');
    expect(v(R.u32State)).toBe('byte_off task_struct___u32state->state 0:0');
  });

  it('steps 3-6: local spec, candidates, target spec, patched instruction', () => {
    expect(rep.relocations[R.oldState]!.localSpec).toMatch(/struct task_struct___old\.state \(0:0 @ offset 0\)$/);
    expect(at(R.oldState, 0).candidates.map((c) => [c.type, c.matched])).toEqual([['struct task_struct', true]]);
    expect(at(R.oldState, 1).candidates.map((c) => [c.type, c.matched])).toEqual([['struct task_struct', false]]);
    expect(at(R.newState, 1).targetSpec).toMatch(/struct task_struct\.__state \(0:1 @ offset 24\)$/);
    expect(at(R.newState, 1).result).toBe('patched');
    expect(at(R.newState, 1).insnsBefore.map((i) => i.text)).toEqual(['r1 = 0x0']);
    expect(at(R.newState, 1).insnsAfter.map((i) => i.text)).toEqual(['r1 = 0x18']);
  });

  it('step 7: field_exists is 0/1, reads without a match are poisoned', () => {
    expect([at(R.stateExists, 0).after, at(R.stateExists, 1).after]).toEqual(['0', '1']);
    expect(at(R.newState, 0).result).toBe('poisoned');
    expect(at(R.newState, 0).insnsAfter.map((i) => i.text)).toEqual(['call 0xbad2310']);
    expect([at(R.u32State, 0).result, at(R.u32State, 1).result]).toEqual(['poisoned', 'poisoned']);
  });

  it('step 8: both hops of the chain are patched; real_parent 2248 -> 1280', () => {
    expect([at(R.realParent, 0).after, at(R.realParent, 1).after]).toEqual(['2248', '1280']);
    expect([at(R.prio, 0).result, at(R.prio, 1).result]).toEqual(['patched', 'patched']);
    expect(rep.relocations[R.prio]!.source?.text).toContain('BPF_CORE_READ(t, real_parent, prio)');
  });
});

describe('workshop source lines', () => {
  const sourceSteps = WORKSHOP_STEPS.filter((s) => s.highlights.some((h) => h.target === 'source-line'));

  it('some step highlights a source line', () => {
    expect(sourceSteps.length).toBeGreaterThan(0);
  });

  // The app shows the open relocation's line from the object's .BTF.ext line info; the
  // step's construct must be on that line, in the demo's real source file too.
  for (const s of sourceSteps) {
    it(`${s.id}: the highlighted source line holds ${s.construct ?? '(no construct)'}`, () => {
      expect(s.construct).toBeTruthy();
      for (const h of s.highlights.filter((x) => x.target === 'source-line')) {
        // The highlight marks the line in the detail of view.relo; a key naming another
        // relocation would highlight nothing (or, before, some other relocation's line).
        expect(h.key).toBe(String(s.view.relo));
        const src = rep.relocations[s.view.relo!]!.source!;
        expect(src.text).toContain(s.construct);
        const file = new TextDecoder().decode(readFixture(src.file.replace(/^(\.\/)?fixtures\//, '')));
        expect(file.split('\n')[src.line - 1]).toContain(s.construct);
      }
    });
  }
});

describe('workshop links', () => {
  it('every step has its own link that names it', () => {
    const links = WORKSHOP_STEPS.map(workshopStepFragment);
    expect(new Set(links).size).toBe(WORKSHOP_STEPS.length);
    for (const s of WORKSHOP_STEPS) expect(workshopStepOf(workshopStepFragment(s))!.id).toBe(s.id);
    expect(workshopStepFragment(WORKSHOP_STEPS[2]!)).toBe(
      '#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=2&tour=local-spec',
    );
    expect(workshopStepIndex('core-read-chain')).toBe(WORKSHOP_STEPS.length - 1);
    expect(workshopStepOf('#/diff?v=1&tour=nope')).toBeUndefined();
  });

  it("a step's playground link carries its chain, named by words in the step", () => {
    const withLink = WORKSHOP_STEPS.filter((s) => s.playground);
    expect(withLink.map((s) => s.id)).toContain('core-read-chain');
    for (const s of withLink) {
      expect(s.body.some((p) => p.includes(s.playground!.linkText))).toBe(true);
      const f = playgroundChainFragment(s.playground!.chain);
      expect(f).toMatch(/^#\/playground\?v=1&chain=/);
      expect(playgroundChainOf(f)).toBe(s.playground!.chain);
    }
    expect(playgroundChainOf('#/playground?v=1')).toBeUndefined();
    expect(playgroundChainOf('#/relocs?v=1&chain=x')).toBeUndefined();
    expect(playgroundChainOf(`#/playground?v=1&chain=${'x'.repeat(PLAYGROUND_CHAIN_MAX + 1)}`)).toBeUndefined();
    expect(playgroundChainOf('#/playground?chain=a%26b%3Dc%0A')).toBe('a&b=c\n');
    expect(playgroundChainOf('#/playground?chain=%E0%A4%A')).toBeUndefined();
  });

  it('steps are plain text', () => {
    for (const s of WORKSHOP_STEPS) for (const p of [s.title, ...s.body]) expect(p).not.toMatch(/<[a-z/]/i);
  });
});
