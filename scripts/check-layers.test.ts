import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, findDomGlobals, findImports } from './check-layers.mjs';

let root: string | undefined;

function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'check-layers-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('findImports', () => {
  it('finds static, re-export, type-only, dynamic and require imports, not comments', () => {
    const source = [
      'import { a,',
      "  type B } from './a';",
      "export * from '../b';",
      "import type { C } from './c';",
      "import './side-effect';",
      "// import x from 'node:fs';",
      "const m = await import('./lazy');",
      "const r = require('path');",
    ].join('\n');
    expect(findImports(source)).toEqual([
      { specifier: './a', line: 1 },
      { specifier: '../b', line: 3 },
      { specifier: './c', line: 4 },
      { specifier: './side-effect', line: 5 },
      { specifier: './lazy', line: 7 },
      { specifier: 'path', line: 8 },
    ]);
  });
});

describe('findDomGlobals', () => {
  it('ignores strings, comments and property accesses', () => {
    const source = "const s = 'window.x'; // document.title\nfoo.window.y;\nwindow.alert(1);";
    expect(findDomGlobals(source)).toEqual([{ name: 'window', line: 3 }]);
  });
});

describe('checkLayers', () => {
  it('accepts a clean tree', () => {
    const dir = tree({
      'src/core/btf/btf.ts':
        "import { x } from '../bytes/reader';\nimport { gunzipSync } from 'fflate';",
      'src/core/btf/btf.test.ts':
        "import { readFileSync } from 'node:fs';\nimport { k } from '../../test-utils/fixtures';",
      'src/test-utils/fixtures.ts': "import { execFileSync } from 'node:child_process';",
      'src/worker/session.ts': "import { parse } from '../core';",
      'src/ui/App.tsx':
        "import { useState } from 'react';\nimport { WorkerClient } from '../worker/client';",
      'src/cli/main.ts':
        "import { readFileSync } from 'node:fs';\nimport { parse } from '../core/index';",
    });
    expect(checkLayers(dir)).toEqual([]);
  });

  it('names each violating file and line', () => {
    const dir = tree({
      'src/core/a.ts':
        "import fs from 'fs';\nimport React from 'react';\nconst t = document.title;",
      'src/core/deep/b.ts': "import { App } from '../../ui/App';",
      'src/core/deep/c.ts': "import { k } from '../../test-utils/fixtures';",
      'src/ui/c.tsx': "import { Session } from '../worker/session';",
      'src/worker/d.ts': "import { readFile } from 'node:fs/promises';",
      'src/cli/e.ts': "import { App } from '../ui/App';",
    });
    const found = checkLayers(dir).map((v) => `${v.file}:${v.line}`);
    expect(found).toEqual([
      'src/core/a.ts:1',
      'src/core/a.ts:2',
      'src/core/a.ts:3',
      'src/core/deep/b.ts:1',
      'src/core/deep/c.ts:1',
      'src/worker/d.ts:1',
      'src/ui/c.tsx:1',
      'src/cli/e.ts:1',
    ]);
  });
});
