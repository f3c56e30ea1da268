/**
 * Kernel-set members: the label of a file found under a folder (its path relative to the
 * folder, without packing extensions), and the fields of BTFHub's archive layout
 * (`<distro>/<release>/<arch>/<kernel>.btf.tar.xz`, aquasecurity/btfhub-archive).
 *
 * Labels use `/` whatever the host's separator, so a set scanned on one machine names its
 * members as on any other. Pure: no file system here (the CLI walks folders, the page reads
 * dropped directory entries).
 */

/** The fields BTFHub's layout gives a member; absent ones are not guessed. */
export interface KernelFields {
  distro?: string;
  /** The distribution's release (`20.04`, `8`, `bullseye`). */
  release?: string;
  arch?: string;
  /** The kernel release (`5.4.0-1011-aws`): the file name without extensions. */
  kernel: string;
}

// Packings first (outermost last in the name), then what names a BTF-carrying file.
const PACKING = /\.(tar\.xz|tar\.gz|tar\.zst|tgz|txz|tar|xz|gz|zst|zstd|bz2)$/i;
const CARRIER = /\.(btf|vmlinux|elf|bin|raw|o|ko)$/i;

/** BTFHub's architecture directory names (and Debian's, which name the same machines). */
const ARCHES = new Set(['x86_64', 'amd64', 'arm64', 'aarch64', 'ppc64el', 'ppc64le', 's390x', 'riscv64', 'i386', 'i686', 'armhf', 'armel', 'mips64el', 'loongarch64']);

/** `vmlinux-6.1` for `vmlinux-6.1.btf.xz`, `5.4.0-1011-aws` for `5.4.0-1011-aws.btf.tar.xz`. */
export function stripPackingExtensions(fileName: string): string {
  let s = fileName;
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(PACKING, '');
  }
  s = s.replace(CARRIER, '');
  return s || fileName;
}

/**
 * A member's label: `relPath` (relative to the folder the user gave, `/` or `\` separated)
 * without leading `./`, empty segments, and the last segment's packing extensions.
 */
export function memberLabel(relPath: string): string {
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (!parts.length) return relPath;
  parts[parts.length - 1] = stripPackingExtensions(parts[parts.length - 1]!);
  return parts.join('/');
}

/**
 * The BTFHub fields of a label: the segment before the file names an architecture; the one
 * before it is the distribution's release and the one before that the distribution. A label
 * from a folder deeper in the archive (`20.04/x86_64/k`) has no distro; a flat one only a kernel.
 */
export function kernelFields(label: string): KernelFields {
  const parts = label.split('/');
  const kernel = parts[parts.length - 1]!;
  const arch = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
  if (!arch || !ARCHES.has(arch.toLowerCase())) return { kernel };
  const f: KernelFields = { kernel, arch };
  if (parts.length >= 3) f.release = parts[parts.length - 3]!;
  if (parts.length >= 4) f.distro = parts[parts.length - 4]!;
  return f;
}
