import { describe, expect, it } from 'vitest';
import { Hasher, hashMember, hashPair, memberHashes } from './hash';

describe('hash helpers', () => {
  it('memberHashes equals hashPair + hashMember, which equal the Hasher chain', () => {
    const out = new Float64Array(2);
    const h = (s: string) => new Hasher().str(s).value();
    const cases: number[][] = [
      [14, 0, h('state'), 0, 128, 0, 8, h('long')],
      [14, h('u'), h('__state'), h('union'), 192, 3, -1, 1],
      [14, 2 ** 53 - 1, 1, 2 ** 40 + 7, 0xffffffff, 0x80000000, 0x7fffffff, 2 ** 52 + 3],
    ];
    for (const [seed, prefix, name, cont, i1, i2, i3, type] of cases) {
      memberHashes(seed!, prefix!, name!, cont!, i1!, i2!, i3!, type!, out);
      const key = hashPair(seed!, prefix!, name!);
      expect(key).toBe(new Hasher(seed).hash(prefix!).hash(name!).value());
      expect(out[0]).toBe(key);
      const sig = hashMember(seed!, key, cont!, i1!, i2!, i3!, type!);
      expect(sig).toBe(new Hasher(seed).hash(key).hash(cont!).int(i1!).int(i2!).int(i3!).hash(type!).value());
      expect(out[1]).toBe(sig);
    }
  });
});
