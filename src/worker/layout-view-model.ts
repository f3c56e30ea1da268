/**
 * View models of the Type view: a struct's layout, a type's C text with its clickable type
 * names, and the types that use it. The worker builds them from the core engines; the page
 * only renders them (so a share link can carry them too).
 */
import type { StructLayout } from '../core/index';
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
  /** Set when the kernel would refuse this type (e.g. a member past its end): why. */
  invalid?: { code: string; message: string } | undefined;
  /**
   * Set when `text` is an excerpt (a struct of hundreds of MB is that many lines of padding):
   * how much of bpftool's text `text` leaves out. `downloadC` gives the whole of it.
   */
  excerpt?: { omittedLines: number; omittedBytes: number; totalBytes: number } | undefined;
}

export interface UsedByView {
  key: TypeKey;
  total: number;
  users: { id: number; key: TypeKey; kind: number; name: string; via: string }[];
}

/** A struct or union laid out as pahole 1.24 does (`btfscope layout` shows the same). */
export interface LayoutView {
  key: TypeKey;
  /** The struct/union laid out (a typedef key resolves to the type it names). */
  id: number;
  duplicates: number;
  layout: StructLayout;
  /** pahole's text of the same layout. */
  paholeText: string;
}
