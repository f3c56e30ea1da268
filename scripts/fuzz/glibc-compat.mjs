// Jazzer.js's prebuilt libFuzzer addon (fuzzer-linux-x64.node) is linked against glibc 2.38 and
// libstdc++ from GCC 13, for three symbols only: __isoc23_strtol/__isoc23_strtoul (C23 strtol,
// which differs only in accepting 0b prefixes) and std::ios_base_library_init() (GCC 13's
// iostream initialisation hook). On an older system (Debian 12: glibc 2.36, GCC 12) the stock
// binary fails to load. This makes it loadable without a rebuild: a copy whose version needs
// for those two versions are marked weak (so ld.so does not insist on them), plus a tiny shim
// library, preloaded, that defines the three symbols on top of the old ones. Used only when the
// stock addon does not load; nothing in node_modules is changed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** Path of the stock addon, as @jazzer.js/fuzzer computes it. */
export function stockAddonPath() {
  const dist = dirname(require.resolve('@jazzer.js/fuzzer'));
  return join(dist, '..', 'prebuilds', `fuzzer-${process.platform}-${process.arch}.node`);
}

function loads(path, env = process.env) {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path)})`], { env, encoding: 'utf8' });
  return { ok: r.status === 0, why: (r.stderr || '').split('\n').find((l) => /Error/.test(l)) ?? '' };
}

const WEAKEN = new Set(['GLIBC_2.38', 'GLIBCXX_3.4.32', 'GLIBCXX_3.4.31']);

/** Marks the ELF64 LE verneed entries named in WEAKEN as VER_FLG_WEAK; returns how many. */
function weakenVersionNeeds(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error('not an ELF64 LE file');
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true);
  const shnum = dv.getUint16(0x3c, true);
  const sec = (i) => {
    const o = shoff + i * shentsize;
    return { type: dv.getUint32(o + 4, true), offset: Number(dv.getBigUint64(o + 0x18, true)), link: dv.getUint32(o + 0x28, true), info: dv.getUint32(o + 0x2c, true) };
  };
  let n = 0;
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (s.type !== 0x6ffffffe) continue; // SHT_GNU_verneed
    const strtab = sec(s.link).offset;
    const cstr = (o) => {
      let e = strtab + o;
      while (buf[e] !== 0) e++;
      return Buffer.from(buf.subarray(strtab + o, e)).toString('latin1');
    };
    let vn = s.offset;
    for (let k = 0; k < s.info; k++) {
      const cnt = dv.getUint16(vn + 2, true);
      let aux = vn + dv.getUint32(vn + 8, true);
      for (let j = 0; j < cnt; j++) {
        if (WEAKEN.has(cstr(dv.getUint32(aux + 8, true)))) {
          dv.setUint16(aux + 4, dv.getUint16(aux + 4, true) | 2, true); // VER_FLG_WEAK
          n++;
        }
        aux += dv.getUint32(aux + 12, true);
      }
      vn += dv.getUint32(vn + 12, true);
    }
  }
  return n;
}

function writeAtomic(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

const SHIM_C = `#include <stdlib.h>
long __isoc23_strtol(const char *s, char **e, int b) { return strtol(s, e, b); }
unsigned long __isoc23_strtoul(const char *s, char **e, int b) { return strtoul(s, e, b); }
void _ZNSt8ios_base4InitC1Ev(void *);
static char ios_init[16];
void _ZSt21ios_base_library_initv(void) { _ZNSt8ios_base4InitC1Ev(ios_init); }
`;

/**
 * Returns what a process needs in its environment to load the fuzzer addon: {} when the stock
 * one loads, else { env additions } that preload the shim and redirect the addon to the copy.
 * Throws with the loader's message when neither works.
 */
export function fuzzerEnv(dir) {
  const cacheDir = resolve(dir);
  const stock = stockAddonPath();
  const first = loads(stock);
  if (first.ok) return {};
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the Jazzer.js addon does not load: ${first.why}`);
  mkdirSync(cacheDir, { recursive: true });
  const copy = join(cacheDir, 'fuzzer-compat.node');
  const shim = join(cacheDir, 'glibc-compat-shim.so');
  const hook = join(cacheDir, 'redirect-addon.cjs');
  const bytes = new Uint8Array(readFileSync(stock));
  if (weakenVersionNeeds(bytes) === 0) throw new Error(`the Jazzer.js addon does not load: ${first.why}`);
  // Never rewrite a file a running fuzzer has mapped: replace it atomically, and only if changed.
  if (!existsSync(copy) || !Buffer.from(readFileSync(copy)).equals(Buffer.from(bytes))) {
    writeFileSync(`${copy}.${process.pid}.tmp`, bytes);
    renameSync(`${copy}.${process.pid}.tmp`, copy);
  }
  if (!existsSync(shim)) {
    writeFileSync(join(cacheDir, 'glibc-compat-shim.c'), SHIM_C);
    // libstdc++'s ios_base::Init is left undefined: node has libstdc++ loaded when this is.
    const cc = ['cc', 'gcc', 'clang'].find((c) => spawnSync(c, ['--version']).status === 0);
    if (!cc) throw new Error(`the Jazzer.js addon does not load (${first.why}) and no C compiler (cc, gcc, clang) is here to build its glibc shim`);
    execFileSync(cc, ['-shared', '-fPIC', '-O1', '-o', shim, join(cacheDir, 'glibc-compat-shim.c')]);
  }
  writeAtomic(
    hook,
    `const Module = require('module');\nconst load = Module._extensions['.node'];\n` +
      `Module._extensions['.node'] = (m, f) => load(m, f === ${JSON.stringify(stock)} ? ${JSON.stringify(copy)} : f);\n`,
  );
  const env = {
    LD_PRELOAD: [shim, process.env.LD_PRELOAD].filter(Boolean).join(':'),
    NODE_OPTIONS: [`--require=${hook}`, process.env.NODE_OPTIONS].filter(Boolean).join(' '),
  };
  const second = loads(stock, { ...process.env, ...env });
  if (!second.ok) throw new Error(`the Jazzer.js addon does not load, even with the glibc shim: ${second.why}`);
  return env;
}
