import { describe, expect, it } from 'vitest';
import { JsonByteWriter } from './json-writer';

/** What the writer produced, as one byte array (chunks copied: the writer reuses its buffer). */
function written(value: unknown, chunks: Uint8Array[] = []): Uint8Array {
  // Copied: the writer reuses its buffer (and a Buffer's slice() is a view, not a copy).
  const w = new JsonByteWriter((c) => void chunks.push(Uint8Array.from(c)));
  w.write(value);
  w.text('\n');
  w.flush();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const expected = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

describe('JsonByteWriter', () => {
  it.each([
    ['scalars', [0, -0, 1.5, -1e21, 1e-7, NaN, Infinity, true, false, null, '', 'a']],
    ['empty containers', { a: {}, b: [], c: [[], {}], d: [{}] }],
    ['skipped values', { u: undefined, f: () => 1, s: Symbol('x'), keep: 1, arr: [undefined, () => 1, Symbol('y')] }],
    ['escapes', { q: 'a"b\\c', c: '\n\t\r\b\f\u0000\u001f\u007f', k: { 'a"\n': 1 } }],
    ['non-ASCII and lone surrogates', { s: 'é→🙂', lone: '\ud800x\udfff', mixed: 'ok then ü' }],
    ['integer-like keys first, as Object.keys', { b: 1, 2: 'two', a: 2, 1: 'one' }],
    ['toJSON and wrappers', { d: { toJSON: (k: string) => `key ${k}` }, n: Object(3), s: Object('x'), b: Object(false), nested: { toJSON: () => ({ x: [1, { toJSON: () => undefined }] }) } }],
    ['deep nesting', JSON.parse('[' + '{"a":['.repeat(30) + '1' + ']}'.repeat(30) + ']')],
  ])('%s: the bytes of JSON.stringify(v, null, 2)', (_, value) => {
    const got = written(value);
    expect(Buffer.from(got).toString('utf8')).toBe(Buffer.from(expected(value)).toString('utf8'));
    expect(Buffer.from(got).equals(expected(value))).toBe(true);
  });

  it('writes the same bytes across chunk boundaries, with long strings and many small ones', () => {
    const value = {
      long: 'x'.repeat(300_000),
      longEscaped: '"\n'.repeat(70_000),
      longUnicode: 'ü'.repeat(100_000),
      rows: Array.from({ length: 40_000 }, (_, i) => ({ name: `n${i}`, v: i % 7 ? i : 'é', ok: i % 2 === 0 })),
    };
    const chunks: Uint8Array[] = [];
    // Buffer.equals: toEqual compares megabytes element by element.
    expect(Buffer.from(written(value, chunks)).equals(expected(value))).toBe(true);
    expect(chunks.length).toBeGreaterThan(4);
    // Memory stays flat: no chunk bigger than the buffer, except a string too long for it.
    expect(chunks.filter((c) => c.length > 1 << 18).length).toBeLessThanOrEqual(3);
  });

  it('throws on a bigint as JSON.stringify does', () => {
    expect(() => written({ a: 1n })).toThrow(TypeError);
  });
});
