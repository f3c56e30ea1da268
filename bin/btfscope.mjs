#!/usr/bin/env node
// Launcher: runs the CLI bundle dist/cli.cjs (scripts/build-cli.mjs, npm `prepare`).
//
// The bundle is compiled as a classic script with V8's code cache, kept in
// $XDG_CACHE_HOME/btfscope (or ~/.cache/btfscope) under a hash of the bundle, the Node
// version, the architecture and Node's flags: later runs skip most parsing and compiling (a
// cold vmlinux.h dump compiles ~20 ms of JavaScript otherwise). V8 rejects a cache that does
// not fit and the launcher then writes a new one; a cache directory that cannot be written
// only means no cache. BTFSCOPE_NO_CODE_CACHE=1 turns it off. Only compiled code is cached,
// never anything derived from input files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// A CLI run is one cold pass: TurboFan's inlining costs more compile time (on the same few
// cores) than it wins back. A smaller inlining budget cut a vmlinux.h dump's total CPU by
// ~15% (read at each optimization, so setting it before the bundle loads is enough).
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
let source;
try {
  source = readFileSync(bundle, 'utf8');
} catch {
  console.error('btfscope: the CLI is not built; run `npm run prepare` (or `npm install`) first.');
  process.exitCode = 3;
}
if (source !== undefined) {
  try {
    process.exitCode = await run(source);
  } catch (e) {
    // main() turns a command's exceptions into exit code 3 itself; this is the rest (the
    // bundle failing to load): one line too, the stack only on request.
    const debug = process.env.BTFSCOPE_DEBUG && process.env.BTFSCOPE_DEBUG !== '0';
    console.error(`btfscope: internal error: ${e?.message ?? e}${debug ? `\n${e?.stack ?? ''}` : ' (set BTFSCOPE_DEBUG=1 for the stack)'}`);
    process.exitCode = 3;
  }
}

async function run(source) {
  const file = cacheFile(source);
  let data;
  if (file) {
    try {
      data = checked(readFileSync(file));
    } catch {
      // No cache yet.
    }
  }
  // Node's own CommonJS wrapper, on the first line so that line numbers stay right.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: data,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const code = await module.exports.main(process.argv.slice(2));
  // Written after the run, so the functions it compiled are in the cache too.
  if (file && (!data || script.cachedDataRejected)) saveCache(file, sealed(script.createCachedData()));
  return code;
}

function cacheFile(source) {
  if (process.env.BTFSCOPE_NO_CODE_CACHE) return undefined;
  try {
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'btfscope');
    // Node flags change V8's flags, which make V8 reject a cache: one cache per set of them.
    // The bundle's path too: V8 keeps the script name in the cache, and a stack trace should
    // name this checkout's file, not another's with the same bundle.
    const env = `\0${bundle}\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`;
    const key = createHash('sha256').update(source).update(env).digest('hex').slice(0, 20);
    return join(dir, `cli-${key}.v8cache`);
  } catch {
    return undefined;
  }
}

// V8 checks a cache's version, flags and source length, but not its bytes: a damaged file
// would crash it. So the file starts with the SHA-256 of the rest.
function sealed(bytes) {
  return Buffer.concat([createHash('sha256').update(bytes).digest(), bytes]);
}

function checked(file) {
  const bytes = file.subarray(32);
  return file.length > 32 && createHash('sha256').update(bytes).digest().equals(file.subarray(0, 32)) ? bytes : undefined;
}

function saveCache(file, bytes) {
  try {
    const dir = dirname(file);
    // Two levels by hand: Node 20's recursive mkdir loops forever under some parents (/proc).
    for (const d of [dirname(dir), dir]) {
      try {
        mkdirSync(d);
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
    }
    // Write and rename: a concurrent run reads either no file or a whole one.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    // Caches of earlier bundles are dead weight once unused for a while (not at once: two
    // installed versions would keep deleting each other's).
    const old = Date.now() - 30 * 86400_000;
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (f.startsWith('cli-') && f.endsWith('.v8cache') && p !== file && statSync(p).mtimeMs < old) rmSync(p, { force: true });
    }
  } catch {
    // Read-only or full: run without a cache.
  }
}
