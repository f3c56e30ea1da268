/**
 * Struct timeline (#13 part 3): one struct or union across a kernel set, one row per member
 * path as the diff names members (core/diff/flatten.ts: members of anonymous structs/unions
 * under their C access path, absolute bit offsets), one cell per kernel. A cell is what the
 * diff compares: bit offset, bit size (bitfield width, else the type's size × 8), whether it
 * is a bitfield, and the type as the diff spells it. Schema: docs/timeline-json.md.
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { flattenMembers, memberPath } from '../diff/flatten';
import { TypeHashes } from '../diff/type-hash';
import { TypeNamer } from '../diff/type-names';
import { findTypes, parseTypeSpec } from '../layout/type-lookup';

export interface TimelineCell {
  bitOffset: number;
  /** Bitfield width, or the type's byte size × 8; null when the type has no size. */
  bitSize: number | null;
  bitfield: boolean;
  type: string;
}

/** One kernel's members of the type, in the diff's order; undefined when the kernel has no such type. */
export interface KernelTypeMembers {
  /** `struct task_struct`. */
  type: string;
  members: ({ member: string } & TimelineCell)[];
  /** The walk stopped at its member cap (core/diff/type-hash.ts flatLimit): later members are missing. */
  truncated: boolean;
}

/**
 * The members of struct/union `typeArg` (NAME, struct:NAME, union:NAME, #ID) in `btf`: the first
 * struct or union of that name by id (as `layout` and pahole pick), undefined if none.
 */
export function typeMembers(btf: Btf, typeArg: string): KernelTypeMembers | undefined {
  const spec = parseTypeSpec(typeArg);
  if (!spec) return undefined;
  const id = findTypes(btf, spec, [[BtfKind.Struct, BtfKind.Union]]).find((t) => {
    const k = btf.kind(t);
    return k === BtfKind.Struct || k === BtfKind.Union;
  });
  if (id === undefined) return undefined;
  const th = new TypeHashes(btf);
  const namer = new TypeNamer(btf);
  const list = flattenMembers(th, id);
  const members: KernelTypeMembers['members'] = [];
  for (let i = 0; i < list.length; i++) {
    const bf = list.bitfieldSize[i]!;
    const bytes = list.byteSize[i]!;
    members.push({
      member: memberPath(th.raw, list, i),
      bitOffset: list.bitOffset[i]!,
      bitSize: bf ? bf : bytes >= 0 ? bytes * 8 : null,
      bitfield: bf > 0,
      type: namer.typeName(list.typeId[i]!),
    });
  }
  return { type: namer.typeName(id), members, truncated: th.truncated.includes(id) };
}

export interface TimelineKernel {
  label: string;
  sha256: string;
  /** Labels of byte-identical copies (`label` first). */
  labels: string[];
}

export interface TimelineRow {
  /** The member's C access path (`__state`, `u.flags`); a path listed twice in one kernel gets `#2`. */
  member: string;
  /** Aligned with `kernels`: null where the kernel has no such member (or no such type). */
  cells: (TimelineCell | null)[];
  /** Label of the first kernel (in `kernels` order) having the member. */
  firstSeen: string;
  lastSeen: string;
  /** Kernels where its bit offset differs from the previous kernel that has it. */
  movedIn: string[];
}

export interface Timeline {
  type: string;
  kernels: TimelineKernel[];
  /** Per kernel: the type exists there (false: every cell of the column is null). */
  present: boolean[];
  rows: TimelineRow[];
}

/**
 * Merges per-kernel member lists (kernels in the order given: callers sort) into rows. A
 * member first seen in a later kernel is placed before the next member of that kernel the
 * rows already hold, so rows keep each kernel's order where the kernels agree.
 */
export function buildTimeline(typeArg: string, kernels: readonly (TimelineKernel & { members?: KernelTypeMembers })[]): Timeline {
  const order: string[] = [];
  const rows = new Map<string, (TimelineCell | null)[]>();
  kernels.forEach((k, ki) => {
    if (!k.members) return;
    const seen = new Map<string, number>();
    // Members new in this kernel wait for the next member the rows already have and go
    // right before it (after the last one, at the end).
    let pending: string[] = [];
    let prev = -1;
    for (const m of k.members.members) {
      const n = (seen.get(m.member) ?? 0) + 1;
      seen.set(m.member, n);
      const key = n > 1 ? `${m.member}#${n}` : m.member;
      let cells = rows.get(key);
      if (!cells) {
        cells = kernels.map(() => null);
        rows.set(key, cells);
        pending.push(key);
      } else {
        const at = order.indexOf(key);
        if (pending.length) {
          const where = at > prev ? at : prev + 1;
          order.splice(where, 0, ...pending);
          prev = where + pending.length - 1;
          pending = [];
        }
        prev = Math.max(prev, order.indexOf(key));
      }
      cells[ki] = { bitOffset: m.bitOffset, bitSize: m.bitSize, bitfield: m.bitfield, type: m.type };
    }
    order.splice(prev + 1, 0, ...pending);
  });
  const type = kernels.find((k) => k.members)?.members?.type ?? typeArg;
  return {
    type,
    kernels: kernels.map((k) => ({ label: k.label, sha256: k.sha256, labels: k.labels })),
    present: kernels.map((k) => k.members !== undefined),
    rows: order.map((member) => {
      const cells = rows.get(member)!;
      const have = cells.flatMap((c, i) => (c ? [i] : []));
      const movedIn: string[] = [];
      for (let j = 1; j < have.length; j++) if (cells[have[j]!]!.bitOffset !== cells[have[j - 1]!]!.bitOffset) movedIn.push(kernels[have[j]!]!.label);
      return { member, cells, firstSeen: kernels[have[0]!]!.label, lastSeen: kernels[have[have.length - 1]!]!.label, movedIn };
    }),
  };
}
