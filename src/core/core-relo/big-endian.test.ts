/**
 * Big-endian objects (`clang -target bpfeb`) against their little-endian twins. libbpf
 * 1.1.2 cannot open them on a little-endian host, so there is no golden; instead every
 * distinct relocation (section, kind, local type, access) must resolve to the same
 * outcome, target spec and value on every target. clang emits somewhat different code
 * for bpfeb (other instruction indexes, some relocations duplicated), so the comparison
 * is over the set of distinct relocations, not over log lines.
 *
 * The one intended difference: lshift_u64 of a bitfield depends on the byte order, and we
 * compute it for the object's (libbpf uses its host's): checked against the formula.
 */
import { describe, expect, it } from 'vitest';
import { relocateObject } from './relocate-object';
import type { RelocationView, TargetReloResult } from './report';
import { goldenPairs, loadObject, loadTarget } from '../../test-utils/libbpf-goldens';

function key(v: RelocationView): string {
  return `${v.section}|${v.kindName}|${v.localType}|${v.accessString}`;
}

function outcome(v: RelocationView, r: TargetReloResult): string {
  const value = v.kindName === 'lshift_u64' ? 'byte-order-dependent' : r.after;
  return `${r.result === 'unreached' ? r.wouldBe : r.result}|${r.targetSpec}|${value}`;
}

/** Byte-order-independent facts: per distinct relocation, its outcome on the target. */
function facts(views: RelocationView[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const v of views) {
    const k = key(v);
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(outcome(v, v.results[0]!));
  }
  return m;
}

describe('big-endian objects relocate like their little-endian twins', () => {
  const pairs = goldenPairs();
  for (const { object, target } of pairs) {
    it(`${object.replace(/-el$/, '-eb')} @ ${target}`, () => {
      const el = loadObject(object);
      const eb = loadObject(object.replace(/-el$/, '-eb'));
      expect(eb.littleEndian).toBe(false);
      const btf = loadTarget(target);
      const a = relocateObject(el, [{ label: target, btf }]);
      const b = relocateObject(eb, [{ label: target, btf }]);
      expect(facts(b.relocations)).toEqual(facts(a.relocations));
      // The same verdict for the whole object (where libbpf stops is by relocation, not index).
      expect(b.targets[0]!.ok).toBe(a.targets[0]!.ok);
      let checked = 0;
      for (const v of b.relocations) {
        const r = v.results[0]!;
        if (v.kindName !== 'lshift_u64' || r.result !== 'patched') continue;
        const m = /@ offset (\d+)(?:\.(\d+))?\)$/.exec(r.targetSpec ?? '');
        if (!m) continue;
        // Big-endian: (8 - load size) * 8 + bit offset within the load; the load size is the byte_sz relocation's.
        const bitOff = Number(m[1]) * 8 + Number(m[2] ?? 0);
        const sameField = (x: RelocationView) => x.section === v.section && x.localType === v.localType && x.accessString === v.accessString;
        const sz = b.relocations.find((x) => x.kindName === 'byte_sz' && sameField(x))?.results[0]?.after;
        if (!sz) continue;
        const byteOff = Math.floor(bitOff / 8 / Number(sz)) * Number(sz);
        expect(Number(r.after)).toBe((8 - Number(sz)) * 8 + (bitOff - byteOff * 8));
        checked++;
      }
      if (object.startsWith('bitfields') && target !== 'bitfield_straddle') expect(checked).toBeGreaterThan(0);
    });
  }
});
