/**
 * The workshop tour: a guided path through real data, told as the classic CO-RE story —
 * a program written for one kernel (5.10, where task_struct has `state`) is loaded on
 * another (6.18, where it became `__state` in 5.14), and libbpf rewrites it at load time.
 *
 * Steps are data, not UI: each names the view to open (an app route with the same fields
 * as the URL: files by reference, type, relocation ordinal), what to highlight there, and
 * the words to say. The UI renders them (src/ui/workshop); every step has its own link.
 * Files are the bundled demo samples (src/ui/data/samples.ts DEMO: kernels 5.10 and 6.18,
 * object task_state.bpf.o, built from fixtures/objects/task_state.bpf.c).
 *
 * Relocation ordinals are libbpf's processing order in task_state-el.bpf.o; the test
 * (workshop-steps.test.ts) checks every fact a step states against the CO-RE engine, so a
 * changed fixture cannot leave the tour saying something false.
 */

export interface WorkshopView {
  /** App route: 'diff', 'relocs', 'source', 'type', 'playground'. */
  route: string;
  a?: string;
  b?: string;
  obj?: string;
  targets?: string[];
  type?: string;
  /** relocs/source: the relocation to open (ordinal in libbpf's order). */
  relo?: number;
}

/**
 * What to highlight. `target` names a part of a view; the UI marks those elements with
 * `data-tour="<target>"` (plus `data-tour-key` for the row/member/kernel it belongs to)
 * and the tour selects `[data-tour="<target>"][data-tour-key="<key>"]`.
 */
export interface WorkshopHighlight {
  target:
    | 'diff-member' // a member row of the type diff; key = member name
    | 'relo-row' // a relocation row; key = ordinal
    | 'access-string' // the relocation's access string in its detail; key = ordinal
    | 'local-spec' // the local spec line; key = ordinal
    | 'candidates' // the candidate list on one kernel; key = kernel label
    | 'target-spec' // the target spec on one kernel; key = kernel label
    | 'insn-patch' // before/after instructions on one kernel; key = kernel label
    | 'outcome' // the outcome cell of a relocation on one kernel; key = `${ordinal}:${kernel}`
    | 'source-line'; // the C source line of the open relocation (view.relo); key = that ordinal
  key?: string;
}

export interface WorkshopStep {
  id: string;
  title: string;
  /** Paragraphs of plain text; `backticks` mark code. Never HTML. */
  body: string[];
  view: WorkshopView;
  highlights: WorkshopHighlight[];
  /**
   * The code the step is about, as it appears in the demo's C source. A step that highlights
   * a `source-line` must show a line containing it (workshop-steps.test.ts checks this
   * against the object's .BTF.ext line info and the source file).
   */
  construct?: string;
  /** A playground link in the step's words: `linkText` (found in the body) opens the playground with `chain`. */
  playground?: { chain: string; linkText: string };
}

export const WORKSHOP_FILES = {
  oldKernel: 'sample:5.10',
  newKernel: 'sample:6.18',
  object: 'sample:task_state',
  /** Kernel labels as the app shows them (a loaded sample is labelled by its id). */
  oldLabel: '5.10',
  newLabel: '6.18',
} as const;

const F = WORKSHOP_FILES;
const relocs = (relo: number): WorkshopView => ({ route: 'relocs', obj: F.object, targets: [F.oldKernel, F.newKernel], relo });

/** Ordinals of the relocations the tour points at (task_state-el.bpf.o). */
export const TOUR_RELOS = {
  stateExists: 0, // bpf_core_field_exists(t->__state)
  newState: 1, // BPF_CORE_READ(t, __state)
  oldState: 2, // BPF_CORE_READ((struct task_struct___old *)t, state)
  realParent: 21, // BPF_CORE_READ(t, real_parent, prio): first hop
  prio: 22, // … second hop
  u32State: 26, // ((struct task_struct___u32state *)prev)->state
} as const;
const R = TOUR_RELOS;

export const WORKSHOP_STEPS: readonly WorkshopStep[] = [
  {
    id: 'the-change',
    title: '1. Kernels change: task_struct::state became __state',
    body: [
      'A BPF program reads kernel memory directly, so it depends on where each field sits. Between 5.10 and 6.18, `task_struct` was reshuffled: in 5.14 its `state` (a `volatile long`) became `__state` (an `unsigned int`), and almost every other field moved.',
      'A program compiled against 5.10 headers would read `state` at a fixed offset: on 6.18 that offset holds something else. CO-RE ("compile once, run everywhere") fixes this at load time.',
    ],
    view: { route: 'diff', a: F.oldKernel, b: F.newKernel, type: 'struct:task_struct' },
    highlights: [{ target: 'diff-member', key: '__state' }, { target: 'diff-member', key: 'state' }],
  },
  {
    id: 'access-string',
    title: '2. The compiler records each access in .BTF.ext',
    body: [
      'clang does not bake offsets into a CO-RE read. For every `BPF_CORE_READ(...)` it writes a relocation record into the object\'s `.BTF.ext` section: the instruction, the local type (`struct task_struct___old` here), the relocation kind (`byte_off`) and an access string.',
      'The access string `0:0` means: start at the pointer (`0`, i.e. `t[0]`), then take member #0 of the struct (`state`). Indices, not names: names are looked up in the object\'s own BTF.',
    ],
    view: relocs(R.oldState),
    highlights: [{ target: 'relo-row', key: String(R.oldState) }, { target: 'access-string', key: String(R.oldState) }],
  },
  {
    id: 'local-spec',
    title: '3. libbpf turns it into a local spec',
    body: [
      'At load time libbpf resolves the access string against the object\'s BTF: the local spec names the root type and each field, with the offset the compiler assumed (`@ offset 0`).',
      'This is the question libbpf must answer on the running kernel: where is `task_struct___old.state` there?',
    ],
    view: relocs(R.oldState),
    highlights: [{ target: 'local-spec', key: String(R.oldState) }],
  },
  {
    id: 'candidates',
    title: '4. Candidate search and ___flavors',
    body: [
      'libbpf drops everything from a triple underscore on: `task_struct___old` is a flavor of `task_struct`. It collects every kernel type with that essential name and kind as a candidate, then tries to match the whole access path in each.',
      'On 5.10 the candidate `task_struct` has a `state` field: it matches. On 6.18 it has none: no candidate matches. One program can carry several flavors of the same struct and let the kernel pick.',
    ],
    view: relocs(R.oldState),
    highlights: [{ target: 'candidates', key: F.oldLabel }, { target: 'candidates', key: F.newLabel }],
  },
  {
    id: 'target-spec',
    title: '5. The target spec: the same field on this kernel',
    body: [
      'For `t->__state`, the candidate on 6.18 matches: the target spec is the same path in the kernel\'s own BTF, with the kernel\'s type ids and member indices, and the offset the field really has there (24).',
      'On 5.10 nothing matches (`__state` does not exist yet): remember this one for step 7.',
    ],
    view: relocs(R.newState),
    highlights: [{ target: 'target-spec', key: F.newLabel }, { target: 'outcome', key: `${R.newState}:${F.newLabel}` }],
  },
  {
    id: 'patched-insn',
    title: '6. The patched instruction',
    body: [
      'libbpf writes the target\'s value into the instruction before the verifier sees it: here clang loaded the offset of `__state` as a constant, `r1 = 0x0` (the local offset, 0), which becomes `r1 = 0x18` (24) on 6.18 before it is added to `t` for `bpf_probe_read_kernel`.',
      'Nothing else changes: the program was compiled once, and each kernel gets its own offsets at load time.',
    ],
    view: relocs(R.newState),
    highlights: [{ target: 'insn-patch', key: F.newLabel }],
  },
  {
    id: 'field-exists',
    title: '7. bpf_core_field_exists and poisoning',
    body: [
      '`bpf_core_field_exists(t->__state)` is a relocation too: libbpf patches the constant to 1 on 6.18 and 0 on 5.10, so the program takes the right branch.',
      'The read of `__state` on 5.10 has no match. libbpf does not fail the load: it "poisons" the instruction (`call 0xbad2310`). The branch that holds it is dead on 5.10, the verifier removes it, and the program loads. A poisoned instruction that is reachable makes the verifier reject the program with a clear message.',
      '`task_struct___u32state` is poisoned on both kernels: on 5.10 `state` is a signed 8-byte long, and libbpf refuses to read it as a 4-byte unsigned int.',
    ],
    view: relocs(R.stateExists),
    highlights: [
      { target: 'outcome', key: `${R.stateExists}:${F.oldLabel}` },
      { target: 'outcome', key: `${R.newState}:${F.oldLabel}` },
      { target: 'outcome', key: `${R.u32State}:${F.oldLabel}` },
      { target: 'outcome', key: `${R.u32State}:${F.newLabel}` },
    ],
  },
  {
    id: 'core-read-chain',
    title: '8. BPF_CORE_READ chains: one relocation per hop',
    body: [
      '`BPF_CORE_READ(t, real_parent, prio)` reads `t->real_parent`, then `->prio` of the result: two probe reads, two relocations, each against `struct task_struct` with its own access string.',
      'Both fields moved between 5.10 and 6.18 (`real_parent` from 2248 to 1280); both reads are patched on both kernels. Try your own chains in the playground.',
    ],
    // The detail opens on the second hop: clang's line info puts the first hop's load in the
    // inlined bump() (line 52), the second on the BPF_CORE_READ line itself.
    view: relocs(R.prio),
    construct: 'BPF_CORE_READ(t, real_parent, prio)',
    playground: {
      chain: 'struct task_struct *t;\n\n/* the same chain on the playground\'s toy kernels: edit it */\nBPF_CORE_READ(t, real_parent, prio);\n',
      linkText: 'in the playground',
    },
    highlights: [{ target: 'relo-row', key: String(R.realParent) }, { target: 'relo-row', key: String(R.prio) }, { target: 'source-line', key: String(R.prio) }],
  },
];

export function workshopStep(id: string): WorkshopStep | undefined {
  return WORKSHOP_STEPS.find((s) => s.id === id);
}
