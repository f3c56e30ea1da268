/**
 * Share payloads: a view, its state and the (cut) files it needs, packed into one
 * base64url string for a URL fragment, so a link opens the same view with no server.
 *
 * Container (SHARE_VERSION 2; v1 is the same without the envelope's `display` labels), before base64url:
 *   u8      version
 *   varint  inflated body length (checked against the limit before inflating)
 *   bytes   raw DEFLATE of the body:
 *             varint  JSON length
 *             bytes   JSON envelope (share-schema.ts), UTF-8
 *             bytes   each file's bytes, in envelope order (lengths in the envelope)
 * Files are concatenated inside one DEFLATE stream so the second kernel's strings compress
 * against the first's. Decoding checks, in order: the string's length and alphabet, the
 * version, the declared length, a bounded inflate, the exact length, the envelope, then
 * each file's magic (BTF or ELF) and that it parses.
 */
import { deflateSync } from 'fflate';
import { concatBytes } from '../bytes/concat';
import { type Diagnostic, ErrorCode, type ParseResult, hasErrors } from '../diagnostics';
import { openBtf } from '../open-btf';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { inflateBounded } from './bounded-inflate';
import {
  DEFAULT_SHARE_LIMITS,
  type EnvelopeJson,
  SHARE_UPGRADERS,
  SHARE_VERSION,
  type ShareLimits,
  type SharePayload,
  type ShareView,
  isSafeString,
  validateEnvelope,
  validateState,
} from './share-schema';
import { parseSourceRef } from './source-ref';

export interface EncodeShareOptions {
  /** DEFLATE level 0–9 (default 9: links are made once and opened many times). */
  level?: number;
}

/** Packs a payload. Throws only on programming errors (invalid labels, both bytes and ref). */
export function encodeSharePayload(p: SharePayload, opts: EncodeShareOptions = {}): string {
  const env: EnvelopeJson = {
    view: p.view,
    state: p.state,
    blobs: p.blobs.map((b) => {
      if ((b.bytes === undefined) === (b.ref === undefined)) throw new Error(`share file ${b.label}: give bytes or ref`);
      return {
        label: b.label,
        ...(b.sha256 !== undefined ? { sha256: b.sha256 } : {}),
        ...(b.bytes !== undefined ? { byteSize: b.bytes.length } : { ref: b.ref! }),
        // A label the receiver would refuse (control characters, too long) is left out, not the link.
        ...(b.displayLabel !== undefined && isSafeString(b.displayLabel, 128) && b.displayLabel.trim() ? { display: b.displayLabel } : {}),
      };
    }),
  };
  const json = new TextEncoder().encode(JSON.stringify(env));
  const parts: Uint8Array[] = [varint(json.length), json, ...p.blobs.flatMap((b) => (b.bytes ? [b.bytes] : []))];
  const body = concatBytes(parts);
  const level = (opts.level ?? 9) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  const packed = concatBytes([Uint8Array.of(SHARE_VERSION), varint(body.length), deflateSync(body, { level, mem: 12 })]);
  return encodeBase64Url(packed);
}

/** Unpacks and validates a payload string taken from a link. Never throws. */
export function decodeSharePayload(s: string, limits: Partial<ShareLimits> = {}): ParseResult<SharePayload> {
  const lim: ShareLimits = { ...DEFAULT_SHARE_LIMITS, ...limits };
  const diagnostics: Diagnostic[] = [];
  const fail = (code: ErrorCode, message: string): ParseResult<SharePayload> => {
    diagnostics.push({ severity: 'error', code, message });
    return { diagnostics };
  };
  if (typeof s !== 'string' || s.length === 0) return fail(ErrorCode.ShareBadEncoding, 'the share payload is empty');
  if (s.length > lim.maxEncodedChars) {
    return fail(ErrorCode.ShareTooLarge, `the share payload is ${s.length} characters; at most ${lim.maxEncodedChars} are accepted`);
  }
  const packed = decodeBase64Url(s);
  if (!packed || packed.length < 3) return fail(ErrorCode.ShareBadEncoding, 'the share payload is not valid base64url');
  const version = packed[0]!;
  if (version > SHARE_VERSION) {
    return fail(ErrorCode.ShareTooNew, `the share payload has format version ${version}; this build reads up to ${SHARE_VERSION}`);
  }
  if (version < 1) return fail(ErrorCode.ShareBadEncoding, `the share payload has format version ${version}, which never existed`);
  const declared = readVarint(packed, 1);
  if (!declared) return fail(ErrorCode.ShareBadEncoding, 'the share payload header is truncated');
  if (declared.value > lim.maxInflatedBytes) {
    return fail(ErrorCode.ShareTooLarge, `the share payload declares ${declared.value} bytes; at most ${lim.maxInflatedBytes} are accepted`);
  }
  const inflated = inflateBounded(packed.subarray(declared.next), declared.value);
  if (!inflated.ok) {
    return fail(inflated.reason === 'too-large' ? ErrorCode.ShareTooLarge : ErrorCode.ShareBadEncoding, `the share payload ${inflated.message}`);
  }
  const body = inflated.bytes;
  if (body.length !== declared.value) {
    return fail(ErrorCode.ShareBadEncoding, `the share payload inflates to ${body.length} bytes, not the declared ${declared.value}`);
  }
  const jsonLen = readVarint(body, 0);
  if (!jsonLen || jsonLen.next + jsonLen.value > body.length) return fail(ErrorCode.ShareBadEncoding, 'the share payload body is truncated');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(jsonLen.next, jsonLen.next + jsonLen.value)));
  } catch {
    return fail(ErrorCode.ShareBadEncoding, 'the share payload envelope is not valid JSON');
  }
  const filesStart = jsonLen.next + jsonLen.value;
  let env = validateEnvelope(raw, body.length - filesStart, lim, diagnostics, version);
  if (!env) return { diagnostics };
  for (let v = version + 1; v <= SHARE_VERSION; v++) env = SHARE_UPGRADERS[v]!(env);

  const payload: SharePayload = { view: env.view as ShareView, state: validateState(env.state, lim, diagnostics), blobs: [] };
  let at = filesStart;
  for (const b of env.blobs) {
    if (b.ref !== undefined) {
      if (!parseSourceRef(b.ref)) return fail(ErrorCode.ShareInvalid, `file ${b.label}: unsupported reference`);
      payload.blobs.push({ label: b.label, sha256: b.sha256, ref: b.ref, ...(b.display !== undefined && { displayLabel: b.display }) });
      continue;
    }
    const bytes = body.slice(at, at + b.byteSize!);
    at += b.byteSize!;
    const opened = openBtf(bytes);
    if (!opened.value || hasErrors(opened.diagnostics)) {
      const why = opened.diagnostics.find((d) => d.severity === 'error')?.message ?? 'no BTF';
      return fail(ErrorCode.ShareInvalid, `file ${b.label} in the share payload is not readable BTF or ELF: ${why}`);
    }
    payload.blobs.push({ label: b.label, sha256: b.sha256, bytes, ...(b.display !== undefined && { displayLabel: b.display }) });
  }
  return { value: payload, diagnostics };
}

function varint(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 128;
    out.push(b);
  } while (n > 0);
  return Uint8Array.from(out);
}

/** LEB128, at most 5 bytes (values < 2^35, far above any limit). */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[at + i];
    if (b === undefined) return undefined;
    value += (b & 127) * 2 ** (7 * i);
    if ((b & 128) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}

