/**
 * Type keys: how the page names a type across requests, URLs and kernels. Ids differ from
 * kernel to kernel, so a named type is 'struct:task_struct' (kind keyword + name); only an
 * anonymous type is named by its id ('#42'), which is meaningful for one file only.
 */
import { type Btf, BtfKind, kindKeyword } from '../core/index';
import { WorkerErrorCode } from './protocol';
import { WorkerError } from './worker-error';

export function typeKeyOf(btf: Btf, id: number): string {
  const name = btf.name(id);
  return name ? `${kindKeyword(btf.kind(id))}:${name}` : `#${id}`;
}

const KEYWORD_KINDS: Record<string, number[]> = {
  struct: [BtfKind.Struct],
  union: [BtfKind.Union],
  enum: [BtfKind.Enum, BtfKind.Enum64],
  typedef: [BtfKind.Typedef],
  func: [BtfKind.Func],
  var: [BtfKind.Var],
  datasec: [BtfKind.Datasec],
  fwd: [BtfKind.Fwd],
  int: [BtfKind.Int],
  float: [BtfKind.Float],
  func_proto: [BtfKind.FuncProto],
  decl_tag: [BtfKind.DeclTag],
};

/** All ids a key names (ascending; several when a kernel repeats a name), or [] if none. */
export function findTypeKey(btf: Btf, key: string): number[] {
  if (key.startsWith('#')) {
    const id = Number(key.slice(1));
    return Number.isInteger(id) && id > 0 && id < btf.typeCount ? [id] : [];
  }
  const colon = key.indexOf(':');
  if (colon < 0) return btf.findByName(key);
  const kinds = KEYWORD_KINDS[key.slice(0, colon)];
  const ids = btf.findByName(key.slice(colon + 1));
  return kinds ? ids.filter((id) => kinds.includes(btf.kind(id))) : ids;
}

/** The first id a key names; a WorkerError when there is none. */
export function resolveTypeKey(btf: Btf, key: string): number {
  const id = findTypeKey(btf, key)[0];
  if (id === undefined) throw new WorkerError(WorkerErrorCode.UnknownType, `no type ${key.replace(':', ' ')} in this file`);
  return id;
}
