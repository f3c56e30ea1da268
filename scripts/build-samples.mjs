#!/usr/bin/env node
// Generates public/samples/ (the bundled demo) from the committed fixtures: the four kernels'
// BTF as .btf.xz (the app unpacks xz itself), one split-BTF module and a few CO-RE sample
// objects, plus index.json listing them with size and sha256. Nothing is committed twice:
// public/samples/ is git-ignored and rebuilt by the Vite plugin in vite.config.ts (so
// `npm run dev`, `npm run build`, `npm start` and the e2e server all have it) or by hand:
//
//   node scripts/build-samples.mjs            copies only what changed; prints nothing when up to date
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'public/samples');

/** id → source under fixtures/, role, label, one-line description. */
export const SAMPLES = [
  ['5.10', 'kernels/vmlinux-5.10.btf.xz', 'kernel', 'Debian 11 (bullseye) kernel 5.10.223'],
  ['6.1', 'kernels/vmlinux-6.1.btf.xz', 'kernel', 'Debian 12 (bookworm) kernel 6.1.176'],
  ['6.12', 'kernels/vmlinux-6.12.btf.xz', 'kernel', 'Debian 13 (trixie) kernel 6.12.117'],
  ['6.18', 'kernels/vmlinux-6.18.btf.xz', 'kernel', 'a 6.18.44 kernel'],
  ['ext4-6.1', 'modules/ext4-6.1.ko.xz', 'module', 'ext4 module of 6.1: split BTF on top of vmlinux 6.1'],
  ['task_state', 'objects/task_state-el.bpf.o', 'object', 'task_struct state → __state with ___flavors; kernel bitfields'],
  ['execsnoop', 'objects/execsnoop-el.bpf.o', 'object', 'classic execve tracer: task->real_parent->tgid, creds, mm'],
  ['netdev', 'objects/netdev-el.bpf.o', 'object', 'sk_buff, sock and net_device through anonymous unions'],
  ['missing', 'objects/missing-el.bpf.o', 'object', 'fields and types that vanished: poisoned instructions'],
  ['cgroup_sock', 'objects/cgroup_sock-el.bpf.o', 'object', 'cgroup socket hooks: flexible arrays, a renamed member'],
].map(([id, from, role, description]) => ({ id, from, role, description }));

export function buildSamples({ quiet = false } = {}) {
  mkdirSync(OUT, { recursive: true });
  const entries = [];
  for (const s of SAMPLES) {
    const src = join(ROOT, 'fixtures', s.from);
    if (!existsSync(src)) {
      if (!quiet) console.warn(`build-samples: ${s.from} is missing; sample '${s.id}' left out`);
      continue;
    }
    const file = s.from.split('/').pop();
    const dest = join(OUT, file);
    const srcStat = statSync(src);
    if (!existsSync(dest) || statSync(dest).size !== srcStat.size || statSync(dest).mtimeMs < srcStat.mtimeMs) {
      copyFileSync(src, dest);
    }
    const bytes = readFileSync(dest);
    entries.push({
      id: s.id,
      file,
      role: s.role,
      description: s.description,
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  const index = JSON.stringify({ version: 1, samples: entries }, null, 2) + '\n';
  const indexPath = join(OUT, 'index.json');
  if (!existsSync(indexPath) || readFileSync(indexPath, 'utf8') !== index) writeFileSync(indexPath, index);
  return entries;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entries = buildSamples();
  console.log(`build-samples: ${entries.length} samples in public/samples/`);
}
