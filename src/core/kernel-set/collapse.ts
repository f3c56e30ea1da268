/**
 * Byte-identical kernels collapse into one member listing all their labels (BTFHub repeats
 * the same BTF under many package versions). Identity is the hash of the kernel's BTF bytes
 * (the `.BTF` blob as parsed, whatever file or packing carried it), computed by the host:
 * sha256 (node:crypto in the CLI's workers, crypto.subtle in the page), so this module
 * stays pure and synchronous.
 */
import { compareLabels } from './release-order';

export interface HashedKernel {
  label: string;
  /** Hex digest of the kernel's BTF bytes. */
  hash: string;
}

export interface SetMember {
  /** The first label in natural order: the name the member is shown and computed under. */
  label: string;
  /** Every label whose BTF is these bytes, in natural order (`label` first). */
  labels: string[];
  hash: string;
}

/** Members in natural label order, one per distinct hash. */
export function collapseIdentical(kernels: readonly HashedKernel[]): SetMember[] {
  const byHash = new Map<string, string[]>();
  for (const k of kernels) {
    const list = byHash.get(k.hash);
    if (list) list.push(k.label);
    else byHash.set(k.hash, [k.label]);
  }
  const members: SetMember[] = [];
  for (const [hash, labels] of byHash) {
    labels.sort(compareLabels);
    members.push({ label: labels[0]!, labels, hash });
  }
  return members.sort((a, b) => compareLabels(a.label, b.label));
}
