/**
 * Flattened struct/union members: what the diff compares member by member.
 *
 * Members reached through anonymous structs/unions are listed with absolute bit offsets
 * under their C access path: in `struct vm_fault { union { pte_t orig_pte; … }; }` the
 * member is `orig_pte` (written `vmf->orig_pte` in C), in a `struct { … } w;` member it
 * is `w.field`. The unnamed wrappers a member sits in are kept apart as its `container`
 * (`union`, `const struct`, `struct > union`), so wrapping a member into a union is seen.
 * A named member of anonymous struct type is itself listed too (type `struct {...}`, its
 * offset and size), so even an empty one (`struct {} __empty_x;`) counts.
 * Anonymous types behind a pointer or inside an array are not expanded: they are leaves
 * whose type hash covers their contents.
 *
 * `compositeSignature` hashes the list without keeping it: the fast path that decides
 * "unchanged"; `flattenMembers` keeps it (names stay offsets until `memberPath`) for the
 * detailed diff. Both walk with `walk`, so they cannot disagree.
 */
import { MAX_RESOLVE_DEPTH } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import type { TypeId } from '../btf/btf-types';
import { Hasher, MultisetHash, memberHashes } from './hash';
import type { RawRecords } from './raw-records';
import { Tag, type TypeHashes, nameSlot } from './type-hash';

/** One member of a flattened struct/union. */
export interface FlatMember {
  /** Name offset of the member's own name (0 or '' when unnamed). */
  nameOff: number;
  /** Index (in the same list) of the named anonymous aggregate it sits in, or -1. */
  parent: number;
  /** Unnamed anonymous wrappers around it, outermost first: '' | 'union' | 'struct > union'. */
  container: string;
  /** From the start of the outermost struct, in bits. */
  bitOffset: number;
  /** 0 unless a bitfield. */
  bitfieldSize: number;
  /** Size of the member's type in bytes; -1 when it has none. */
  byteSize: number;
  typeId: TypeId;
  /** Hash of the type's C spelling (anonymous types by content). */
  typeHash: number;
  /** Hash of the access path. */
  keyHash: number;
  /** Hash of everything compared: path, container, offsets, sizes, type. */
  sigHash: number;
  /** A named member of anonymous struct/union type; its members follow, flattened. */
  anonAggregate: boolean;
}

/**
 * The flattened members of one struct/union as parallel typed arrays (no object per
 * member: a changed struct usually differs in a few members, and only those become
 * objects). Each TypeHashes keeps two lists to reuse, so diffing a struct allocates
 * nothing per member.
 */
export class FlatList {
  length = 0;
  /** u32 as in the record: a signed array would turn offsets past 2^31 negative. */
  nameOff = new Uint32Array(64);
  parent = new Int32Array(64);
  container: string[] = [];
  bitOffset = new Float64Array(64);
  bitfieldSize = new Int32Array(64);
  byteSize = new Int32Array(64);
  typeId = new Int32Array(64);
  typeHash = new Float64Array(64);
  keyHash = new Float64Array(64);
  sigHash = new Float64Array(64);
  anonAggregate = new Uint8Array(64);

  clear(): this {
    this.length = 0;
    return this;
  }

  push(
    nameOff: number,
    parent: number,
    container: string,
    bitOffset: number,
    bitfieldSize: number,
    byteSize: number,
    typeId: number,
    typeHash: number,
    keyHash: number,
    sigHash: number,
    anonAggregate: boolean,
  ): void {
    const i = this.length++;
    if (i === this.sigHash.length) this.grow();
    this.nameOff[i] = nameOff;
    this.parent[i] = parent;
    this.container[i] = container;
    this.bitOffset[i] = bitOffset;
    this.bitfieldSize[i] = bitfieldSize;
    this.byteSize[i] = byteSize;
    this.typeId[i] = typeId;
    this.typeHash[i] = typeHash;
    this.keyHash[i] = keyHash;
    this.sigHash[i] = sigHash;
    this.anonAggregate[i] = anonAggregate ? 1 : 0;
  }

  private grow(): void {
    const n = this.sigHash.length * 2;
    const g = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const x = make(n);
      x.set(old);
      return x;
    };
    this.nameOff = g(this.nameOff, (k) => new Uint32Array(k));
    this.parent = g(this.parent, (k) => new Int32Array(k));
    this.bitOffset = g(this.bitOffset, (k) => new Float64Array(k));
    this.bitfieldSize = g(this.bitfieldSize, (k) => new Int32Array(k));
    this.byteSize = g(this.byteSize, (k) => new Int32Array(k));
    this.typeId = g(this.typeId, (k) => new Int32Array(k));
    this.typeHash = g(this.typeHash, (k) => new Float64Array(k));
    this.keyHash = g(this.keyHash, (k) => new Float64Array(k));
    this.sigHash = g(this.sigHash, (k) => new Float64Array(k));
    this.anonAggregate = g(this.anonAggregate, (k) => new Uint8Array(k));
  }

  /** Member i as an object, with its access path. */
  member(raw: RawRecords, i: number, anchor = 0): FlatMember & { path: string; index: number; anchor: number } {
    return {
      index: i,
      anchor,
      nameOff: this.nameOff[i]!,
      parent: this.parent[i]!,
      container: this.container[i]!,
      bitOffset: this.bitOffset[i]!,
      bitfieldSize: this.bitfieldSize[i]!,
      byteSize: this.byteSize[i]!,
      typeId: this.typeId[i]! as TypeId,
      typeHash: this.typeHash[i]!,
      keyHash: this.keyHash[i]!,
      sigHash: this.sigHash[i]!,
      anonAggregate: this.anonAggregate[i] === 1,
      path: memberPath(raw, this, i),
    };
  }
}

export interface Sink {
  hashes: MultisetHash;
  out: FlatList | undefined;
  /** Members listed so far in this walk (capped at th.flatLimit). */
  count: number;
  /** Set when the cap left members out. */
  cut: boolean;
}

/**
 * Hash of a struct/union: kind, size and the multiset of its flattened members. A
 * top-level call (depth 0) also leaves the flattened list in `th.lists[0]` (owner
 * `th.listOwner`), so a detailed diff right after need not walk the type again.
 */
export function compositeSignature(th: TypeHashes, id: number, depth: number): number {
  const out = depth === 0 ? th.lists[0].clear() : undefined;
  // Sinks are reused per nesting level (an anonymous member's type is hashed while its
  // parent's walk is under way): no objects per struct.
  const level = th.sinkLevel++;
  let sink = th.sinks[level];
  if (!sink) {
    sink = { hashes: new MultisetHash(), out: undefined, count: 0, cut: false };
    th.sinks[level] = sink;
  }
  sink.hashes.reset();
  sink.out = out;
  sink.count = 0;
  sink.cut = false;
  if (out) th.listOwner = 0;
  try {
    walk(th, id, sink, 0, 0, -1, 0, '', depth);
  } finally {
    th.sinkLevel = level;
  }
  if (out) th.listOwner = id;
  const btf = th.btf;
  if (sink.cut) {
    th.noteTruncated(id);
    sink.hashes.add(CUT_HASH);
  }
  const members = sink.hashes.value();
  return th.scratch
    .reset(btf.kind(id) === BtfKind.Union ? Tag.Union : Tag.Struct)
    .int(btf.sizeOrType(id))
    .hash(members)
    .value();
}

/**
 * The flattened members of struct/union `id`, in declaration order, into `into` (cleared
 * first; pass a list you own, or get a fresh one).
 */
export function flattenMembers(th: TypeHashes, id: number, into = new FlatList()): FlatList {
  const sink: Sink = { hashes: new MultisetHash(), out: into.clear(), count: 0, cut: false };
  walk(th, id, sink, 0, 0, -1, 0, '', 0);
  if (sink.cut) th.noteTruncated(id);
  return sink.out!;
}

/** C access path of member i: `orig_pte`, `w.field`; `(unnamed)` for an unnamed one. */
export function memberPath(raw: RawRecords, list: FlatList, i: number): string {
  let path = '';
  for (let d = 0; i >= 0 && d <= MAX_RESOLVE_DEPTH; d++) {
    const name = raw.str(list.nameOff[i]!) || '(unnamed)';
    path = path ? `${name}.${path}` : name;
    i = list.parent[i]!;
  }
  return path;
}

const pair = new Float64Array(2);
/**
 * Stands for the members a capped walk left out (see TypeHashes.flatLimit). Its own seed,
 * not a Tag: type-hash.ts imports this module, so Tag is not set yet when this line runs.
 */
const CUT_HASH = new Hasher(0x637574).value();

function walk(
  th: TypeHashes,
  id: number,
  sink: Sink,
  baseBit: number,
  prefixHash: number,
  parent: number,
  contHash: number,
  container: string,
  depth: number,
): void {
  const btf = th.btf;
  const raw = th.raw;
  const n = btf.vlen(id);
  const kflag = btf.kindFlag(id);
  let p = raw.locate(id);
  let seen = raw.locates;
  // The hot loop of every diff (each member of each compared struct): cached hashes are
  // read in place, and what is rare (anonymous members) lives in other functions, so the
  // JIT can inline the hash steps and nothing is boxed per member.
  for (let i = 0; i < n; i++) {
    // Anonymous members nested several times over multiply: a damaged BTF of a few hundred
    // bytes would list millions. Past the cap the walk stops (reported by the diff).
    if (sink.count >= th.flatLimit) {
      sink.cut = true;
      return;
    }
    // Hash lookups may have located other records since: locate this one again then.
    if (raw.locates !== seen) {
      p = raw.locate(id);
      seen = raw.locates;
    }
    const nameOff = raw.memberNameOff(p, i);
    const typeId = raw.memberType(p, i);
    const word = raw.memberOffset(p, i);
    const bitOffset = baseBit + (kflag ? word & 0xffffff : word);
    const bitfieldSize = kflag ? word >>> 24 : 0;
    const slot = nameSlot(nameOff);
    const nameHash = th.nameKeys[slot] === nameOff ? th.nameVals[slot]! : th.nameHash(nameOff);
    let anon = 0;
    if (bitfieldSize === 0 && depth < MAX_RESOLVE_DEPTH) {
      const memo = th.anonMemo[typeId];
      anon = memo !== undefined && memo !== -1 ? memo : anonComposite(th, typeId);
    }
    if (anon && nameHash === th.emptyNameHash) {
      walkUnnamed(th, typeId, anon, sink, bitOffset, prefixHash, parent, contHash, container, depth);
      continue;
    }
    const typeHash = anon ? anonTypeHash(th, typeId) : th.spell[typeId] || th.spelling(typeId);
    const byteSize = th.byteSize(typeId);
    memberHashes(Tag.Member, prefixHash, nameHash, contHash, bitOffset, bitfieldSize, byteSize, typeHash, pair);
    const keyHash = pair[0]!;
    const sigHash = pair[1]!;
    sink.hashes.add(sigHash);
    sink.count++;
    sink.out?.push(nameOff, parent, container, bitOffset, bitfieldSize, byteSize, typeId, typeHash, keyHash, sigHash, anon !== 0);
    if (anon) walkNamed(th, anon, sink, bitOffset, keyHash, contHash, container, depth);
  }
}

/** An unnamed anonymous struct/union member: its members belong to the enclosing type. */
function walkUnnamed(
  th: TypeHashes,
  typeId: number,
  anon: number,
  sink: Sink,
  bitOffset: number,
  prefixHash: number,
  parent: number,
  contHash: number,
  container: string,
  depth: number,
): void {
  const label = wrapperLabel(th, typeId);
  const cont = new Hasher(Tag.Member).hash(contHash).str(label).value();
  walk(th, anon, sink, bitOffset, prefixHash, parent, cont, sink.out ? (container ? `${container} > ${label}` : label) : '', depth + 1);
}

/** The members of a named member of anonymous struct/union type, under its path. */
function walkNamed(th: TypeHashes, anon: number, sink: Sink, bitOffset: number, keyHash: number, contHash: number, container: string, depth: number): void {
  const childPrefix = new Hasher(Tag.Dot).hash(keyHash).value();
  walk(th, anon, sink, bitOffset, childPrefix, sink.out ? sink.out.length - 1 : -1, contHash, container, depth + 1);
}

function anonTypeHash(th: TypeHashes, typeId: number): number {
  return new Hasher(Tag.AnonContent).str(wrapperLabel(th, typeId)).value();
}

/** The anonymous struct/union under `typeId`'s qualifiers, or 0. */
function anonComposite(th: TypeHashes, typeId: number): number {
  const memo = th.anonMemo[typeId];
  if (memo !== undefined && memo !== -1) return memo;
  const r = findAnonComposite(th, typeId);
  if (memo !== undefined) th.anonMemo[typeId] = r;
  return r;
}

function findAnonComposite(th: TypeHashes, typeId: number): number {
  const btf = th.btf;
  for (let d = 0; d < MAX_RESOLVE_DEPTH && btf.isValidId(typeId); d++) {
    const k = btf.kind(typeId);
    if (k === BtfKind.Struct || k === BtfKind.Union) return th.nameHash(btf.nameOff(typeId)) === th.emptyNameHash ? typeId : 0;
    if (k !== BtfKind.Const && k !== BtfKind.Volatile && k !== BtfKind.Restrict && k !== BtfKind.TypeTag) return 0;
    typeId = btf.sizeOrType(typeId);
  }
  return 0;
}

/** `union`, `const struct`: the qualifiers and keyword of an anonymous member's type. */
function wrapperLabel(th: TypeHashes, typeId: number): string {
  const btf = th.btf;
  const words: string[] = [];
  for (let d = 0; d < MAX_RESOLVE_DEPTH && btf.isValidId(typeId); d++) {
    const k = btf.kind(typeId);
    if (k === BtfKind.Struct || k === BtfKind.Union) {
      words.push(k === BtfKind.Struct ? 'struct' : 'union');
      break;
    }
    if (k === BtfKind.Const) words.push('const');
    else if (k === BtfKind.Volatile) words.push('volatile');
    else if (k === BtfKind.Restrict) words.push('restrict');
    typeId = btf.sizeOrType(typeId);
  }
  return words.join(' ');
}
