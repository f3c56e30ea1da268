/**
 * The struct/union layout model: what pahole 1.24 shows for a type, as plain data (JSON- and
 * postMessage-safe). Offsets and sizes are pahole's numbers (see pahole-model.ts for how
 * they differ from raw BTF arithmetic). Units are in the names: `...Bytes`, `...Bits`.
 */

/** How pahole writes a member's type and name (input of `formatPaholeLayout`). */
export type MemberDecl =
  /** `<type padded> <name>`: base types, typedefs, pointers to named types. */
  | { k: 'type'; type: string }
  /** `struct <name padded> <member>` (also union/enum): named aggregate types. */
  | { k: 'tagged'; keyword: 'struct' | 'union' | 'enum'; name: string }
  /** `const ` then the rest, 6 columns narrower. */
  | { k: 'const'; inner: MemberDecl }
  /** `<ret padded> (*name)(params)` (ptr) or `<ret padded> (name)(params)`. */
  | { k: 'fn'; ret: string; params: string; ptr: boolean }
  /** The element's declaration, then `[N]` (pahole prints BTF's nested arrays innermost first). */
  | { k: 'array'; elem: MemberDecl; dims: string }
  /** An anonymous struct/union printed inline: the member's `nested` layout. `ptr`: behind a pointer. */
  | { k: 'inline'; ptr: boolean }
  /** An anonymous enum printed inline, at `indent`, followed by `suffix`. */
  | { k: 'enum'; values: { name: string; value: string }[]; byteSize: number; indent: number; suffix: string | null }
  /** A type pahole could not load (e.g. BTF kinds it does not know). */
  | { k: 'error'; text: string };

/** pahole's printing context of one struct/union (its conf_fprintf), for the formatter. */
export interface PaholePrintConf {
  indent: number;
  typeSpacing: number;
  nameSpacing: number;
  /** `typedef` for a top-level anonymous struct reached through a typedef. */
  prefix: string | null;
  /** Text after the closing brace: the typedef name, or the member name of inline types. */
  suffix: string | null;
  /** Whether the `/* size: ... *\/` summary is printed. */
  emitStats: boolean;
}

/** One member of a layout, with pahole's offsets, sizes and the hole after it. */
export interface LayoutMember {
  /** '' for an anonymous member (an inline struct/union without a name). */
  name: string;
  typeId: number;
  /** The member's type as C, the way pahole names it (`struct list_head *`, `char[16]`). */
  typeName: string;
  /** Offset from the start of the containing struct, in bits (BTF's, pahole-adjusted). */
  bitOffset: number;
  /** pahole's byte offset in the containing struct; a bitfield's is that of its storage unit. */
  byteOffset: number;
  /** The offset pahole prints: from the start of the outermost type (or of the pointed-to type). */
  absByteOffset: number;
  /** Size of the member's type (storage unit for bitfields). */
  byteSize: number;
  /** 0 unless a bitfield. */
  bitfieldSize: number;
  /** Bit position of a bitfield inside its storage unit. */
  bitfieldOffset: number;
  /** Inferred `__attribute__((__aligned__(N)))`, 0 for none. */
  alignment: number;
  /** Hole after this member (structs only). */
  holeBytesAfter: number;
  bitHoleBitsAfter: number;
  /** Tail padding of the member's type when that type is directly a struct, else 0. */
  typePaddingBytes: number;
  /** absByteOffset / cachelineBytes. */
  cacheline: number;
  /** An anonymous struct/union shown inline (pahole expands them). */
  nested?: StructLayout;
  decl: MemberDecl;
}

/** A struct or union laid out as pahole computes it: members, holes, padding, cachelines and the totals of its summary. */
export interface StructLayout {
  kind: 'struct' | 'union';
  typeId: number;
  /** '' when anonymous. */
  name: string;
  /** For a top-level anonymous type: the first typedef naming it ('' if none). */
  typedefName: string;
  byteSize: number;
  cachelineBytes: number;
  /** ceil(size / cacheline), pahole's `cachelines:` (0 for an empty struct of size 1). */
  cachelines: number;
  /** BTF vlen: pahole's `members:`. */
  memberCount: number;
  members: LayoutMember[];
  /** Where this type starts inside the outermost one (0 at top level). */
  baseByteOffset: number;
  // Totals as pahole prints them in the summary (struct only; zero for unions).
  sumMemberBytes: number;
  sumBitfieldBits: number;
  /** Number of byte holes, and their sum (including one before the first member). */
  holes: number;
  holeBytes: number;
  bitHoles: number;
  bitHoleBits: number;
  preHoleBytes: number;
  preBitHoleBits: number;
  /** Tail padding. */
  paddingBytes: number;
  bitPaddingBits: number;
  /** Members whose struct type has tail padding (`paddings:`), and that padding summed. */
  paddings: number;
  paddingSumBytes: number;
  forcedAlignments: number;
  forcedHoles: number;
  forcedHoleBytes: number;
  /** (baseByteOffset + size) % cacheline, 0 when it ends on a boundary. */
  lastCachelineBytes: number;
  /** Inferred `__aligned__(N)` of the type, 0 for none. */
  alignment: number;
  /** pahole's inferred `__packed__`. */
  isPacked: boolean;
  print: PaholePrintConf;
}
