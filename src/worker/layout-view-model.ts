/**
 * View models of the Type view: a struct's layout, a type's C text with its clickable type
 * names, and the types that use it. The worker builds them from the core engines; the page
 * only renders them (so a share link can carry them too).
 */
import type { TypeKey } from './protocol';

/** Where a type name occurs in C text (1-based line and column, as Monaco counts). */
export interface TypeRef {
  key: TypeKey;
  line: number;
  column: number;
  length: number;
}

export interface TypeCView {
  key: TypeKey;
  id: number;
  kind: number;
  name: string;
  /** The type's C definition, as `bpftool btf dump … format c` writes it. */
  text: string;
  refs: TypeRef[];
  /** How many types share this kind + name (the first is shown). */
  duplicates: number;
}

export interface UsedByView {
  key: TypeKey;
  total: number;
  users: { id: number; key: TypeKey; kind: number; name: string; via: string }[];
}

/** Placeholder until the layout engine lands (see layout view). */
export interface LayoutView {
  key: TypeKey;
  id: number;
  kind: number;
  name: string;
  byteSize: number;
  duplicates: number;
}
