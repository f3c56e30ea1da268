/** A wrong file through the CLI: named by its magic (issue #16), exit 1. */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-run';

const bytes = (...parts: (string | number[])[]) => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i));
    else out.push(...p);
  }
  return new Uint8Array(out);
};

describe('the CLI says what a wrong file is', () => {
  const png = new Uint8Array(600);
  png.set(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'));

  it('CLI info on a PNG names it, exit 1', async () => {
    const r = await runCli(['info', 'photo.png'], { 'photo.png': png });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^photo\.png: error \[unsupported-format\] at 0x0: this is a PNG image, not BTF;/);
  });

  it('CLI on a gzip-packed PDF names the PDF inside', async () => {
    const r = await runCli(['dump', 'x.gz'], { 'x.gz': gzipSync(bytes('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', [0, 0, 0])) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/this is a PDF document, not BTF/);
  });
});
