/**
 * Natural order of kernel releases and member labels: digit runs compare as numbers, so
 * 5.4.0-1011 < 5.4.0-1100 < 5.10 (as strings sort, 5.10 would come first). Labels compare
 * segment by segment, so a BTFHub tree sorts by distro, release, arch, then kernel.
 */
import { type KernelFields, kernelFields } from './member-label';

const RUN = /\d+|\D+/g;

/** Compares two strings with digit runs as numbers; ties broken by plain string order. */
export function compareNatural(a: string, b: string): number {
  const x = a.match(RUN) ?? [];
  const y = b.match(RUN) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const pd = p.charCodeAt(0) <= 57 && p.charCodeAt(0) >= 48;
    const qd = q.charCodeAt(0) <= 57 && q.charCodeAt(0) >= 48;
    if (pd && qd) {
      // Numbers of any length: fewer significant digits is smaller (no float rounding).
      const ps = p.replace(/^0+(?=\d)/, '');
      const qs = q.replace(/^0+(?=\d)/, '');
      if (ps.length !== qs.length) return ps.length - qs.length;
      if (ps !== qs) return ps < qs ? -1 : 1;
      continue;
    }
    // Text (or text against a number) compares as characters: '-' and '.' before digits.
    return p < q ? -1 : 1;
  }
  if (x.length !== y.length) return x.length - y.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Labels in natural order, segment by segment. */
export function compareLabels(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = compareNatural(x[i]!, y[i]!);
    if (d) return d;
  }
  return x.length - y.length;
}

export type KernelField = keyof KernelFields;

/**
 * Compares by the given fields in turn (a member without the field after those with it),
 * then by label: e.g. `['arch', 'kernel']` for "by architecture, then release".
 */
export function compareByFields(a: string, b: string, order: readonly KernelField[]): number {
  const fa = kernelFields(a);
  const fb = kernelFields(b);
  for (const k of order) {
    const p = fa[k];
    const q = fb[k];
    if (p === q) continue;
    if (p === undefined) return 1;
    if (q === undefined) return -1;
    const d = compareNatural(p, q);
    if (d) return d;
  }
  return compareLabels(a, b);
}
