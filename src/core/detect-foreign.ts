/**
 * describeForeign(bytes): names a file that is not BTF by its magic bytes (a PNG, a PDF, a zip…),
 * so "not BTF" can say what the file is instead of "unknown format". Only formats with a
 * distinctive signature are named; anything else stays undescribed (undefined).
 * Signatures: each format's own spec (PNG §5.2, PDF §7.5.2, zip APPNOTE 4.3.7, ELF gABI, …).
 */

interface Signature {
  what: string;
  at?: number;
  bytes: readonly number[] | string;
}

const SIGNATURES: readonly Signature[] = [
  { what: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', bytes: 'GIF87a' },
  { what: 'a GIF image', bytes: 'GIF89a' },
  { what: 'a PDF document', bytes: '%PDF-' },
  { what: 'a zip archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { what: 'a zip archive', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { what: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { what: 'a RAR archive', bytes: 'Rar!\x1a\x07' },
  { what: 'a Debian package or ar archive (.deb/.a): unpack it first', bytes: '!<arch>\n' },
  { what: 'a cpio archive (an initramfs?)', bytes: '070701' },
  { what: 'a cpio archive (an initramfs?)', bytes: '070702' },
  { what: 'an RPM package', bytes: [0xed, 0xab, 0xee, 0xdb] },
  { what: 'a WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { what: 'an SQLite database', bytes: 'SQLite format 3\0' },
  { what: 'a Mach-O executable (macOS)', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { what: 'a Mach-O executable (macOS)', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { what: 'a Mach-O executable (macOS)', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { what: 'a Mach-O executable (macOS)', bytes: [0xfe, 0xed, 0xfa, 0xce] },
  { what: 'a Java class file or universal Mach-O binary', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { what: 'a Windows or EFI executable (PE) without a Linux kernel payload', bytes: 'MZ' },
  { what: 'an ISO 9660 disk image', at: 0x8001, bytes: 'CD001' },
];

function matches(b: Uint8Array, sig: Signature): boolean {
  const at = sig.at ?? 0;
  const n = sig.bytes.length;
  if (b.length < at + n) return false;
  for (let i = 0; i < n; i++) {
    const want = typeof sig.bytes === 'string' ? sig.bytes.charCodeAt(i) : sig.bytes[i]!;
    if (b[at + i] !== want) return false;
  }
  return true;
}

/** RIFF containers name their form type at offset 8 (WEBP, WAVE, AVI ). */
function describeRiff(b: Uint8Array): string | undefined {
  if (b.length < 12 || !matches(b, { what: '', bytes: 'RIFF' })) return undefined;
  const form = String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!);
  if (form === 'WEBP') return 'a WebP image';
  if (form === 'WAVE') return 'a WAV audio file';
  if (form === 'AVI ') return 'an AVI video';
  return 'a RIFF file';
}

/** Text: the first 512 bytes are printable ASCII or UTF-8 with tabs and newlines, and no NUL. */
function describeText(b: Uint8Array): string | undefined {
  const n = Math.min(b.length, 512);
  if (n === 0) return undefined;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c !== 0x7f)) continue;
    return undefined;
  }
  const head = String.fromCharCode(...b.subarray(0, Math.min(n, 64))).trimStart();
  if (head.startsWith('#!')) return 'a script (text)';
  if (/^<(!doctype html|html)/i.test(head)) return 'an HTML page (a download that saved the web page?)';
  if (head.startsWith('<?xml') || head.startsWith('<svg')) return 'an XML/SVG text file';
  if (head.startsWith('{') || head.startsWith('[')) return 'a JSON or other text file';
  return 'a text file (C source or a header? btfscope reads compiled BTF: a vmlinux or a .bpf.o)';
}

/**
 * What a non-BTF file is, as a phrase to follow "this is" ("a PNG image"), or undefined when its
 * first bytes match no signature this knows.
 */
export function describeForeign(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'an empty file';
  for (const s of SIGNATURES) if (matches(bytes, s)) return s.what;
  return describeRiff(bytes) ?? describeText(bytes);
}
