#!/usr/bin/env node
// `npm start`: production build of the web app (dist/app), then serve it with `vite preview` on
// localhost, port 4173 or the next free one.
import { build, preview } from 'vite';

console.log('Building btfscope…');
await build({ logLevel: 'warn' });

const server = await preview({
  logLevel: 'warn',
  preview: { host: 'localhost', port: 4173, strictPort: false, open: false },
});
const url = server.resolvedUrls?.local[0] ?? 'http://localhost:4173/';
console.log(`\nbtfscope is running at ${url}\nPress Ctrl+C to stop.`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
