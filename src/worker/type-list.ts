/**
 * The type list behind the Types view: every type of one BTF (its own ids, not the base's),
 * filtered by name (substring or fuzzy) and kind, sorted by a column or, filtered, by relevance
 * (exact, prefix, substring, fuzzy: name-match.ts), sliced to the visible window. Built for
 * 130k types: the columns (names, sizes, name order) are built once per file and the latest
 * few filtered/sorted orders are cached, so scrolling is a slice of a Uint32Array and retyping
 * a filter rescans only names.
 */
import { type Btf, BtfKind } from '../core/index';
import type { ListTypesArgs, TypeQuery, TypeSort, TypeWindow } from './protocol';
import { kindClass, matchName } from './name-match';

/** Per row of a filtered list: its match tier and score within the tier (name-match.ts). */
interface Relevance {
  tier: Uint8Array;
  score: Float64Array;
}

/** Per-file columns, built lazily. */
export class TypeColumns {
  readonly btf: Btf;
  readonly startId: number;
  readonly count: number;
  private namesCache: string[] | undefined;
  private lowerCache: string[] | undefined;
  private sizeCache: Float64Array | undefined;
  private nameRankCache: Uint32Array | undefined;
  private orders = new Map<string, Uint32Array>();

  constructor(btf: Btf) {
    this.btf = btf;
    this.startId = btf.startId;
    this.count = btf.typeCount - btf.startId;
  }

  names(): string[] {
    if (!this.namesCache) {
      const out = new Array<string>(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.btf.name(this.startId + i);
      this.namesCache = out;
    }
    return this.namesCache;
  }

  private lowerNames(): string[] {
    this.lowerCache ??= this.names().map((n) => n.toLowerCase());
    return this.lowerCache;
  }

  /** Byte size per row, -1 for kinds without one; pointers and arrays are resolved. */
  sizes(): Float64Array {
    if (!this.sizeCache) {
      const out = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) out[i] = sizeOf(this.btf, this.startId + i);
      this.sizeCache = out;
    }
    return this.sizeCache;
  }

  /** Rank of each row's name in byte order (ties by id); '' sorts last. */
  private nameRank(): Uint32Array {
    if (!this.nameRankCache) {
      const names = this.names();
      const idx = Array.from({ length: this.count }, (_, i) => i);
      idx.sort((a, b) => {
        const x = names[a]!;
        const y = names[b]!;
        if (x === y) return a - b;
        if (x === '') return 1;
        if (y === '') return -1;
        return x < y ? -1 : 1;
      });
      const rank = new Uint32Array(this.count);
      idx.forEach((row, r) => (rank[row] = r));
      this.nameRankCache = rank;
    }
    return this.nameRankCache;
  }

  /** Ids of the filtered, sorted list (cached for the latest few queries). */
  order(query: TypeQuery, sort: TypeSort): Uint32Array {
    const key = JSON.stringify([query.text, query.mode, [...query.kinds].sort(), sort.column, sort.desc]);
    const hit = this.orders.get(key);
    if (hit) {
      this.orders.delete(key);
      this.orders.set(key, hit);
      return hit;
    }
    const order = this.compute(query, sort);
    this.orders.set(key, order);
    if (this.orders.size > 6) this.orders.delete(this.orders.keys().next().value!);
    return order;
  }

  private compute(query: TypeQuery, sort: TypeSort): Uint32Array {
    const kinds = query.kinds.length ? new Set(query.kinds) : undefined;
    const text = query.text.trim();
    const rows: number[] = [];
    let relevance: Relevance | undefined;
    if (!text && !kinds && sort.column === 'id') {
      // The list as loaded: every type in id order (what the first paint shows).
      const ids = new Uint32Array(this.count);
      for (let i = 0; i < this.count; i++) ids[i] = this.startId + (sort.desc ? this.count - 1 - i : i);
      return ids;
    }
    if (!text) {
      for (let i = 0; i < this.count; i++) if (!kinds || kinds.has(this.btf.kind(this.startId + i))) rows.push(i);
    } else {
      const needle = text.toLowerCase();
      const lower = this.lowerNames();
      const fuzzy = query.mode === 'fuzzy';
      relevance = { tier: new Uint8Array(this.count), score: new Float64Array(this.count) };
      for (let i = 0; i < this.count; i++) {
        const m = matchName(needle, lower[i]!, fuzzy);
        if (m && (!kinds || kinds.has(this.btf.kind(this.startId + i)))) {
          rows.push(i);
          relevance.tier[i] = m.tier;
          relevance.score[i] = m.score;
        }
      }
    }
    const cmp = this.comparator(sort.column, sort.desc ? undefined : relevance);
    if (cmp) rows.sort(sort.desc ? (a, b) => cmp(b, a) : cmp);
    else if (sort.desc) rows.reverse();
    const ids = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = rows[i]! + this.startId;
    return ids;
  }

  /**
   * Row comparator for a column, undefined for plain id order. Ties break by id. A filtered
   * list in the default order (id ascending) is ranked by relevance instead (name-match.ts);
   * id descending stays plain newest-first.
   */
  private comparator(column: TypeSort['column'], relevance?: Relevance): ((a: number, b: number) => number) | undefined {
    switch (column) {
      case 'id': {
        if (!relevance) return undefined;
        const { tier, score } = relevance;
        const names = this.names();
        const rank = this.nameRank();
        const cls = (row: number) => kindClass(this.btf.kind(this.startId + row));
        return (a, b) =>
          tier[a]! - tier[b]! ||
          score[b]! - score[a]! ||
          cls(a) - cls(b) ||
          names[a]!.length - names[b]!.length ||
          rank[a]! - rank[b]!;
      }
      case 'name': {
        const rank = this.nameRank();
        return (a, b) => rank[a]! - rank[b]!;
      }
      case 'kind': {
        const k = (row: number) => this.btf.kind(this.startId + row);
        return (a, b) => k(a) - k(b) || a - b;
      }
      case 'size': {
        const s = this.sizes();
        return (a, b) => s[a]! - s[b]! || a - b;
      }
      case 'members': {
        const v = (row: number) => memberCount(this.btf, this.startId + row);
        return (a, b) => v(a) - v(b) || a - b;
      }
    }
  }

  window(args: ListTypesArgs): TypeWindow {
    // The list as loaded (the first paint): a window of it is arithmetic, no order to build.
    const asLoaded = !args.query.text.trim() && !args.query.kinds.length && args.sort.column === 'id' && args.revealId === undefined;
    const order = asLoaded ? undefined : this.order(args.query, args.sort);
    const total = order ? order.length : this.count;
    const start = Math.max(0, Math.min(args.range.start, total));
    const end = Math.min(total, start + Math.max(0, Math.min(args.range.count, 2000)));
    const n = end - start;
    let ids: Uint32Array;
    if (order) ids = order.slice(start, end);
    else {
      ids = new Uint32Array(n);
      for (let i = 0; i < n; i++) ids[i] = this.startId + (args.sort.desc ? this.count - 1 - (start + i) : start + i);
    }
    const kinds = new Uint8Array(n);
    const byteSizes = new Float64Array(n);
    const vlens = new Uint32Array(n);
    const names = new Array<string>(n);
    const allNames = this.namesCache;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      kinds[i] = this.btf.kind(id);
      byteSizes[i] = this.sizeCache ? this.sizeCache[id - this.startId]! : sizeOf(this.btf, id);
      vlens[i] = memberCount(this.btf, id);
      names[i] = allNames ? allNames[id - this.startId]! : this.btf.name(id);
    }
    const win: TypeWindow = { total, start, ids, kinds, byteSizes, vlens, names };
    if (order && args.revealId !== undefined) win.revealIndex = order.indexOf(args.revealId);
    return win;
  }
}

/** Members, enum values, params or vars; 0 for kinds whose vlen means something else. */
export function memberCount(btf: Btf, id: number): number {
  const k = btf.kind(id);
  return k === BtfKind.Func ? 0 : btf.vlen(id);
}

/** Byte size of a type where one makes sense; -1 otherwise (and for broken chains). */
export function sizeOf(btf: Btf, id: number): number {
  switch (btf.kind(id)) {
    case BtfKind.Int:
    case BtfKind.Struct:
    case BtfKind.Union:
    case BtfKind.Enum:
    case BtfKind.Enum64:
    case BtfKind.Datasec:
    case BtfKind.Float:
      return btf.sizeOrType(id);
    case BtfKind.Ptr:
      return btf.pointerSize();
    case BtfKind.Array:
    case BtfKind.Typedef:
    case BtfKind.Const:
    case BtfKind.Volatile:
    case BtfKind.Restrict:
    case BtfKind.TypeTag:
    case BtfKind.Var:
      try {
        return btf.resolveSize(id);
      } catch {
        return -1;
      }
    default:
      return -1;
  }
}
