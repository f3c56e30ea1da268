/**
 * Which loaded kernel is the base of a split BTF (a kernel module's .BTF)?
 *
 * Split BTF continues its base's type ids and string offsets, so parsed on the wrong base it
 * refers to ids and strings that do not exist (validation errors) or, when the wrong base is
 * big enough, lands in the middle of other strings. A candidate must parse without errors and
 * every sampled name offset must start a string (the byte before it is NUL). Several fitting
 * kernels (the same kernel twice, or look-alikes) are reported, and the page asks the user.
 */
import { type Btf, type BtfSource, hasFileErrors, openBtf } from '../core/index';
import type { FileId } from './protocol';

export interface BaseCandidate {
  fileId: FileId;
  btf: Btf;
  sha256: string;
}

export interface BaseMatch {
  /** Kernels the split BTF fits, best first. */
  fits: { fileId: FileId; source: BtfSource; diagnostics: ReturnType<typeof openBtf>['diagnostics'] }[];
}

/** True when a BTF parsed without base looks like split BTF: its string section does not start with "". */
export function looksSplit(btf: Btf): boolean {
  return btf.base === undefined && btf.ownStringBytes > 0 && btf.str(0) !== '';
}

/** Fraction of sampled own name offsets that start a string; 1 for the right base. */
export function nameAlignment(btf: Btf, sample = 4000): number {
  let named = 0;
  let aligned = 0;
  const step = Math.max(1, Math.floor(btf.ownTypeCount / sample));
  for (let id = btf.startId; id < btf.typeCount; id += step) {
    const off = btf.nameOff(id);
    if (off === 0) continue;
    named++;
    if (btf.isValidStrOff(off) && btf.strBytes(off - 1).length === 0) aligned++;
  }
  return named === 0 ? 1 : aligned / named;
}

export function matchBase(bytes: Uint8Array, kernels: readonly BaseCandidate[]): BaseMatch {
  const fits: BaseMatch['fits'] = [];
  const seen = new Set<string>();
  for (const k of kernels) {
    // The same kernel loaded twice is one candidate, not an ambiguity.
    if (seen.has(k.sha256)) continue;
    const r = openBtf(bytes, { base: k.btf });
    if (!r.value || hasFileErrors(r.diagnostics)) continue;
    if (nameAlignment(r.value.btf) < 0.999) continue;
    seen.add(k.sha256);
    fits.push({ fileId: k.fileId, source: r.value, diagnostics: r.diagnostics });
  }
  return { fits };
}
