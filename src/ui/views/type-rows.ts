/** Rows of the virtualized type table, from worker TypeWindows fetched in pages. */
import { kindKeyword, kindName } from '../../core/btf/btf-kinds';
import { type FileId, type ListTypesArgs, TYPE_PAGE_ROWS, type TypeQuery, type TypeSort, type TypeWindow } from '../../worker/protocol';
import { KIND_WORDS } from '../url/url-state';

export const PAGE_ROWS = TYPE_PAGE_ROWS;

/** The list query of the Types view's filter fields (key order matters: it is a cache key). */
export function typeQuery(text: string, fuzzy: boolean, kindWords: readonly string[]): TypeQuery {
  return { text, mode: fuzzy ? 'fuzzy' : 'substring', kinds: kindNumbers(kindWords) };
}

export interface TypeRow {
  id: number;
  kind: number;
  kindName: string;
  name: string;
  byteSize: number;
  members: number;
  key: string;
}

export function rowAt(win: TypeWindow, index: number): TypeRow | undefined {
  const i = index - win.start;
  if (i < 0 || i >= win.ids.length) return undefined;
  const id = win.ids[i]!;
  const kind = win.kinds[i]!;
  const name = win.names[i]!;
  return {
    id,
    kind,
    kindName: kindName(kind).toLowerCase(),
    name,
    byteSize: win.byteSizes[i]!,
    members: win.vlens[i]!,
    key: name ? `${kindKeyword(kind)}:${name}` : `#${id}`,
  };
}

export function kindNumbers(words: readonly string[]): number[] {
  return words.map((w) => (KIND_WORDS as readonly string[]).indexOf(w) + 1).filter((k) => k > 0);
}

export function pageArgs(fileId: FileId, query: TypeQuery, sort: TypeSort, page: number): ListTypesArgs {
  return { fileId, query, sort, range: { start: page * PAGE_ROWS, count: PAGE_ROWS } };
}
