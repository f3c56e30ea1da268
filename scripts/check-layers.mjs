#!/usr/bin/env node
// Dependency-free layering check (the ESLint `no-restricted-imports` rules say the same thing by
// import text; this resolves relative imports to real paths, so `../../ui/x` cannot slip by).
//
//   layer        may import (non-test files)
//   src/core     src/core only; plus pure npm packages; no node:*/fs/path, no React, no document./window.
//   src/worker   src/core, src/worker; no node built-ins, no UI libraries
//   src/ui       src/core, src/worker/protocol, src/worker/client, src/ui; no node built-ins
//   src/cli      src/core, src/cli, node:*; no UI libraries
//
// Test files (`*.test.ts(x)`, `test-utils/`, `testing/`) may use node built-ins and the shared
// test helpers in src/test-utils, and ui tests may import any worker file; otherwise they follow
// their layer. src/test-utils itself is test-only and not checked.
//
//   node scripts/check-layers.mjs [repo-root]      exit 0 = clean, 1 = violations (listed)
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LAYERS = ['core', 'worker', 'ui', 'cli'];
/** Path prefixes under src/ (extension stripped) that each layer may import. */
const ALLOWED = {
  core: ['core'],
  worker: ['core', 'worker'],
  ui: ['core', 'ui', 'worker/protocol', 'worker/client'],
  cli: ['core', 'cli'],
};
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.test\.[cm]?[jt]sx?$|(^|\/)(test-utils|testing)\//;
const NODE_BUILTINS = new Set(builtinModules);
const UI_PACKAGE = /^(react|react-dom|zustand|monaco-editor|@tanstack\/)(\/|$)/;

/** Blank out comments (keeping newlines) and optionally string contents. */
function blank(source, { strings }) {
  const token =
    /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\[\s\S]|[^`\\])*`/g;
  return source.replace(token, (match) => {
    const isComment = match.startsWith('/*') || match.startsWith('//');
    if (!isComment && !strings) return match;
    const quote = isComment ? '' : match[0];
    const body = isComment ? match : match.slice(1, -1);
    return quote + body.replace(/[^\n]/g, ' ') + quote;
  });
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** @returns {{ specifier: string, line: number }[]} */
export function findImports(source) {
  const code = blank(source, { strings: false });
  const found = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split('\n').length;
      found.push({ specifier: match[1], line });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** @returns {{ name: string, line: number }[]} uses of `document.` / `window.` outside comments and strings. */
export function findDomGlobals(source) {
  const code = blank(source, { strings: true });
  const found = [];
  for (const match of code.matchAll(/(?<![\w$.])(document|window)\s*\./g)) {
    found.push({ name: match[1], line: code.slice(0, match.index).split('\n').length });
  }
  return found;
}

function isNodeBuiltin(specifier) {
  return (
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier.split('/')[0]) ||
    NODE_BUILTINS.has(specifier)
  );
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* walk(full);
    } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

/**
 * Checks every source file under `<root>/src/{core,worker,ui,cli}`.
 * @returns {{ file: string, line: number, message: string }[]} violations; `file` is relative to root.
 */
export function checkLayers(root) {
  const src = path.join(root, 'src');
  const violations = [];
  for (const layer of LAYERS) {
    for (const file of walk(path.join(src, layer))) {
      const relFile = path.relative(root, file).split(path.sep).join('/');
      const isTest = TEST_FILE.test(relFile);
      const source = readFileSync(file, 'utf8');
      const report = (line, message) => violations.push({ file: relFile, line, message });

      for (const { specifier, line } of findImports(source)) {
        if (specifier.startsWith('.')) {
          const target = path
            .relative(src, path.resolve(path.dirname(file), specifier.replace(/\?.*$/, '')))
            .split(path.sep)
            .join('/')
            .replace(/\.[cm]?[jt]sx?$/, '')
            .replace(/\/index$/, '');
          if (target.startsWith('..')) {
            if (layer === 'core') report(line, `imports '${specifier}' from outside src/core`);
            continue;
          }
          const allowed = isTest
            ? [...ALLOWED[layer], 'test-utils', ...(layer === 'ui' ? ['worker'] : [])]
            : ALLOWED[layer];
          if (!allowed.some((prefix) => target === prefix || target.startsWith(`${prefix}/`))) {
            report(
              line,
              `imports '${specifier}' (src/${target}); src/${layer} may import only ${allowed.map((p) => `src/${p}`).join(', ')}`,
            );
          }
        } else if (isNodeBuiltin(specifier)) {
          if (!isTest && layer !== 'cli') {
            report(line, `imports '${specifier}'; node built-ins are only for src/cli and tests`);
          }
        } else if (UI_PACKAGE.test(specifier) && layer !== 'ui') {
          report(line, `imports '${specifier}'; UI libraries are only for src/ui`);
        }
      }

      if (layer === 'core' && !isTest) {
        for (const { name, line } of findDomGlobals(source)) {
          report(line, `uses '${name}.'; src/core must run without a DOM (worker, node)`);
        }
      }
    }
  }
  return violations;
}

function main() {
  const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const violations = checkLayers(root);
  for (const { file, line, message } of violations) console.error(`${file}:${line}: ${message}`);
  if (violations.length > 0) {
    console.error(
      `check-layers: ${violations.length} layering violation(s); see docs/ARCHITECTURE.md`,
    );
    process.exitCode = 1;
  } else {
    console.log('check-layers: ok');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  main();
