/**
 * Facts about a dropped file that do not need a parse: its sha256 (which names the file in
 * links), head and tail bytes for error reports, and the kernel release it probably belongs
 * to, guessed from its name or its contents (a bzImage's setup header, an ELF's
 * "Linux version" banner).
 */
import type { FileFacts } from './protocol';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // crypto.subtle exists in workers, pages on localhost/https, and Node >= 19.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fileFacts(name: string, bytes: Uint8Array, sha256: string): FileFacts {
  return {
    name,
    byteSize: bytes.length,
    sha256,
    headHex: toHex(bytes.subarray(0, 16)),
    tailHex: toHex(bytes.subarray(Math.max(0, bytes.length - 16))),
  };
}

const PACKING_SUFFIX = /\.(xz|gz|zst|zstd|tar|tgz|btf|ko|o|bpf|elf|bin|raw|img)$/i;
const RELEASE = /\d+\.\d+(?:\.\d+)?(?:[-+~][\w.+~-]*[\w+])?/;

/** '5.4.0-42-generic.btf.tar.xz' → '5.4.0-42-generic'; 'vmlinux-6.18.btf.xz' → '6.18'. */
export function releaseFromName(name: string): string | undefined {
  let base = name.replace(/^.*[\\/]/, '').replace(/^tar:/, '');
  for (let i = 0; i < 6 && PACKING_SUFFIX.test(base); i++) base = base.replace(PACKING_SUFFIX, '');
  base = base.replace(/^(vmlinux|vmlinuz|bzImage|btf|linux-image)[-_.]?/i, '');
  return RELEASE.exec(base)?.[0];
}

/** The release from a bzImage setup header (kernel_version) or an ELF "Linux version" banner. */
export function releaseFromContents(bytes: Uint8Array): string | undefined {
  const isBzImage = bytes.length > 0x210 && bytes[0x202] === 0x48 && bytes[0x203] === 0x64 && bytes[0x204] === 0x72 && bytes[0x205] === 0x53;
  if (isBzImage) {
    const ptr = bytes[0x20e]! | (bytes[0x20f]! << 8);
    const s = cString(bytes, ptr + 0x200, 128);
    const word = s.split(' ')[0];
    if (word && RELEASE.test(word)) return word;
  }
  const banner = indexOfAscii(bytes, 'Linux version ', 256 << 20);
  if (banner >= 0) {
    const word = cString(bytes, banner + 14, 128).split(' ')[0];
    if (word && RELEASE.test(word)) return word;
  }
  return undefined;
}

function cString(bytes: Uint8Array, at: number, max: number): string {
  let s = '';
  for (let i = at; i < bytes.length && i < at + max && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function indexOfAscii(bytes: Uint8Array, text: string, limit: number): number {
  const first = text.charCodeAt(0);
  const end = Math.min(bytes.length - text.length, limit);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= end; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
