/**
 * The playground: C definitions of two toy kernels and a CO-RE read chain, turned into the
 * same inputs real files give the app — BTF for kernel A (what the program was built
 * against), BTF for kernel B (where it runs), and a synthetic BPF object whose relocations
 * are the chain — so the layout, diff and relocation views render them unchanged.
 * Everything is synchronous and pure; the UI calls it from the worker on each edit.
 */
import { parseBtf } from '../btf/parse-btf';
import { type Diagnostic, hasErrors } from '../diagnostics';
import { compileCToBtf } from './c-to-btf';
import { type CoreReadStep, parseCoreRead } from './core-read';
import { buildPlaygroundObject } from './playground-object';

export interface PlaygroundInput {
  /** Kernel A's C: the types the program is compiled against (its local BTF). */
  kernelA: string;
  /** Kernel B's C: the target the program is loaded on. */
  kernelB: string;
  /** The program's access, e.g. `struct task_struct *task; BPF_CORE_READ(task, real_parent, tgid);`. */
  chain: string;
}

export interface PlaygroundOutput {
  /** BTF blobs (empty types when the C did not parse at all). */
  btfA: Uint8Array;
  btfB: Uint8Array;
  /** The synthetic .bpf.o, when kernel A and the chain are valid. */
  object?: Uint8Array | undefined;
  steps: CoreReadStep[];
  diagnostics: { kernelA: Diagnostic[]; kernelB: Diagnostic[]; chain: Diagnostic[] };
}

export function buildPlayground(input: PlaygroundInput): PlaygroundOutput {
  const a = compileCToBtf(input.kernelA);
  const b = compileCToBtf(input.kernelB);
  const out: PlaygroundOutput = {
    btfA: a.value!.bytes,
    btfB: b.value!.bytes,
    steps: [],
    diagnostics: { kernelA: a.diagnostics, kernelB: b.diagnostics, chain: [] },
  };
  const local = parseBtf(a.value!.bytes).value;
  if (!local || !input.chain.trim()) return out;
  const chain = parseCoreRead(input.chain, local);
  out.diagnostics.chain.push(...chain.diagnostics);
  if (!chain.value || !chain.value.length) return out;
  out.steps = chain.value;
  const obj = buildPlaygroundObject({ btf: local, steps: chain.value, sourceText: input.chain });
  out.diagnostics.chain.push(...obj.diagnostics);
  if (obj.value && !hasErrors(obj.diagnostics)) out.object = obj.value;
  return out;
}
