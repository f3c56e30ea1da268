/**
 * A plain static file server (node:http, no Vite) for the hosted-site e2e project: serves a
 * build directory under a sub-path with the security headers a documented host sends
 * (docs/hosting.md). `root` is read per request, so a test can swap in another build.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from '../scripts/csp.mjs';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export function serveStatic(opts: { root: () => string; prefix: string; port: number }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === opts.prefix.slice(0, -1)) return void res.writeHead(301, { Location: opts.prefix }).end();
    const rel = normalize(path.startsWith(opts.prefix) ? path.slice(opts.prefix.length) || 'index.html' : '..');
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return void res.writeHead(404).end();
    readFile(join(opts.root(), rel)).then(
      (body) => {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404, SECURITY_HEADERS).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve(server));
  });
}
