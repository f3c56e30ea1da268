/**
 * "Used by": which types refer to a type — structs and unions through a member (possibly via
 * pointers, arrays and modifiers), typedefs, variables, and functions through a parameter or
 * the return type. Built once per file as a compressed sparse row index over the raw records
 * (no per-type objects), so the first question costs one pass over the type section.
 */
import { type Btf, BtfKind, MAX_RESOLVE_DEPTH } from '../core/index';
import { typeKeyOf } from './type-key';

export interface UsedByEntry {
  id: number;
  key: string;
  kind: number;
  name: string;
  /** The member or parameter that holds the reference ('' for typedefs and vars). */
  via: string;
}

const NO_VIA = 0xffffffff;

export class UsedByIndex {
  private readonly btf: Btf;
  private readonly start: Uint32Array;
  private readonly users: Uint32Array;
  private readonly via: Uint32Array;

  constructor(btf: Btf) {
    this.btf = btf;
    const edges: number[] = []; // triples: target, user, member index
    const dv = new DataView(btf.bytes.buffer, btf.bytes.byteOffset, btf.bytes.byteLength);
    const le = btf.littleEndian;
    const add = (target: number, user: number, via: number) => {
      const t = peel(btf, target);
      if (t > 0 && t !== user) edges.push(t, user, via);
    };
    for (let id = btf.startId; id < btf.typeCount; id++) {
      const kind = btf.kind(id);
      if (kind === BtfKind.Struct || kind === BtfKind.Union) {
        const p = btf.recordOffset(id) + 12;
        for (let i = 0, n = btf.vlen(id); i < n; i++) add(dv.getUint32(p + i * 12 + 4, le), id, i);
      } else if (kind === BtfKind.FuncProto) {
        add(btf.sizeOrType(id), id, NO_VIA);
        const p = btf.recordOffset(id) + 12;
        for (let i = 0, n = btf.vlen(id); i < n; i++) add(dv.getUint32(p + i * 8 + 4, le), id, i);
      } else if (kind === BtfKind.Typedef || kind === BtfKind.Var || kind === BtfKind.Func) {
        add(btf.sizeOrType(id), id, NO_VIA);
      }
    }
    const count = btf.typeCount;
    const start = new Uint32Array(count + 1);
    for (let i = 0; i < edges.length; i += 3) start[edges[i]! + 1]!++;
    for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, count);
    const users = new Uint32Array(edges.length / 3);
    const via = new Uint32Array(edges.length / 3);
    for (let i = 0; i < edges.length; i += 3) {
      const at = fill[edges[i]!]!++;
      users[at] = edges[i + 1]!;
      via[at] = edges[i + 2]!;
    }
    this.start = start;
    this.users = users;
    this.via = via;
  }

  /** Users of `id`, function prototypes replaced by the functions that have them. */
  query(id: number, limit: number): { total: number; users: UsedByEntry[] } {
    const out: UsedByEntry[] = [];
    const seen = new Set<number>();
    const visit = (user: number, via: string) => {
      if (seen.has(user)) return;
      seen.add(user);
      out.push({ id: user, key: typeKeyOf(this.btf, user), kind: this.btf.kind(user), name: this.btf.name(user), via });
    };
    for (let i = this.start[id]!; i < this.start[id + 1]!; i++) {
      const user = this.users[i]!;
      const via = this.viaName(user, this.via[i]!);
      if (this.btf.kind(user) === BtfKind.FuncProto) {
        for (let j = this.start[user]!; j < this.start[user + 1]!; j++) {
          const f = this.users[j]!;
          if (this.btf.kind(f) === BtfKind.Func) visit(f, via);
        }
      } else visit(user, via);
    }
    // Structs and unions first (the usual question), then typedefs and variables, functions last.
    const rank = (k: number) => (k === BtfKind.Struct || k === BtfKind.Union ? 0 : k === BtfKind.Func ? 2 : 1);
    out.sort(
      (a, b) =>
        rank(a.kind) - rank(b.kind) ||
        (a.name === b.name ? a.id - b.id : a.name === '' ? 1 : b.name === '' ? -1 : a.name < b.name ? -1 : 1),
    );
    return { total: out.length, users: out.slice(0, limit) };
  }

  private viaName(user: number, via: number): string {
    if (via === NO_VIA) return this.btf.kind(user) === BtfKind.FuncProto ? 'return' : '';
    const t = this.btf.type(user);
    if ('members' in t) return t.members[via]?.name || '(anonymous)';
    if ('params' in t) return `param ${t.params[via]?.name || via + 1}`;
    return '';
  }
}

/** Follows pointers, arrays and modifiers to the type a reference is about. */
function peel(btf: Btf, id: number): number {
  for (let depth = 0; depth < MAX_RESOLVE_DEPTH && btf.isValidId(id) && id > 0; depth++) {
    const k = btf.kind(id);
    if (k === BtfKind.Ptr || k === BtfKind.Const || k === BtfKind.Volatile || k === BtfKind.Restrict || k === BtfKind.TypeTag) {
      id = btf.sizeOrType(id);
    } else if (k === BtfKind.Array) {
      const t = btf.type(id);
      id = 'elemTypeId' in t ? t.elemTypeId : 0;
    } else return id;
  }
  return 0;
}
