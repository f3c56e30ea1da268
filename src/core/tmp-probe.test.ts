import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { openBtf } from './open-btf';
import { writeCHeader } from './c-dump/c-header';
it('probe', () => {
  const bytes = new Uint8Array(readFileSync('.fuzz/artifacts/c-dump/timeout-efd54726e8e7b8be780318329f72041d21b5f4d7'));
  const r = openBtf(bytes);
  let n = 0; let chunks = 0;
  const s = performance.now();
  try { writeCHeader(r.value!.btf, (c) => { n += c.length; chunks++; }); } catch (e) { console.log('THROW', (e as Error).message); }
  console.log('chars', n, 'chunks', chunks, 'ms', performance.now() - s, r.value!.btf.typeCount);
});
