/**
 * Every real BTF in fixtures/ passes validation with no error: the kernel's rules are
 * followed, never exceeded (kernels and modules passed the kernel's own verifier; objects
 * are checked as libbpf hands them over, so what libbpf fixes up is left alone).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBtf } from '../open-btf';
import { FIXTURES, KERNEL_VERSIONS, MODULES, loadKernelFixture, readFixture } from '../../test-utils/fixtures';
import { invalidTypeIds, validateBtf } from './validate-btf';

const errorsOf = (rel: string, opts: Parameters<typeof openBtf>[1] = {}) => {
  const r = openBtf(readFixture(rel), opts);
  expect(r.value, rel).toBeDefined();
  return { errors: r.diagnostics.filter((d) => d.severity === 'error'), btf: r.value!.btf };
};

const objects = (dir: string, ext: RegExp) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => ext.test(f))
    .map((f) => `${dir}/${f}`);

describe('validation of every fixture', () => {
  it.each(KERNEL_VERSIONS)('kernel %s: no errors, no invalid type', (v) => {
    const btf = loadKernelFixture(v);
    expect(validateBtf(btf).filter((d) => d.severity === 'error')).toEqual([]);
    expect(invalidTypeIds(btf)).toEqual([]);
  });

  it.each(MODULES.map((m) => [m.name, m.base] as const))('module %s on %s: no errors', (name, base) => {
    const { errors, btf } = errorsOf(`modules/${name}.ko`, { base: loadKernelFixture(base) });
    expect(errors).toEqual([]);
    expect(invalidTypeIds(btf)).toEqual([]);
  });

  const files = [
    ...objects('objects', /\.bpf\.o$/),
    ...objects('targets', /\.o$/),
    ...objects('synthetic', /\.btf$/),
    'playground/corpus.bpf.o',
  ];
  it('covers both byte orders of every object', () => {
    expect(files.filter((f) => f.endsWith('-el.bpf.o')).length).toBeGreaterThan(10);
    expect(files.filter((f) => f.endsWith('-eb.bpf.o')).length).toBe(files.filter((f) => f.endsWith('-el.bpf.o')).length);
  });
  it.each(files)('%s: no errors, no invalid type', (rel) => {
    const { errors, btf } = errorsOf(rel);
    expect(errors).toEqual([]);
    expect(invalidTypeIds(btf)).toEqual([]);
  });
});
