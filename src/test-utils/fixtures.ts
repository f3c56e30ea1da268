/**
 * Test-only access to the committed fixtures (node only; never shipped, so outside src/core).
 *
 * Fixtures are committed xz-compressed. A developer checkout may hold the uncompressed
 * copies beside them; otherwise they are decompressed once with the `xz` binary into
 * node_modules/.cache/btfscope-fixtures/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Btf } from '../core/btf/btf';
import { parseBtf } from '../core/btf/parse-btf';
import { openBtf } from '../core/open-btf';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'fixtures');
const CACHE = join(ROOT, 'node_modules/.cache/btfscope-fixtures');

export const KERNEL_VERSIONS = ['5.10', '6.1', '6.12', '6.18'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

export const MODULES: readonly { name: string; base: KernelVersion }[] = [
  { name: 'ext4-6.1', base: '6.1' },
  { name: 'tcp_bbr-6.1', base: '6.1' },
  { name: 'nf_conntrack-6.12', base: '6.12' },
];

/** Bytes of a fixture path relative to fixtures/, decompressing `<path>.xz` when needed. */
export function readFixture(rel: string): Uint8Array {
  const plain = join(FIXTURES, rel);
  if (existsSync(plain)) return new Uint8Array(readFileSync(plain));
  const cached = join(CACHE, rel);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const xz = plain + '.xz';
  if (!existsSync(xz)) throw new Error(`fixture ${rel} not found (neither ${plain} nor ${xz})`);
  const out = execFileSync('xz', ['-dc', xz], { maxBuffer: 1 << 30 });
  mkdirSync(dirname(cached), { recursive: true });
  // Test workers run in parallel: write aside, then rename, so no one reads a partial file.
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, cached);
  return new Uint8Array(out);
}

/** Text of an xz-compressed golden file, e.g. 'golden/bpftool/vmlinux-6.1.raw.txt'. */
export function readGoldenText(rel: string): string {
  return new TextDecoder().decode(readFixture(rel));
}

const kernelCache = new Map<string, Btf>();

export function kernelBytes(v: KernelVersion): Uint8Array {
  return readFixture(`kernels/vmlinux-${v}.btf`);
}

/** The parsed kernel fixture (cached per test worker). */
export function loadKernelFixture(v: KernelVersion): Btf {
  let btf = kernelCache.get(v);
  if (!btf) {
    const r = parseBtf(kernelBytes(v));
    if (!r.value) throw new Error(`kernel fixture ${v} did not parse: ${JSON.stringify(r.diagnostics)}`);
    btf = r.value;
    kernelCache.set(v, btf);
  }
  return btf;
}

/** A module fixture's split BTF on top of its base kernel. */
export function loadModuleFixture(name: string): Btf {
  const m = MODULES.find((x) => x.name === name);
  if (!m) throw new Error(`unknown module fixture ${name}`);
  const r = openBtf(readFixture(`modules/${name}.ko`), { base: loadKernelFixture(m.base) });
  if (!r.value) throw new Error(`module fixture ${name} did not parse: ${JSON.stringify(r.diagnostics)}`);
  return r.value.btf;
}

/** Expected sha256 per golden name from a SHA256SUMS file. */
export function readShaSums(rel: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readGoldenText(rel).split('\n')) {
    const [sha, name] = line.trim().split(/\s+\*?/);
    if (sha && name) m.set(name, sha);
  }
  return m;
}
