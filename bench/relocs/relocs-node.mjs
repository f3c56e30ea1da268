// btfscope side of the relocs benchmark (see bench/relocs/suite.mjs).
//
//   node bench/relocs/relocs-node.mjs <core-bundle> <mode> <obj.bpf.o> <kernel.btf>...
//
// mode 0: import the bundle and read every file, nothing else (the baseline a cold run
//         subtracts); mode 1: parse the kernels and the object, then relocate the object
//         against all kernels at once (one relocateObject call), as `btfscope relocs` does.
// Prints one JSON line: {"parse_ms", "relocate_ms", "total_ms", "relocations", "logs": [[line…] per kernel], "maxrss_kb"}.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';

const [bundle, mode, obj, ...kernels] = process.argv.slice(2);
if (!bundle || !obj || !kernels.length) {
  console.error('usage: relocs-node.mjs <core-bundle> <mode> <obj.bpf.o> <kernel.btf>...');
  process.exit(2);
}
const core = await import(pathToFileURL(bundle).href);
const objBytes = new Uint8Array(readFileSync(obj));
const kernelBytes = kernels.map((k) => new Uint8Array(readFileSync(k)));
if (mode === '0') {
  console.log(JSON.stringify({ parse_ms: 0, relocate_ms: 0, total_ms: 0, relocations: 0, logs: [], maxrss_kb: resourceUsage().maxRSS }));
  process.exit(0);
}
const t0 = performance.now();
const targets = kernelBytes.map((bytes, i) => {
  const r = core.parseBtf(bytes);
  if (!r.value) throw new Error(`${kernels[i]}: ${JSON.stringify(r.diagnostics)}`);
  return { label: kernels[i], btf: r.value };
});
const parsed = core.parseBpfObject(objBytes);
if (!parsed.value) throw new Error(`${obj}: ${JSON.stringify(parsed.diagnostics)}`);
const t1 = performance.now();
const report = core.relocateObject(parsed.value, targets);
const t2 = performance.now();
console.log(
  JSON.stringify({
    parse_ms: t1 - t0,
    relocate_ms: t2 - t1,
    total_ms: t2 - t0,
    relocations: report.relocations.length,
    logs: report.targets.map((t) => t.libbpfLog),
    maxrss_kb: resourceUsage().maxRSS,
  }),
);
