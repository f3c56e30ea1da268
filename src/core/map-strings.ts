/**
 * A copy of a plain view model with every string passed through `f`: how a text front end
 * shows names from files escaped (the CLI on a terminal, where a line feed in a member name
 * would otherwise forge a row) without each formatter knowing about escaping. Only plain
 * objects and arrays are copied; numbers, bigints, typed arrays and class instances (a `Btf`)
 * are kept as they are. Keys are not mapped; `f` gets the key of the string's property (or
 * of the array holding it) for fields that are multi-line text rather than names.
 */
export function mapStrings<T>(v: T, f: (s: string, key: string | undefined) => string): T {
  return map(v, f, undefined, 0) as T;
}

// View models are shallow trees; the limit only keeps a cyclic object from recursing forever.
const MAX_DEPTH = 64;

function map(v: unknown, f: (s: string, key: string | undefined) => string, key: string | undefined, depth: number): unknown {
  if (typeof v === 'string') return f(v, key);
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => map(x, f, key, depth + 1));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = map(x, f, k, depth + 1);
  return out;
}
