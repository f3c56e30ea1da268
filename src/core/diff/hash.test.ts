import { describe, expect, it } from 'vitest';
import { Hasher, memberHashes } from './hash';

describe('hash helpers', () => {
  it('memberHashes equals the Hasher chain for the key and the signature', () => {
    const out = new Float64Array(2);
    const h = (s: string) => new Hasher().str(s).value();
    const cases: number[][] = [
      [14, 0, h('state'), 0, 128, 0, 8, h('long')],
      [14, h('u'), h('__state'), h('union'), 192, 3, -1, 1],
      [14, 2 ** 53 - 1, 1, 2 ** 40 + 7, 0xffffffff, 0x80000000, 0x7fffffff, 2 ** 52 + 3],
    ];
    for (const [seed, prefix, name, cont, i1, i2, i3, type] of cases) {
      memberHashes(seed!, prefix!, name!, cont!, i1!, i2!, i3!, type!, out);
      const key = new Hasher(seed).hash(prefix!).hash(name!).value();
      expect(out[0]).toBe(key);
      expect(out[1]).toBe(new Hasher(seed).hash(key).hash(cont!).int(i1!).int(i2!).int(i3!).hash(type!).value());
    }
  });

  it('cstr (in place, word at a time), bytes and str agree for every length, alignment and ending', () => {
    const enc = new TextEncoder();
    const names = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'sk_buff', 'task_struct', '__state', 'x'.repeat(37), 'é', 'naïve_ß', '\x7f\x01z'];
    for (const name of names) {
      const want = new Hasher(3).str(name).int(9).value();
      const raw = enc.encode(name);
      expect(new Hasher(3).bytes(raw).int(9).value()).toBe(want);
      for (let pad = 0; pad < 4; pad++) {
        // NUL-terminated, and also cut off by the end of the buffer with no NUL.
        for (const terminated of [true, false]) {
          const buf = new Uint8Array(pad + raw.length + (terminated ? 1 : 0));
          buf.fill(0x55, 0, pad);
          buf.set(raw, pad);
          const dv = new DataView(buf.buffer);
          expect(new Hasher(3).cstr(buf, dv, pad, buf.length).int(9).value()).toBe(want);
        }
        const tail = new Uint8Array(pad + raw.length + 8).fill(0x41);
        tail.set(raw, pad);
        tail[pad + raw.length] = 0;
        expect(new Hasher(3).cstr(tail, new DataView(tail.buffer), pad, tail.length).int(9).value()).toBe(want);
      }
    }
    // Different splits of the same bytes differ.
    expect(new Hasher().str('ab').str('c').value()).not.toBe(new Hasher().str('a').str('bc').value());
    expect(new Hasher().str('abcd').value()).not.toBe(new Hasher().str('abc').value());
  });
});
