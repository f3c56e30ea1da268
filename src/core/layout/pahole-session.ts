/**
 * pahole's inferred `__attribute__((__packed__))` (dwarves.c
 * `class__infer_packed_attributes`, `union__infer_packed_attributes`,
 * `type__check_structs_at_unnatural_alignments`).
 *
 * Unlike every other layout fact this one depends on history: a struct is also marked packed
 * when some *other* struct printed earlier embeds it at an unnatural offset (and has holes or
 * padding itself), or a union printed earlier holds it and the union's size is not a multiple
 * of its alignment. pahole keeps that mark for the rest of the run. A session carries the
 * marks across layouts: a fresh session per type answers like `pahole -C NAME`; one session
 * over all types in id order reproduces a full `pahole` run.
 */
import type { Btf } from '../btf/btf';
import { PaholeModel, Tag } from './pahole-model';

export class PaholeSession {
  readonly model: PaholeModel;
  private readonly packed: Uint8Array;
  private readonly inferred: Uint8Array;

  constructor(btf: Btf, cachelineBytes = 64) {
    this.model = PaholeModel.of(btf, cachelineBytes);
    this.packed = new Uint8Array(this.model.t.count);
    this.inferred = new Uint8Array(this.model.t.count);
  }

  get cachelineBytes(): number {
    return this.model.cachelineBytes;
  }

  isPacked(id: number): boolean {
    return this.packed[id] === 1;
  }

  /** class__infer_packed_attributes (structs only; unions answer false). */
  inferClass(id: number): boolean {
    const m = this.model;
    if (m.tag(id) !== Tag.Struct) return false;
    if (this.inferred[id]) return this.packed[id] === 1;
    const c = m.classInfo(id);
    if (c.padding !== 0 || c.nrHoles !== 0) {
      this.markStructsAtUnnaturalAlignments(id);
      this.packed[id] = 0;
    } else {
      let maxNatural = 1;
      let packed = false;
      for (const pos of c.members) {
        const na = m.naturalAlignment(m.strip(pos.typeId));
        if (na === 1) continue;
        if (na > maxNatural) maxNatural = na;
        if (pos.byteOffset % na === 0) continue;
        packed = true;
        break;
      }
      if (!packed && c.byteSize % maxNatural !== 0) packed = true;
      if (packed) this.packed[id] = 1;
    }
    this.inferred[id] = 1;
    return this.packed[id] === 1;
  }

  /** Marks member structs placed at offsets their natural alignment forbids. */
  private markStructsAtUnnaturalAlignments(id: number): void {
    const m = this.model;
    for (const pos of m.classInfo(id).members) {
      const mt = m.strip(pos.typeId);
      if (!mt || m.tag(mt) !== Tag.Struct) continue;
      if (pos.byteOffset % m.naturalAlignment(mt) !== 0) this.mark(mt);
    }
  }

  /** union__infer_packed_attributes: member structs that an array of the union would misalign. */
  inferUnion(id: number): void {
    if (this.inferred[id]) return;
    const m = this.model;
    const c = m.classInfo(id);
    for (const pos of c.members) {
      const mt = m.strip(pos.typeId);
      if (!mt || m.tag(mt) !== Tag.Struct) continue;
      if (c.byteSize % m.naturalAlignment(mt) !== 0) this.mark(mt);
    }
    this.inferred[id] = 1;
  }

  private mark(id: number): void {
    this.packed[id] = 1;
    this.inferred[id] = 1;
  }
}
