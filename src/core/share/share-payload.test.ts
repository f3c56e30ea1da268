/**
 * Share payloads: round trips, pinned literal payloads of every released version
 * (Compiler Explorer url-tests style: a released link must keep opening), and the limits
 * that make links safe to open.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BtfKind } from '../btf/btf-kinds';
import type { BtfComposite } from '../btf/btf-types';
import { parseBtf } from '../btf/parse-btf';
import { encodeBtf } from '../btf-write/encode-btf';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { inflateBounded } from './bounded-inflate';
import { decodeSharePayload, encodeSharePayload } from './share-payload';
import { SHARE_VERSION, type SharePayload } from './share-schema';
import { parseSourceRef } from './source-ref';

const pairBtf = encodeBtf([
  { kind: BtfKind.Int, name: 'int', byteSize: 4, encoding: 1 },
  {
    kind: BtfKind.Struct,
    name: 'pair',
    byteSize: 8,
    members: [
      { name: 'a', typeId: 1, bitOffset: 0, bitfieldSize: 0 },
      { name: 'b', typeId: 1, bitOffset: 32, bitfieldSize: 0 },
    ],
  },
]);

const sample: SharePayload = {
  view: 'diff',
  state: { type: 'struct:pair', tab: 'layout', rows: [1, 'x'], wide: true },
  blobs: [
    { label: 'a.btf', sha256: '0123456789abcdef', bytes: pairBtf },
    { label: 'vmlinux-6.1', ref: 'sample:6.1' },
  ],
};

/** Packs arbitrary bytes as a v1 container (for malformed-input tests). */
function container(body: Uint8Array, declared = body.length, version = 1): string {
  const v: number[] = [];
  let n = declared;
  do {
    v.push((n & 127) | (n > 127 ? 128 : 0));
    n >>>= 7;
  } while (n > 0);
  const d = deflateSync(body);
  return encodeBase64Url(Uint8Array.from([version, ...v, ...d]));
}
function jsonBody(json: unknown, files: Uint8Array = new Uint8Array(0)): Uint8Array {
  const j = new TextEncoder().encode(JSON.stringify(json));
  return Uint8Array.from([j.length & 127 | (j.length > 127 ? 128 : 0), ...(j.length > 127 ? [j.length >> 7] : []), ...j, ...files]);
}

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(decodeBase64Url(encodeBase64Url(b))).toEqual(b);
    }
    expect(encodeBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(decodeBase64Url('ab+c')).toBeUndefined();
    expect(decodeBase64Url('abcde')).toBeUndefined();
  });
});

describe('encode/decode', () => {
  it('round-trips a payload', () => {
    const s = encodeSharePayload(sample);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    const r = decodeSharePayload(s);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({ ...sample, blobs: [{ ...sample.blobs[0], ref: undefined }, { ...sample.blobs[1], sha256: undefined }] });
  });

  // Payload strings of released versions. Never edit these: add one per new version.
  const PINNED: Record<number, string> = {
    1: 'AaUCRU9LbsIwEJ1UVKqqqusuq1m7iFBIi6_RZcXCJkZYMiQKE0KIchbOw1m4BM-AhKXx87yPxz4lHe-8a1hz7pdLVrwVI451x9KWQPRVvRBdGl9BFWPBBdMWtaCtimbL-j9VvOe54sbniCDgesU2FDaKHezWBcTM0Mp1xMqMpxmIUTr-nkyzn9-ZsYvcRc224v78AdfMRr16ZHfr4Df1_isbpnEuvHiaWZfB6Uj18_54TuiDbmtyr3dUcqOSAbZP4DPwiWjwAnx96PR2P8ND5DdC8ctkyNIF',
    // v2: the same files with the sender's display labels.
    2: 'AtMCRVDLTsMwENygIiGEOHOM9gSSqZrSBurf4Ih6sBtXWHIeSpymIcq38IF8AFfGpFIsrcc7szu78m808MmajiVn9nhkwY1X3rAc2PcVEHndHryslK2heqXBOdWXrUdal13D8iMRfOa94M5maEGDGQVrV-ogDijXxqFNLbX_H_Gp1tsUxCpZv2y26evbTulDZoKme2_e7RdsdiuBnZoKw1CaLpP4MbeFeeJRzJan3NmiPT9DDuvAAhurvHJGTtTskBltVREHetyP3z8RPdB0Npe4R0QTFS1wxcBr4BXR4gZ4O-t0d3mjhsgWnsIHkSJNfw',
  };

  it.each(Object.entries(PINNED))('decodes the pinned v%s payload', (_v, s) => {
    const r = decodeSharePayload(s);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.view).toBe('diff');
    expect(r.value!.state).toEqual(sample.state);
    expect(r.value!.blobs.map((b) => [b.label, b.sha256, b.ref])).toEqual([
      ['a.btf', '0123456789abcdef', undefined],
      ['vmlinux-6.1', undefined, 'sample:6.1'],
    ]);
    const btf = parseBtf(r.value!.blobs[0]!.bytes!).value!;
    expect((btf.type(2) as BtfComposite).members.map((m) => m.name)).toEqual(['a', 'b']);
    // v1 carried no display labels; v2 carries the sender's.
    expect(r.value!.blobs.map((b) => b.displayLabel)).toEqual(_v === '1' ? [undefined, undefined] : ['6.1 (mine)', 'debian 6.1']);
  });

  it("round-trips the sender's display labels, and leaves out one the receiver would refuse", () => {
    const labelled: SharePayload = {
      ...sample,
      blobs: [{ ...sample.blobs[0]!, displayLabel: '6.12 · s390x' }, { ...sample.blobs[1]!, displayLabel: 'bad\u202elabel' }],
    };
    const r = decodeSharePayload(encodeSharePayload(labelled));
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.blobs.map((b) => b.displayLabel)).toEqual(['6.12 · s390x', undefined]);
  });

  it('drops an invalid display label with a warning and opens the link', () => {
    const env = { view: 'diff', state: {}, blobs: [{ label: 'x', ref: 'sample:6.1', display: 'a\u0007b' }] };
    const r = decodeSharePayload(container(jsonBody(env), undefined, 2));
    expect(r.value!.blobs[0]!.displayLabel).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'share-invalid']]);
    // A v1 envelope never had the field: there it is an unknown field, as before.
    expect(decodeSharePayload(container(jsonBody({ ...env, blobs: [{ label: 'x', ref: 'sample:6.1', display: 'y' }] }), undefined, 1)).value).toBeUndefined();
  });

  it('pins every version up to the current one', () => {
    expect(Object.keys(PINNED).map(Number)).toEqual(Array.from({ length: SHARE_VERSION }, (_, i) => i + 1));
  });
});

describe('untrusted input', () => {
  const code = (s: string, limits = {}) => decodeSharePayload(s, limits).diagnostics.find((d) => d.severity === 'error')?.code;

  it('rejects bad encodings', () => {
    expect(code('')).toBe('share-bad-encoding');
    expect(code('not base64!')).toBe('share-bad-encoding');
    expect(code('AQ')).toBe('share-bad-encoding');
    expect(code(container(Uint8Array.of(1, 2, 3)).slice(0, -4))).toBe('share-bad-encoding');
  });

  it('says when a link is newer than this build', () => {
    expect(code(container(jsonBody({}), undefined, SHARE_VERSION + 1))).toBe('share-too-new');
  });

  it('enforces size limits before and while inflating', () => {
    expect(code('A'.repeat(70_000))).toBe('share-too-large');
    expect(code(container(new Uint8Array(10), 5_000_000))).toBe('share-too-large');
    // A bomb that lies about its size: 16 MB of zeros declared as 100 bytes.
    const bomb = container(new Uint8Array(16 << 20), 100);
    expect(bomb.length).toBeLessThan(100_000);
    expect(code(bomb, { maxEncodedChars: 200_000 })).toBe('share-too-large');
    expect(code(container(new Uint8Array(300), 200))).toBe('share-too-large');
    expect(code(container(new Uint8Array(300), 400))).toBe('share-bad-encoding');
  });

  it('stops a bomb early', () => {
    const r = inflateBounded(deflateSync(new Uint8Array(8 << 20)), 1 << 20);
    expect(r.ok).toBe(false);
  });

  it('validates the envelope strictly', () => {
    expect(code(container(jsonBody({ view: 'diff', state: {}, blobs: [], extra: 1 })))).toBe('share-invalid');
    expect(code(container(jsonBody({ view: 'evil', state: {}, blobs: [] })))).toBe('share-invalid');
    expect(code(container(jsonBody({ view: 'diff', state: {}, blobs: [{ label: 'x', byteSize: 4 }] })))).toBe('share-invalid');
    expect(code(container(jsonBody({ view: 'diff', state: {}, blobs: [{ label: 'x', byteSize: 4 }] }, Uint8Array.of(1, 2, 3, 4))))).toBe('share-invalid');
    expect(code(container(jsonBody({ view: 'diff', state: {}, blobs: [{ label: 'x', ref: 'javascript:alert(1)' }] })))).toBe('share-invalid');
    expect(code(container(jsonBody({ view: 'diff', state: {}, blobs: [{ label: 'a\u202eb', ref: 'sample:6.1' }] })))).toBe('share-invalid');
  });

  it('drops bad state entries with warnings and keeps the rest', () => {
    const r = decodeSharePayload(
      container(jsonBody({ view: 'type', state: { ok: 'yes', __proto__x: 1, bad: { nested: 1 }, ctl: 'a\u0000b', n: 3 }, blobs: [] })),
    );
    expect(r.value!.state).toEqual({ ok: 'yes', n: 3 });
    expect(r.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(3);
  });
});

describe('source references', () => {
  it('accepts samples, https URLs and hashes only', () => {
    expect(parseSourceRef('sample:6.1')).toEqual({ kind: 'sample', name: '6.1' });
    expect(parseSourceRef('https://example.org/btfhub/5.10.btf.tar.xz')).toEqual({ kind: 'url', url: 'https://example.org/btfhub/5.10.btf.tar.xz' });
    expect(parseSourceRef('sha256:0123456789abcdef~vmlinux-6.8')).toEqual({ kind: 'hash', sha256: '0123456789abcdef', name: 'vmlinux-6.8' });
    for (const bad of ['http://x/y', 'https://user:pw@x/y', 'javascript:alert(1)', 'data:text/html,x', 'sha256:xyz~a', 'sample:../x']) {
      expect(parseSourceRef(bad)).toBeUndefined();
    }
  });
});
