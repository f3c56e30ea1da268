/**
 * Type keys: how the page names a type across requests, URLs and kernels. Ids differ from
 * kernel to kernel, so a named type is 'struct:task_struct' (kind keyword + name); only an
 * anonymous type is named by its id ('#42'), which is meaningful for one file only. Parsing
 * and lookup are core's (`parseTypeSpec`, `findTypes`), as in the CLI.
 */
import { type Btf, BtfKind, findTypes, kindKeyword, parseTypeSpec } from '../core/index';
import { WorkerErrorCode } from './protocol';
import { WorkerError } from './worker-error';

/** A bare name prefers structs and unions, then typedefs, then anything. */
const PREFERRED: readonly (readonly number[])[] = [
  [BtfKind.Struct, BtfKind.Union],
  [BtfKind.Typedef, BtfKind.Enum, BtfKind.Enum64],
  [BtfKind.Func, BtfKind.Var, BtfKind.Fwd, BtfKind.Int, BtfKind.Float, BtfKind.Datasec],
];

export function typeKeyOf(btf: Btf, id: number): string {
  const name = btf.name(id);
  return name ? `${kindKeyword(btf.kind(id))}:${name}` : `#${id}`;
}

/** All ids a key names (ascending; several when a kernel repeats a name), or [] if none. */
export function findTypeKey(btf: Btf, key: string): number[] {
  const spec = parseTypeSpec(key);
  return spec ? findTypes(btf, spec, PREFERRED) : [];
}

/** The first id a key names; a WorkerError when there is none. */
export function resolveTypeKey(btf: Btf, key: string): number {
  const id = findTypeKey(btf, key)[0];
  if (id === undefined) throw new WorkerError(WorkerErrorCode.UnknownType, `no type ${key.replace(':', ' ')} in this file`);
  return id;
}
