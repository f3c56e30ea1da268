/**
 * `--target` arguments as kernel sets: a directory (walked recursively) or a glob (`*`, `?`,
 * `[…]`, `**` for any depth; a match that is a directory takes the files under it) becomes one
 * member per regular file, labelled by its path
 * relative to the directory (or the glob's literal leading directories) without packing
 * extensions (core/kernel-set/member-label.ts). A plain file stays a single target. Hidden
 * entries (`.git`) are skipped; symbolic links are followed, each directory once.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { compareLabels, compareNatural, memberLabel } from '../../core/kernel-set/index';

export interface SetInput {
  /** The file to read. */
  path: string;
  label: string;
  /** True when it came from a directory or glob (false: a plain `--target file`). */
  fromSet: boolean;
}

const GLOB_CHARS = /[*?[]/;

/** Files in a kernel archive that are documentation, not kernels (BTFHub's README.md, checksums). */
const NOT_A_KERNEL = /(^|\/)((README|LICENSE|COPYING|NOTICE|CHANGELOG|(SHA|MD5)\d*SUMS)(\.[^/]*)?|[^/]*\.(md|txt|rst|html|json|ya?ml|sha\d*|sha\d*sum|md5|asc|sig|sign|log|sh|py))$/i;

/** True for a file a directory or glob leaves out by its name (documentation, checksums, scripts). */
export function isNotAKernel(rel: string): boolean {
  return NOT_A_KERNEL.test(rel);
}

/**
 * Every regular file under `dir`, as paths relative to it with `/`, in natural order. A
 * subdirectory that cannot be listed is passed to `onError` and skipped; `dir` itself throws.
 */
export async function walkDirectory(dir: string, onError?: (path: string, e: unknown) => void): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = async (abs: string, rel: string): Promise<void> => {
    let entries;
    try {
      const real = await realpath(abs);
      if (seen.has(real)) return;
      seen.add(real);
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      if (!rel || !onError) throw e;
      onError(abs, e);
      return;
    }
    // Sorted, so which path reaches a directory linked twice does not depend on readdir's order.
    entries.sort((x, y) => compareNatural(x.name, y.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const childAbs = join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          // A dangling link is not a member: it has no bytes.
          continue;
        }
      }
      if (isDir) await visit(childAbs, childRel);
      else if (isFile) out.push(childRel);
    }
  };
  await visit(dir, '');
  return out.sort(compareLabels);
}

function segmentRegex(seg: string): string {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = seg.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return re;
}

/** A regular expression for a glob relative to its base (`**` matches any number of directories). */
export function globRegex(pattern: string): RegExp {
  const segs = pattern.split('/');
  let re = '';
  segs.forEach((s, i) => {
    const last = i === segs.length - 1;
    if (s === '**') re += last ? '.*' : '(?:[^/]+/)*';
    else re += segmentRegex(s) + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

/** Splits `a/b/*.btf/**` into its literal leading directories and the pattern after them. */
export function splitGlob(arg: string): { base: string; pattern: string } | undefined {
  const norm = sep === '\\' ? arg.replace(/\\/g, '/') : arg;
  const segs = norm.split('/');
  const first = segs.findIndex((s) => GLOB_CHARS.test(s));
  if (first < 0) return undefined;
  const base = segs.slice(0, first).join('/') || (norm.startsWith('/') ? '/' : '.');
  return { base, pattern: segs.slice(first).join('/') };
}

/**
 * One `--target` argument as inputs: the file itself, the files under a directory, or the
 * files a glob matches. An argument that exists as a file is a file even if its name holds
 * glob characters. Throws (the caller reports it as an input error) when nothing is there.
 */
export async function expandTarget(
  arg: string,
  fileLabel: (path: string) => string,
  onError?: (path: string, e: unknown) => void,
  onSkipped?: (arg: string, names: string[]) => void,
): Promise<SetInput[]> {
  const keep = (rels: string[]) => {
    const skipped = rels.filter(isNotAKernel);
    if (skipped.length) onSkipped?.(arg, skipped);
    return skipped.length ? rels.filter((r) => !isNotAKernel(r)) : rels;
  };
  let st: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    st = await stat(arg);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    const rels = keep(await walkDirectory(arg, onError));
    return rels.map((rel) => ({ path: join(arg, rel), label: memberLabel(rel), fromSet: true }));
  }
  const glob = st ? undefined : splitGlob(arg);
  if (glob) {
    const re = globRegex(glob.pattern);
    let rels: string[];
    try {
      rels = await walkDirectory(glob.base, onError);
    } catch {
      rels = [];
    }
    // A pattern matching a directory takes the files under it, as the shell's expansion would.
    const hits = keep(rels).filter((r) => {
      if (re.test(r)) return true;
      for (let i = r.indexOf('/'); i > 0; i = r.indexOf('/', i + 1)) if (re.test(r.slice(0, i))) return true;
      return false;
    });
    if (!hits.length) throw new Error(`no file matches '${arg}'`);
    return hits.map((rel) => ({ path: join(glob.base, rel), label: memberLabel(rel), fromSet: true }));
  }
  return [{ path: arg, label: fileLabel(arg), fromSet: false }];
}

/** True when the argument names a directory or is a glob (not an existing file). */
export async function isSetArgument(arg: string): Promise<boolean> {
  try {
    return (await stat(arg)).isDirectory();
  } catch {
    return splitGlob(arg) !== undefined;
  }
}
