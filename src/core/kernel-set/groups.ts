/**
 * Kernels with identical results for a question (an object's relocations, a struct's
 * layout) grouped into one column, under a readable title:
 * `37 kernels: ubuntu 20.04 x86_64 5.4.0-…`. A group's key is a stable string the caller
 * derives from one kernel's result (e.g. `reloResultKey`); groups keep their members in
 * natural order and come in order of their first member unless the caller sorts them.
 */
import { kernelFields } from './member-label';
import { compareLabels, compareNatural } from './release-order';

export interface KernelGroup<T> {
  key: string;
  /** Labels of every kernel in the group, in natural order (identical copies included). */
  labels: string[];
  /** The result of the group's first kernel: what every member of the group computes. */
  representative: T;
  /** The label whose result `representative` is. */
  representativeLabel: string;
  title: string;
}

/** Groups results by key. `labelsOf` gives the labels an item stands for (a collapsed member's copies). */
export function groupResults<T>(items: readonly T[], keyOf: (item: T) => string, labelsOf: (item: T) => readonly string[]): KernelGroup<T>[] {
  const groups = new Map<string, { labels: string[]; first: T; firstLabel: string }>();
  for (const item of items) {
    const key = keyOf(item);
    const labels = labelsOf(item);
    const g = groups.get(key);
    if (!g) groups.set(key, { labels: [...labels], first: item, firstLabel: labels[0] ?? '' });
    else {
      g.labels.push(...labels);
      if (labels[0] !== undefined && compareLabels(labels[0], g.firstLabel) < 0) {
        g.first = item;
        g.firstLabel = labels[0];
      }
    }
  }
  const out: KernelGroup<T>[] = [];
  for (const [key, g] of groups) {
    g.labels.sort(compareLabels);
    out.push({ key, labels: g.labels, representative: g.first, representativeLabel: g.firstLabel, title: groupTitle(g.labels) });
  }
  return out.sort((a, b) => compareLabels(a.labels[0] ?? '', b.labels[0] ?? ''));
}

/** Common leading part of strings, cut back to just after a separator (`5.4.0-`), or ''. */
function commonStem(values: readonly string[]): string {
  let p = values[0] ?? '';
  for (const v of values) {
    let i = 0;
    while (i < p.length && i < v.length && p[i] === v[i]) i++;
    p = p.slice(0, i);
  }
  if (values.every((v) => v === p)) return p;
  const cut = Math.max(p.lastIndexOf('-'), p.lastIndexOf('.'), p.lastIndexOf('_'), p.lastIndexOf('/'));
  return cut >= 0 ? p.slice(0, cut + 1) : '';
}

function summarise(values: readonly string[], noun: string): string {
  const distinct = [...new Set(values)].sort(compareNatural);
  if (distinct.length <= 3) return distinct.join('/');
  const stem = commonStem(distinct);
  return stem ? `${stem}… (${distinct.length} ${noun})` : `${distinct[0]} … ${distinct[distinct.length - 1]} (${distinct.length} ${noun})`;
}

/**
 * `1 kernel: ubuntu 20.04 x86_64 5.4.0-1011-aws`, `37 kernels: ubuntu 20.04 x86_64 5.4.0-…`,
 * `5 kernels: centos/fedora 7/8/34 x86_64 4.18.0-…`: the count, then each BTFHub field
 * summarised (one value, up to three, or their common stem). Labels outside that layout
 * are summarised as a whole.
 */
export function groupTitle(labels: readonly string[]): string {
  const n = `${labels.length} kernel${labels.length === 1 ? '' : 's'}`;
  if (!labels.length) return n;
  if (labels.length === 1) return `${n}: ${fieldsText(labels[0]!)}`;
  const fields = labels.map(kernelFields);
  const parts: string[] = [];
  for (const [k, noun] of [['distro', 'distros'], ['release', 'releases'], ['arch', 'arches']] as const) {
    const vals = fields.map((f) => f[k]).filter((v) => v !== undefined);
    if (vals.length) parts.push(summarise(vals, noun));
  }
  const kernels = fields.map((f, i) => (f.arch ? f.kernel : labels[i]!));
  const distinct = [...new Set(kernels)].sort(compareNatural);
  if (distinct.length === 1) parts.push(distinct[0]!);
  else {
    const stem = commonStem(distinct);
    parts.push(stem ? `${stem}…` : `${distinct[0]} … ${distinct[distinct.length - 1]}`);
  }
  return `${n}: ${parts.join(' ')}`;
}

function fieldsText(label: string): string {
  const f = kernelFields(label);
  return f.arch ? [f.distro, f.release, f.arch, f.kernel].filter((v) => v !== undefined).join(' ') : label;
}
