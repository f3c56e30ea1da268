/**
 * The result of diffing two BTFs: plain JSON-ready data (no class instances, no bigint),
 * so the worker can post it and the CLI can print it with `JSON.stringify` as documented
 * in docs/diff-json.md. "before" is the first BTF (a), "after" the second (b).
 *
 * Units are in the names: bit offsets and bit sizes in bits, byte sizes in bytes. Type
 * ids (`idBefore`/`idAfter`) are local to their BTF and only good for looking the type up
 * again in that same file; everything that crosses files keys on kind + name.
 */
/** The kinds of named types the diff matches by kind + name. */
export type DiffKind = 'struct' | 'union' | 'enum' | 'typedef' | 'func' | 'var';
export const DIFF_KINDS: readonly DiffKind[] = ['struct', 'union', 'enum', 'typedef', 'func', 'var'];

/** How a type changed between the two sides. */
export type TypeChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** What differs about a member that exists on both sides (or was renamed). */
export type MemberAspect = 'moved' | 'resized' | 'retyped' | 'bitfield' | 'container';

/** How one member of a struct or union changed. */
export interface MemberDiff {
  /** C access path after the change (before, for a removed member): `__state`, `u.field`. */
  name: string;
  change: 'added' | 'removed' | 'changed' | 'renamed';
  /** For changed/renamed members: what differs besides the name (shared, frozen arrays). */
  aspects: readonly MemberAspect[];
  bitOffsetBefore?: number;
  bitOffsetAfter?: number;
  /** Bitfield width, or the type's byte size × 8 for a plain member. */
  bitSizeBefore?: number;
  bitSizeAfter?: number;
  /** Whether the member is a bitfield on that side. */
  bitfieldBefore?: boolean;
  bitfieldAfter?: boolean;
  typeBefore?: string;
  typeAfter?: string;
  /** Unnamed anonymous wrappers (`union`, `struct > union`); omitted when top level. */
  containerBefore?: string;
  containerAfter?: string;
  /** For renames: the old access path. */
  renamedFrom?: string;
  /** For renames: why we think so, e.g. ['same offset', 'same size', 'same type']. */
  renameEvidence?: string[];
}

export interface EnumValueDiff {
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** Decimal, as the enum's signedness reads it (strings: values may exceed 2^53). */
  valueBefore?: string;
  valueAfter?: string;
}

export interface ParamDiff {
  /** 0-based position. */
  index: number;
  change: 'added' | 'removed' | 'changed';
  nameBefore?: string;
  nameAfter?: string;
  typeBefore?: string;
  typeAfter?: string;
}

/** One type of a diff (matched by kind and name), with its member, value or parameter changes. */
export interface TypeDiff {
  kind: DiffKind;
  name: string;
  change: TypeChange;
  idBefore?: number;
  idAfter?: number;
  /** struct/union/enum size; a typedef's or var's resolved size. */
  byteSizeBefore?: number;
  byteSizeAfter?: number;
  /** typedef target, var type, func declaration (`int f(struct sock *sk)`), enum `enum64`. */
  typeBefore?: string;
  typeAfter?: string;
  /** struct/union (and a typedef of an anonymous struct/union): changed members only. */
  members?: MemberDiff[];
  /** enum (and a typedef of an anonymous enum): changed values only. */
  values?: EnumValueDiff[];
  /** func: changed parameters only. */
  params?: ParamDiff[];
  returnTypeBefore?: string;
  returnTypeAfter?: string;
  /** Set when either side has several types of this kind + name (count per side). */
  duplicates?: { before: number; after: number };
}

export interface KindSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export interface DuplicateName {
  kind: DiffKind;
  name: string;
  before: number;
  after: number;
}

/** Options of the kernel-to-kernel diff. */
export interface DiffOptions {
  /** Only these kinds (default: all of DIFF_KINDS). */
  kinds?: readonly DiffKind[];
  /** Only types with these names (of any selected kind). */
  names?: readonly string[];
  /** Also list unchanged types (change: 'unchanged'). */
  includeUnchanged?: boolean;
  /**
   * Build member/value/param details of changed types during the diff (default true).
   * Without it they are built when an entry is first read.
   */
  details?: boolean;
}

export function emptySummary(): Record<DiffKind, KindSummary> {
  const s = {} as Record<DiffKind, KindSummary>;
  for (const k of DIFF_KINDS) s[k] = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  return s;
}
