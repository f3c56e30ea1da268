import { describe, expect, it } from 'vitest';
import { describeForeign } from './detect-foreign';
import { ErrorCode } from './diagnostics';
import { openBtf } from './open-btf';

const bytes = (...parts: (string | number[])[]) => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i));
    else out.push(...p);
  }
  return new Uint8Array(out);
};
const binary = (head: Uint8Array) => {
  const b = new Uint8Array(600);
  b.set(head);
  b.fill(0, head.length); // NULs: never text
  return b;
};

describe('describeForeign: a wrong file is named by its magic', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'), /^a PNG image$/],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], [0, 16], 'JFIF'), /^a JPEG image$/],
    ['GIF', bytes('GIF89a'), /GIF image/],
    ['PDF', bytes('%PDF-1.7\n'), /PDF document/],
    ['zip', bytes('PK', [3, 4, 20, 0]), /zip archive/],
    ['7z', bytes('7z', [0xbc, 0xaf, 0x27, 0x1c]), /7-Zip/],
    ['deb', bytes('!<arch>\ndebian-binary   '), /Debian package/],
    ['cpio', bytes('070701000000'), /cpio/],
    ['wasm', bytes([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), /WebAssembly/],
    ['Mach-O', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), /Mach-O/],
    ['PE', bytes('MZ', [0x90, 0]), /PE/],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), /WebP image/],
    ['HTML', bytes('<!DOCTYPE html>\n<html>'), /HTML page/],
    ['C source', bytes('#include <linux/bpf.h>\nint x;\n'), /text file/],
    ['empty', new Uint8Array(0), /empty file/],
  ];
  for (const [name, head, want] of cases) {
    // Binary heads are padded with NULs (never text); text heads are tested as they are.
    it(name, () => expect(describeForeign(/HTML|C source|empty/.test(name) ? head : binary(head))).toMatch(want));
  }

  it('names nothing for bytes it does not know', () => {
    expect(describeForeign(binary(bytes([0x12, 0x34, 0x56, 0x78, 0x9a])))).toBeUndefined();
  });

  it('looks at most 512 bytes into text, so a huge file costs nothing', () => {
    const big = new Uint8Array(1 << 20).fill(0x41);
    big[1000] = 0; // past the window: still text
    expect(describeForeign(big)).toMatch(/text file/);
  });
});

describe('openBtf says what a wrong file is', () => {
  const png = binary(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'));

  it('openBtf: "this is a PNG image, not BTF" with the stable code and offset 0', () => {
    const r = openBtf(png);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: ErrorCode.UnsupportedFormat, offset: 0 });
    expect(r.diagnostics[0]!.message).toMatch(/^this is a PNG image, not BTF; btfscope reads raw BTF/);
  });

  it('openBtf: unrecognised bytes stay "an unknown format"', () => {
    expect(openBtf(binary(bytes([0x12, 0x34, 0x56]))).diagnostics[0]!.message).toMatch(/^this file is an unknown format;/);
  });

});
