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
  /** Per type: INFERRED | PACKED bits. Sparse: a single layout touches a few dozen types. */
  private readonly flags = new Map<number, number>();

  constructor(btf: Btf, cachelineBytes = 64) {
    this.model = PaholeModel.of(btf, cachelineBytes);
  }

  get cachelineBytes(): number {
    return this.model.cachelineBytes;
  }

  isPacked(id: number): boolean {
    return ((this.flags.get(id) ?? 0) & PACKED) !== 0;
  }

  /** class__infer_packed_attributes (structs only; unions answer false). */
  inferClass(id: number): boolean {
    const m = this.model;
    if (m.tag(id) !== Tag.Struct) return false;
    const f = this.flags.get(id) ?? 0;
    if (f & INFERRED) return (f & PACKED) !== 0;
    const c = m.classInfo(id);
    let packed = false;
    if (c.padding !== 0 || c.nrHoles !== 0) {
      this.markStructsAtUnnaturalAlignments(id);
    } else {
      let maxNatural = 1;
      for (const pos of c.members) {
        const na = m.naturalAlignment(m.strip(pos.typeId));
        if (na === 1) continue;
        if (na > maxNatural) maxNatural = na;
        if (pos.byteOffset % na === 0) continue;
        packed = true;
        break;
      }
      if (!packed && c.byteSize % maxNatural !== 0) packed = true;
    }
    this.flags.set(id, INFERRED | (packed ? PACKED : 0));
    return packed;
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
    if ((this.flags.get(id) ?? 0) & INFERRED) return;
    const m = this.model;
    const c = m.classInfo(id);
    for (const pos of c.members) {
      const mt = m.strip(pos.typeId);
      if (!mt || m.tag(mt) !== Tag.Struct) continue;
      if (c.byteSize % m.naturalAlignment(mt) !== 0) this.mark(mt);
    }
    this.flags.set(id, (this.flags.get(id) ?? 0) | INFERRED);
  }

  private mark(id: number): void {
    this.flags.set(id, INFERRED | PACKED);
  }
}

const INFERRED = 1;
const PACKED = 2;
