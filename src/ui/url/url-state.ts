/**
 * The URL fragment: which view, on which files, showing what. Search-param syntax after a
 * route, e.g. `#/diff?v=1&a=sample:5.10&b=sample:6.18&t=struct:task_struct`. The fragment
 * never reaches a server, and it is all a reload or a pasted link needs.
 *
 * Files are named by stable references, never by session ids: a bundled sample
 * (`sample:6.18`) or a content hash plus a name for the person who must drop it
 * (`sha256:0123456789abcdef~vmlinux-6.8`). Types are named by kind + name
 * (`struct:task_struct`). Decoding validates every field, drops what is invalid with a
 * warning and keeps the rest. `URL_VERSION` + `upgraders` (url-upgraders.ts) keep old links
 * working; a `share` field is reserved for links that carry their own data (#6).
 */
import { UPGRADERS } from './url-upgraders';

export const URL_VERSION = 1;

export const ROUTES = ['home', 'types', 'type', 'diff', 'relocs', 'source', 'playground'] as const;
export type Route = (typeof ROUTES)[number];

/** `sample:<id>` or `sha256:<16 hex>~<file name>`. */
export type FileRef = string;

export const SORT_COLUMNS = ['id', 'kind', 'name', 'size', 'members'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Kind words accepted in `k=` (bpftool's kind names, lower case). */
export const KIND_WORDS = [
  'int', 'ptr', 'array', 'struct', 'union', 'enum', 'fwd', 'typedef', 'volatile', 'const', 'restrict',
  'func', 'func_proto', 'var', 'datasec', 'float', 'decl_tag', 'type_tag', 'enum64',
] as const;

export const DIFF_SORTS = ['name', 'size', 'moved'] as const;
export type DiffSort = (typeof DIFF_SORTS)[number];

export interface UrlState {
  route: Route;
  /** types, type: the file shown. */
  file?: FileRef | undefined;
  /** diff: kernel A and kernel B. */
  a?: FileRef | undefined;
  b?: FileRef | undefined;
  /** relocs, source: the object and the kernels it is relocated on. */
  obj?: FileRef | undefined;
  targets: FileRef[];
  /** type, diff: the selected type, 'struct:task_struct' or '#42'. */
  type?: string | undefined;
  /** types: name filter, fuzzy or substring, kinds, sort. */
  q: string;
  fuzzy: boolean;
  kinds: string[];
  sort: { column: SortColumn; desc: boolean };
  /** diff: order of the changed-types table. */
  dsort: DiffSort;
  /** diff: show only members that truly changed (not those that only moved). `mc=1`. */
  changedOnly: boolean;
  /** relocs: the expanded relocation (ordinal). */
  relo?: number | undefined;
  /** relocs: the kernel whose outcome the expanded relocation shows (`rk=`; else the first that fails). */
  reloKernel?: FileRef | undefined;
  /** Reserved for #6: a link that carries its own data. Kept verbatim. */
  share?: string | undefined;
}

export const DEFAULT_URL_STATE: UrlState = {
  route: 'home',
  targets: [],
  q: '',
  fuzzy: false,
  kinds: [],
  sort: { column: 'id', desc: false },
  dsort: 'size',
  changedOnly: false,
};

const FILE_REF = /^(sample:[\w.+-]{1,64}|sha256:[0-9a-f]{16}~[^\s]{1,200})$/;
const TYPE_KEY = /^(#\d{1,9}|([a-z_]{2,12}:)?[A-Za-z_][\w.]{0,200})$/;

export function isFileRef(s: string): boolean {
  return FILE_REF.test(s);
}

export function encodeUrlState(s: UrlState): string {
  const p = new URLSearchParams();
  p.set('v', String(URL_VERSION));
  const put = (k: string, v: string | undefined) => v !== undefined && v !== '' && p.append(k, v);
  put('f', s.file);
  put('a', s.a);
  put('b', s.b);
  put('obj', s.obj);
  for (const t of s.targets) put('k', t);
  put('t', s.type);
  put('q', s.q);
  if (s.fuzzy) p.set('fz', '1');
  if (s.kinds.length) p.set('kinds', s.kinds.join(','));
  if (s.sort.column !== 'id' || s.sort.desc) p.set('s', `${s.sort.column}.${s.sort.desc ? 'desc' : 'asc'}`);
  if (s.route === 'diff' && s.dsort !== DEFAULT_URL_STATE.dsort) p.set('ds', s.dsort);
  if (s.route === 'diff' && s.changedOnly) p.set('mc', '1');
  if (s.relo !== undefined) p.set('r', String(s.relo));
  if (s.relo !== undefined) put('rk', s.reloKernel);
  put('share', s.share);
  // URLSearchParams escapes ':' and ','; they are safe in a fragment and keep links readable.
  return `#/${s.route}?${p.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%7E/gi, '~')}`;
}

export interface DecodedUrl {
  state: UrlState;
  warnings: string[];
  /** Set when the link comes from a newer btfscope. */
  newerVersion?: number;
}

export function decodeUrlState(fragment: string): DecodedUrl {
  const warnings: string[] = [];
  const state: UrlState = { ...DEFAULT_URL_STATE, targets: [], kinds: [], sort: { ...DEFAULT_URL_STATE.sort } };
  const hash = fragment.replace(/^#/, '');
  if (!hash) return { state, warnings };
  const [path = '', query = ''] = hash.split(/\?(.*)/s);
  const route = path.replace(/^\//, '') || 'home';
  if ((ROUTES as readonly string[]).includes(route)) state.route = route as Route;
  else warnings.push(`unknown view '${route}'`);

  const p = new URLSearchParams(query);
  const v = Number(p.get('v') ?? URL_VERSION);
  let newerVersion: number | undefined;
  if (!Number.isInteger(v) || v < 1) warnings.push(`bad link version '${p.get('v')}'`);
  else if (v > URL_VERSION) {
    newerVersion = v;
    warnings.push(`this link was made by a newer btfscope (link version ${v}, this page ${URL_VERSION}): reload to update`);
  } else for (let from = v + 1; from <= URL_VERSION; from++) UPGRADERS[from]?.(p);

  const ref = (k: string) => {
    const x = p.get(k);
    if (x === null) return undefined;
    if (isFileRef(x)) return x;
    warnings.push(`ignored file reference ${k}='${x}'`);
    return undefined;
  };
  state.file = ref('f');
  state.a = ref('a');
  state.b = ref('b');
  state.obj = ref('obj');
  state.reloKernel = ref('rk');
  for (const t of p.getAll('k')) {
    if (isFileRef(t)) state.targets.push(t);
    else warnings.push(`ignored kernel reference '${t}'`);
  }
  const t = p.get('t');
  if (t !== null) {
    if (TYPE_KEY.test(t)) state.type = t;
    else warnings.push(`ignored type '${t}'`);
  }
  state.q = (p.get('q') ?? '').slice(0, 200);
  state.fuzzy = p.get('fz') === '1';
  for (const k of (p.get('kinds') ?? '').split(',').filter(Boolean)) {
    if ((KIND_WORDS as readonly string[]).includes(k)) state.kinds.push(k);
    else warnings.push(`ignored kind '${k}'`);
  }
  const s = p.get('s');
  if (s !== null) {
    const [column, dir] = s.split('.');
    if ((SORT_COLUMNS as readonly string[]).includes(column!) && (dir === 'asc' || dir === 'desc')) {
      state.sort = { column: column as SortColumn, desc: dir === 'desc' };
    } else warnings.push(`ignored sort '${s}'`);
  }
  const ds = p.get('ds');
  if (ds !== null) {
    if ((DIFF_SORTS as readonly string[]).includes(ds)) state.dsort = ds as DiffSort;
    else warnings.push(`ignored diff order '${ds}'`);
  }
  state.changedOnly = p.get('mc') === '1';
  const r = p.get('r');
  if (r !== null) {
    if (/^\d{1,6}$/.test(r)) state.relo = Number(r);
    else warnings.push(`ignored relocation '${r}'`);
  }
  const share = p.get('share');
  if (share !== null) state.share = share;
  return newerVersion === undefined ? { state, warnings } : { state, warnings, newerVersion };
}

/** The file references a view needs, in display order. */
export function refsOf(s: UrlState): FileRef[] {
  switch (s.route) {
    case 'types':
    case 'type':
      return s.file ? [s.file] : [];
    case 'diff':
      return [s.a, s.b].filter((x): x is FileRef => !!x);
    case 'relocs':
    case 'source':
      return [s.obj, ...s.targets].filter((x): x is FileRef => !!x);
    default:
      return [];
  }
}
