import { describe, expect, it } from 'vitest';
import type { RelocationView, TargetReloResult } from '../../core/core-relo/report';
import { defaultKernel, kernelTypeKey } from './RelocDetail';

const result = (r: TargetReloResult['result'], wouldBe?: TargetReloResult['wouldBe']) => ({ result: r, wouldBe }) as TargetReloResult;

describe('relocation detail', () => {
  it("names the kernel's type, without libbpf's ___flavor suffix", () => {
    expect(kernelTypeKey('struct task_struct')).toBe('struct:task_struct');
    expect(kernelTypeKey('struct task_struct___old')).toBe('struct:task_struct');
    expect(kernelTypeKey('union bpf_attr')).toBe('union:bpf_attr');
    expect(kernelTypeKey('enum bpf_func_id')).toBe('enum:bpf_func_id');
    expect(kernelTypeKey('int')).toBeUndefined();
    expect(kernelTypeKey('struct ___x')).toBeUndefined();
  });

  it('opens on the first kernel where the relocation does not patch, else the first', () => {
    const v = (...rs: TargetReloResult[]) => ({ results: rs }) as RelocationView;
    expect(defaultKernel(v(result('patched'), result('poisoned'), result('error')))).toBe(1);
    expect(defaultKernel(v(result('patched'), result('unreached', 'patched'), result('error')))).toBe(2);
    expect(defaultKernel(v(result('patched'), result('patched')))).toBe(0);
  });
});
