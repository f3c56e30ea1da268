// ESLint flat config: typescript-eslint recommended (syntax-only, not type-aware, to stay fast)
// plus per-layer `no-restricted-imports` that mirror the layering table in docs/ARCHITECTURE.md.
// scripts/check-layers.mjs enforces the same table by resolving every relative import.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test-utils/**', '**/testing/**'];

/** `fs`, `path`, `fs/promises`, … — Node built-ins without the `node:` prefix. */
const NODE_BUILTIN_PATHS = builtinModules
  .filter((name) => !name.startsWith('_') && !name.startsWith('node:'))
  .map((name) => ({ name, message: 'Node built-ins are only for src/cli (and tests).' }));
const NODE_PREFIX = { group: ['node:*'], message: 'node:* is only for src/cli (and tests).' };
const REACT = {
  regex: '^(react|react-dom|zustand|monaco-editor|@tanstack/)',
  message: 'UI libraries belong in src/ui.',
};
/** Relative imports that reach into another layer, by the folder name in the specifier. */
const layer = (name, message) => ({ regex: `(^|/)${name}(/|$)`, message });
const TO_UI = layer('ui', 'Only src/ui may import src/ui.');
const TO_CLI = layer('cli', 'Only src/cli may import src/cli.');
const TO_WORKER = layer('worker', 'This layer may not import src/worker.');
const TO_TEST_UTILS = layer('test-utils', 'Test helpers are for tests only.');
const TO_WORKER_INTERNALS = {
  regex: '(^|/)worker/(?!(protocol|client)$)',
  message: 'src/ui may import only worker/protocol and worker/client; the rest runs in the worker.',
};

/** One `no-restricted-imports` rule per layer; tests may also use node:* (fixtures). */
function restrict({ paths = [], patterns = [] }) {
  return ['error', { paths, patterns }];
}

export default defineConfig(
  globalIgnores([
    'dist/',
    'dist-lib/',
    'dist-cli/',
    'node_modules/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    'fixtures/',
    'public/',
    '.bench/',
    '.fuzz/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  // Node-run JavaScript and config files.
  {
    files: ['**/*.{js,mjs,cjs}', '*.config.ts', 'e2e/**', 'scripts/**'],
    languageOptions: { globals: globals.node },
  },
  // --- layering -----------------------------------------------------------------------------
  {
    files: ['src/core/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrict({
        paths: NODE_BUILTIN_PATHS,
        patterns: [NODE_PREFIX, REACT, TO_UI, TO_CLI, TO_WORKER, TO_TEST_UTILS],
      }),
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/worker/**'],
    ignores: TEST_FILES,
    languageOptions: { globals: globals.worker },
    rules: {
      'no-restricted-imports': restrict({
        paths: NODE_BUILTIN_PATHS,
        patterns: [NODE_PREFIX, REACT, TO_UI, TO_CLI, TO_TEST_UTILS],
      }),
    },
  },
  {
    files: ['src/ui/**'],
    ignores: TEST_FILES,
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict({
        paths: NODE_BUILTIN_PATHS,
        patterns: [NODE_PREFIX, TO_CLI, TO_WORKER_INTERNALS, TO_TEST_UTILS],
      }),
    },
  },
  {
    files: ['src/cli/**'],
    ignores: TEST_FILES,
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict({ patterns: [REACT, TO_UI, TO_WORKER, TO_TEST_UTILS] }),
    },
  },
  // Tests keep the direction of the layering but may read fixtures with node:* and use the
  // shared helpers in src/test-utils.
  {
    files: ['src/test-utils/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: TEST_FILES.map((glob) => `src/core/${glob}`),
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': restrict({ patterns: [REACT, TO_UI, TO_CLI, TO_WORKER] }) },
  },
  {
    files: TEST_FILES.map((glob) => `src/worker/${glob}`),
    languageOptions: { globals: { ...globals.node, ...globals.worker } },
    rules: { 'no-restricted-imports': restrict({ patterns: [REACT, TO_UI, TO_CLI] }) },
  },
  {
    files: TEST_FILES.map((glob) => `src/ui/${glob}`),
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-restricted-imports': restrict({ patterns: [TO_CLI] }) },
  },
  {
    files: TEST_FILES.map((glob) => `src/cli/${glob}`),
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': restrict({ patterns: [REACT, TO_UI, TO_WORKER] }) },
  },
);
