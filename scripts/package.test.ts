/**
 * The npm package as a user gets it: `npm pack` (which runs `prepack`: the library and the CLI
 * bundle), the tarball installed into an empty directory, and there
 * - a Node script imports the API and prints task_struct's size from a fixture kernel and a
 *   CO-RE relocation result of a fixture object (compared with the sources' answer);
 * - an esbuild browser bundle of the same calls builds with no Node built-in in it, and runs in
 *   Chromium (the kernel and object handed to the page by a loopback server);
 * - `npx btfscope --version` prints the version; a consumer's TypeScript (NodeNext) type-checks
 *   against the declarations;
 * - the tarball holds only the library, the CLI, README, LICENSE and package.json.
 * Packing builds the library (~1 min on two busy cores), so `npm test` runs this file once, as its
 * own step (`npm run test:package`, which sets BTFSCOPE_PACKAGE_TEST=1); the unit step skips it.
 * npm runs offline (tests reach loopback only): the dependencies come from the npm cache, which
 * the project's own `npm ci`/`npm install` filled with them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLayout, openFile, relocate } from '../src/core/api';
import { FIXTURES, ROOT } from '../src/test-utils/fixtures';

const KERNEL = join(FIXTURES, 'kernels/vmlinux-6.1.btf.xz');
const OBJECT = join(FIXTURES, 'objects/task_state-el.bpf.o');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The calls a user makes; `read` is fs.readFile in Node and fetch in the page. */
const USAGE = `
import { openFile, listTypes, getLayout, relocate } from 'btfscope';
export async function demo(read) {
  const kernel = await openFile(await read('kernel'));
  const obj = await openFile(await read('object'));
  const [row] = listTypes(kernel.value.btf, { kind: 'struct', name: 'task_struct' });
  const layout = getLayout(kernel.value.btf, 'task_struct').value;
  const report = relocate(obj.value, [{ label: 'vmlinux-6.1', btf: kernel.value }]);
  const relos = report.relocations.map((v) => v.access + ' ' + v.results[0].result + ' ' + v.results[0].before + '->' + v.results[0].after);
  return { size: row.size, layoutSize: layout.byteSize, relos };
}
`;

/** The same answer from the TypeScript sources. */
async function expected() {
  const kernel = (await openFile(new Uint8Array(readFileSync(KERNEL)))).value!;
  const obj = (await openFile(new Uint8Array(readFileSync(OBJECT)))).value!;
  const report = relocate(obj, [{ label: 'vmlinux-6.1', btf: kernel }]);
  const size = getLayout(kernel.btf, 'task_struct').value!.byteSize;
  const relos = report.relocations.map((v) => `${v.access} ${v.results[0]!.result} ${v.results[0]!.before}->${v.results[0]!.after}`);
  return { size, layoutSize: size, relos };
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_offline: 'true' } });
}

describe.skipIf(!process.env.BTFSCOPE_PACKAGE_TEST)('npm package', () => {
  let dir: string;
  let tarball: string;
  let files: { path: string; size: number }[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'btfscope-pack-'));
    // prepack/prepare print their lines before npm's JSON.
    const out = run('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
    const info = (JSON.parse(out.slice(out.search(/^\[/m))) as { filename: string; size: number; files: { path: string; size: number }[] }[])[0]!;
    tarball = join(dir, info.filename);
    files = info.files;
    console.log(`npm package: ${info.filename}, ${(info.size / 1024).toFixed(0)} KiB packed, ${files.length} files`);
    expect(info.size).toBeLessThan(2 << 20);
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the library, the CLI, README and LICENSE; no fixtures, tests or sources', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/btfscope.mjs', 'dist/cli.cjs', 'dist-lib/index.js', 'dist-lib/types/api.d.ts']));
    const stray = paths.filter((p) => !/^(package\.json|README\.md|LICENSE|bin\/btfscope\.mjs|dist\/cli\.cjs|dist-lib\/index\.js|dist-lib\/types\/.+\.d\.ts)$/.test(p));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => /fixtures|test|samples|\.map$/.test(p))).toEqual([]);
  });

  it('works from Node: task_struct size and a relocation result', async () => {
    const app = join(dir, 'app');
    writeFileSync(join(app, 'usage.js'), USAGE);
    writeFileSync(
      join(app, 'node.js'),
      `import { readFile } from 'node:fs/promises';\nimport { demo } from './usage.js';\n` +
        `const paths = { kernel: ${JSON.stringify(KERNEL)}, object: ${JSON.stringify(OBJECT)} };\n` +
        `console.log(JSON.stringify(await demo(async (k) => new Uint8Array(await readFile(paths[k])))));\n`,
    );
    const got = JSON.parse(run(process.execPath, ['node.js'], app)) as Awaited<ReturnType<typeof expected>>;
    expect(got).toEqual(await expected());
    expect(got.size).toBe(9792);
    expect(got.relos.length).toBeGreaterThan(0);
  });

  it('bundles for the browser without Node built-ins and runs in Chromium', async () => {
    const app = join(dir, 'app');
    writeFileSync(join(app, 'usage.js'), USAGE);
    writeFileSync(
      join(app, 'page.js'),
      `import { demo } from './usage.js';\n` +
        `demo(async (k) => new Uint8Array(await (await fetch('/' + k)).arrayBuffer()))` +
        `.then((r) => { window.result = r; }, (e) => { window.result = { error: String(e && e.stack || e) }; });\n`,
    );
    const esbuild = await import('esbuild');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const nodeImports: string[] = [];
    await esbuild.build({
      entryPoints: [join(app, 'page.js')],
      absWorkingDir: app,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile: join(app, 'out/page.js'),
      logLevel: 'silent',
      plugins: [
        {
          name: 'no-node-builtins',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (a) => {
              if (builtins.has(a.path)) nodeImports.push(`${a.path} (from ${a.importer})`);
              return undefined;
            });
          },
        },
      ],
    });
    // xz-decompress's UMD wrapper names stream/web; its package.json maps it away for browsers.
    expect(nodeImports.filter((i) => !(i.startsWith('stream/web (') && i.includes('/node_modules/xz-decompress/')))).toEqual([]);

    const bodies: Record<string, Buffer | string> = {
      '/': '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
      '/page.js': readFileSync(join(app, 'out/page.js')),
      '/kernel': readFileSync(KERNEL),
      '/object': readFileSync(OBJECT),
    };
    const server = createServer((req, res) => {
      const body = bodies[req.url ?? ''];
      const type = req.url === '/' ? 'text/html' : req.url === '/page.js' ? 'text/javascript' : 'application/octet-stream';
      res.writeHead(body ? 200 : 404, { 'content-type': type }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { chromium } = await import('@playwright/test');
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      const page = await browser.newPage();
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const foreign: string[] = [];
      page.on('request', (r) => void (r.url().startsWith(origin) || foreign.push(r.url())));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
      const got = await page.evaluate(() => (window as unknown as { result: unknown }).result);
      expect(got).toEqual(await expected());
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('npx btfscope --version prints the version; the CLI runs', () => {
    const app = join(dir, 'app');
    expect(run('npx', ['btfscope', '--version'], app)).toBe(`${version}\n`);
    expect(run('npx', ['btfscope', 'layout', KERNEL, 'task_struct'], app)).toContain('/* size: 9792, cachelines: 153, members: ');
  });

  it('type-checks in a NodeNext TypeScript project', () => {
    const app = join(dir, 'app');
    writeFileSync(
      join(app, 'check.ts'),
      `import { openFile, getLayout, relocate, type StructLayout, type RelocationReport, ErrorCode } from 'btfscope';\n` +
        `const f = await openFile(new Uint8Array(0));\n` +
        `const layout: StructLayout | undefined = f.value ? getLayout(f.value.btf, 'task_struct').value : undefined;\n` +
        `const r: RelocationReport | undefined = f.value?.object ? relocate(f.value, []) : undefined;\n` +
        `const code: string = ErrorCode.TypeNotFound;\n` +
        `// @ts-expect-error: the API has no such call\n` +
        `openFile.nonsense;\n` +
        `export { layout, r, code };\n`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], strict: true, noEmit: true, skipLibCheck: false } , files: ['check.ts'] }),
    );
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  });
});
