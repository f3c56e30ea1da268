/**
 * Seed corpora for the fuzz targets, cut from the fixtures at run time (nothing large is
 * committed): small objects, synthetic BTF, a module's BTF, tiny packings of a small BTF made
 * by the real gzip/xz/zstd/tar, a bzImage-like wrapper, share links made by the encoder,
 * URL fragments and the playground's examples. Also the small kernel the `relocs` target
 * resolves against (fixtures/fuzz/small-kernel.btf, made by makeSmallKernel()).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cutBtf,
  cutForCoreRelos,
  encodeSharePayload,
  findTypes,
  parseBpfObject,
  parseTypeSpec,
  relocateObject,
  targetSpecsOf,
  PLAYGROUND_EXAMPLES,
  type Btf,
} from '../../core';
import { encodeUrlState, DEFAULT_URL_STATE } from '../../ui/url/url-state';
import { FIXTURES, loadKernelFixture, readFixture } from '../fixtures';
import { joinTwo } from './targets';

const enc = new TextEncoder();
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const le32 = (v: number) => new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);

/** Objects small enough to mutate quickly: every fixtures/targets/*.o and the smaller objects. */
function smallObjects(maxBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const dir of ['targets', 'objects']) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!f.endsWith('.o')) continue;
      const b = readFixture(`${dir}/${f}`);
      if (b.length <= maxBytes) out.push(b);
    }
  }
  return out;
}

/** The .BTF of an object, as raw BTF. */
function btfOfObject(bytes: Uint8Array): Uint8Array | undefined {
  const r = parseBpfObject(bytes);
  return r.value?.btf.bytes;
}

/** A few types of a kernel cut out with their shapes: small, kernel-like raw BTF. */
function kernelCut(btf: Btf, names: string[], depth = 1): Uint8Array {
  const ids = names.flatMap((n) => findTypes(btf, parseTypeSpec(n)!, [])).slice(0, 16);
  return cutBtf(btf, ids, { shapeDepth: depth }).value!.bytes;
}

/** The BTF the relocs target resolves against: what the fixture objects touch in 6.1. */
export function makeSmallKernel(): Uint8Array {
  const kernel = loadKernelFixture('6.1');
  const specs = [];
  for (const obj of smallObjects(1 << 20)) {
    const o = parseBpfObject(obj).value;
    if (!o || !o.littleEndian) continue;
    const report = relocateObject(o, [{ label: 'k', btf: kernel }]);
    specs.push(...targetSpecsOf(report, 'k'));
  }
  return cutForCoreRelos(kernel, specs).value!.bytes;
}

function tool(cmd: string, args: string[], input: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync(cmd, args, { input, maxBuffer: 1 << 26 }));
}

function tarOf(name: string, data: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'btfscope-fuzz-'));
  try {
    writeFileSync(join(dir, name), data);
    return new Uint8Array(execFileSync('tar', ['--format=ustar', '-C', dir, '-cf', '-', name], { maxBuffer: 1 << 26 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bzImage-like file: a setup header (protocol 2.15) pointing at `payload`. */
function bzImage(payload: Uint8Array): Uint8Array {
  const setupSects = 3;
  const setup = new Uint8Array((setupSects + 1) * 512);
  setup[0x1f1] = setupSects;
  setup.set([0x48, 0x64, 0x72, 0x53, 0x0f, 0x02], 0x202);
  const pm = new Uint8Array(256).fill(0x90);
  setup.set(le32(pm.length), 0x248);
  setup.set(le32(payload.length), 0x24c);
  return cat(setup, pm, payload, new Uint8Array(32).fill(0xcc));
}

/** Seeds per target name. Deterministic given the fixtures and the packing tools. */
export function makeSeeds(): Record<string, Uint8Array[]> {
  const every = [readFixture('synthetic/every-kind-el.btf'), readFixture('synthetic/every-kind-eb.btf')];
  const objects = smallObjects(8 << 10);
  const objectBtfs = objects.slice(0, 12).map(btfOfObject).filter((b): b is Uint8Array => !!b);
  const k510 = loadKernelFixture('5.10');
  const k61 = loadKernelFixture('6.1');
  const names = ['struct list_head', 'struct sk_buff_head', 'struct file_ra_state', 'struct seqcount', 'union bpf_attr', 'enum bpf_map_type'];
  const cuts = [kernelCut(k510, names), kernelCut(k61, names), kernelCut(k61, ['struct hlist_node', 'struct callback_head', 'typedef atomic_t'], 2)];
  const small = readFixture('fuzz/small-kernel.btf');
  // A module: its BTF is split, so without a base it exercises the split-BTF diagnostics.
  const module = readFixture('modules/tcp_bbr-6.1.ko');
  const btfs = [...every, ...objectBtfs, ...cuts];

  const packings: Uint8Array[] = [];
  const inner = every[0]!;
  packings.push(tool('gzip', ['-9n'], inner), tool('xz', ['-9', '--check=crc32'], inner), tool('xz', ['--check=crc64'], inner));
  packings.push(tool('zstd', ['-19', '-q', '--check'], inner), tarOf('vmlinux.btf', inner), tool('xz', ['--check=crc32'], tarOf('5.4.0.btf', inner)));
  packings.push(bzImage(cat(tool('xz', ['--check=crc32'], inner), le32(inner.length))));
  packings.push(bzImage(cat(tool('zstd', ['-q'], inner), le32(inner.length))));
  packings.push(readFileSync(join(FIXTURES, 'synthetic/xz/code-x86-crc32.xz')).subarray(0, 4096));

  const shares: Uint8Array[] = [];
  const blob = (label: string, bytes: Uint8Array) => ({ label, bytes });
  const payloads = [
    encodeSharePayload({ view: 'type', state: { t: 'struct:list_head' }, blobs: [blob('a', cuts[1]!)] }),
    encodeSharePayload({ view: 'diff', state: { t: 'struct:list_head', tab: 'layout' }, blobs: [blob('a', every[0]!), blob('b', every[1]!)] }),
    encodeSharePayload({ view: 'relocs', state: {}, blobs: [blob('x.bpf.o', objects[0]!), blob('k', small)] }),
    encodeSharePayload({ view: 'types', state: { q: 'task', n: 3, k: ['struct', 'enum'] }, blobs: [{ label: 'vmlinux', ref: 'sample:6.1' }] }),
  ];
  for (const p of payloads) shares.push(cat(Uint8Array.of(0), enc.encode(p)));
  // Mode 1 (base64url of the rest): the same payloads, decoded.
  for (const p of payloads.slice(0, 2)) shares.push(cat(Uint8Array.of(1), Buffer.from(p, 'base64url')));

  const urls = [
    encodeUrlState({ ...DEFAULT_URL_STATE, route: 'types', q: 'task', kinds: ['struct'] }),
    '#/diff?v=1&a=sample:5.10&b=sample:6.1&t=struct:task_struct&tab=layout',
    '#/type?v=1&f=sha256:0123456789abcdef~vmlinux&t=struct:sk_buff',
    '#/relocs?v=1&obj=sample:execsnoop&targets=sample:6.1,sample:6.12&share=AQID',
    '#/types?v=99&f=https://127.0.0.1:9/x&sort=-size&kinds=struct,union',
  ].map((s) => enc.encode(s));

  const playground = PLAYGROUND_EXAMPLES.map((e) => enc.encode(`${e.kernelA}\0${e.kernelB}\0${e.chain}`));

  const diffs = [joinTwo(cuts[0]!, cuts[1]!), joinTwo(every[0]!, every[1]!), joinTwo(objectBtfs[0]!, objectBtfs[1] ?? objectBtfs[0]!)];

  return {
    unpack: [...packings, inner],
    btf: btfs,
    object: [...objects, module],
    relocs: objects,
    'c-dump': [...btfs, objects[0]!, module],
    'raw-dump': [...btfs, module],
    layout: btfs,
    diff: diffs,
    cut: btfs,
    share: shares,
    'url-state': urls,
    playground,
  };
}
