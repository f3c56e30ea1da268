/**
 * Test-only loaders for the CO-RE fixtures: sample objects (fixtures/objects), hand-made
 * targets (fixtures/targets), kernels, and libbpf's golden logs (fixtures/golden/libbpf).
 * Everything is parsed once per test worker.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, loadKernelFixture, readFixture, type KernelVersion } from './fixtures';
import type { Btf } from '../core/btf/btf';
import { type BpfObject, parseBpfObject } from '../core/bpf/bpf-object';
import { openBtf } from '../core/open-btf';

export const GOLDEN = join(FIXTURES, 'golden/libbpf');

export function goldenPairs(): { object: string; target: string }[] {
  return readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.log') || f.endsWith('.log.xz'))
    .map((f) => f.replace(/\.log(\.xz)?$/, ''))
    .sort()
    .map((p) => {
      const [object, target] = p.split('@') as [string, string];
      return { object, target };
    });
}

const targets = new Map<string, Btf>();
export function loadTarget(name: string): Btf {
  let btf = targets.get(name);
  if (!btf) {
    if (name.startsWith('vmlinux-')) btf = loadKernelFixture(name.slice(8) as KernelVersion);
    else {
      const r = openBtf(readFixture(`targets/${name}.o`));
      if (!r.value) throw new Error(`target ${name}: ${JSON.stringify(r.diagnostics)}`);
      btf = r.value.btf;
    }
    targets.set(name, btf);
  }
  return btf;
}

const objects = new Map<string, BpfObject>();
export function loadObject(stem: string): BpfObject {
  let obj = objects.get(stem);
  if (!obj) {
    const r = parseBpfObject(readFixture(`objects/${stem}.bpf.o`));
    if (!r.value) throw new Error(`object ${stem}: ${JSON.stringify(r.diagnostics)}`);
    obj = r.value;
    objects.set(stem, obj);
  }
  return obj;
}

export function goldenText(name: string): string {
  return new TextDecoder().decode(readFixture(`golden/libbpf/${name}`));
}
