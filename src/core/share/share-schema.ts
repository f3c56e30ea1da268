/**
 * The JSON part of a share payload: its types, its validation, and the upgraders that
 * bring an old envelope to the current version (Firefox url-handling.ts style: one
 * function per version step, v-1 → v).
 *
 * Links are untrusted input. Validation is strict and hand-written (no schema library in
 * core): unknown top-level fields are an error, a state entry that fails is dropped with a
 * warning and the rest kept (speedscope hash-params). Strings may not hold control or
 * bidi-override characters, so nothing decoded can spoof text around it; the UI renders
 * them as text (React escapes), never as HTML.
 */
import { type Diagnostic, ErrorCode } from '../diagnostics';

/** Bump when the envelope or the container changes; add `SHARE_UPGRADERS[new]`. */
export const SHARE_VERSION = 2;

/** The app's routes (src/ui/url/url-state.ts ROUTES) plus the views #6 adds. */
export const SHARE_VIEWS = ['types', 'type', 'diff', 'relocs', 'source', 'workshop', 'playground'] as const;
/** A view a share link opens. */
export type ShareView = (typeof SHARE_VIEWS)[number];

export type ShareStateValue = string | number | boolean | readonly (string | number)[];
export type ShareState = Record<string, ShareStateValue>;

/** A file the view needs: its (cut) bytes, or a reference the receiver resolves. */
export interface ShareBlob {
  /** The file name the receiver loads it as, e.g. "vmlinux-6.18" or "task_state.bpf.o" (no spaces). */
  label: string;
  /** Lower-case hex sha256 (or its first 16+ digits) of the ORIGINAL file. */
  sha256?: string | undefined;
  /** The bytes: raw BTF or a (slimmed) ELF object. Absent when `ref` is used. */
  bytes?: Uint8Array | undefined;
  /** `sample:<name>`, `https://…` (shown, never fetched), or `sha256:<16+ hex>~<name>` (see source-ref.ts). */
  ref?: string | undefined;
  /**
   * Since v2: the label the sender's page showed for the file (its release, or the user's
   * rename), so the receiver shows the same names. Absent in v1 links and from the CLI.
   */
  displayLabel?: string | undefined;
}

/** What a share link carries: the view to open, its state and the (cut) files. */
export interface SharePayload {
  view: ShareView;
  state: ShareState;
  blobs: ShareBlob[];
}

/** Bounds a decoder enforces on a share payload (defaults: DEFAULT_SHARE_LIMITS). */
export interface ShareLimits {
  /** Longest payload string accepted (base64url characters). */
  maxEncodedChars: number;
  /** Largest inflated container. */
  maxInflatedBytes: number;
  maxBlobs: number;
  maxStateKeys: number;
  maxStringChars: number;
  maxArrayItems: number;
}

export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  maxEncodedChars: 64 * 1024,
  maxInflatedBytes: 1024 * 1024,
  maxBlobs: 8,
  maxStateKeys: 64,
  maxStringChars: 1024,
  maxArrayItems: 256,
};

/** The envelope as serialized (blob bytes travel after the JSON, `byteSize` says how many). */
export interface EnvelopeJson {
  view: string;
  state: unknown;
  blobs: { label: string; sha256?: string; byteSize?: number; ref?: string; display?: string }[];
}

/** upgraders[v] turns a version v-1 envelope into version v. */
export const SHARE_UPGRADERS: Record<number, (env: EnvelopeJson) => EnvelopeJson> = {
  // v2 adds an optional `display` label per file; a v1 file has none, the receiver labels it as before.
  2: (env) => env,
};

const KEY_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const SHA_RE = /^[0-9a-f]{16,64}$/;
// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS_RE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function isSafeString(s: unknown, maxChars: number): s is string {
  return typeof s === 'string' && s.length <= maxChars && !UNSAFE_CHARS_RE.test(s);
}

function invalid(message: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
  return { severity, code: ErrorCode.ShareInvalid, message };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates the state map; drops bad entries with warnings. */
export function validateState(raw: unknown, limits: ShareLimits, diags: Diagnostic[]): ShareState {
  const state: ShareState = {};
  if (!isPlainObject(raw)) {
    diags.push(invalid('state is not an object; ignored', 'warning'));
    return state;
  }
  const keys = Object.keys(raw);
  if (keys.length > limits.maxStateKeys) diags.push(invalid(`state has ${keys.length} keys; only the first ${limits.maxStateKeys} are read`, 'warning'));
  for (const key of keys.slice(0, limits.maxStateKeys)) {
    const v = raw[key];
    if (!KEY_RE.test(key)) {
      diags.push(invalid(`state key ${JSON.stringify(key.slice(0, 64))} is not a valid name; dropped`, 'warning'));
    } else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || isSafeString(v, limits.maxStringChars)) {
      state[key] = v;
    } else if (
      Array.isArray(v) &&
      v.length <= limits.maxArrayItems &&
      v.every((x) => (typeof x === 'number' && Number.isFinite(x)) || isSafeString(x, limits.maxStringChars))
    ) {
      state[key] = v as (string | number)[];
    } else {
      diags.push(invalid(`state.${key} has an invalid value; dropped`, 'warning'));
    }
  }
  return state;
}

/**
 * Checks the envelope's shape. Returns undefined (with an error) when it cannot be used;
 * `bytesAfterJson` is how many bytes follow the JSON, which the blob sizes must add up to.
 */
export function validateEnvelope(
  raw: unknown,
  bytesAfterJson: number,
  limits: ShareLimits,
  diags: Diagnostic[],
  version = SHARE_VERSION,
): EnvelopeJson | undefined {
  const blobKeys = ['label', 'sha256', 'byteSize', 'ref', ...(version >= 2 ? ['display'] : [])];
  if (!isPlainObject(raw)) return void diags.push(invalid('payload is not a JSON object'));
  const extra = Object.keys(raw).filter((k) => k !== 'view' && k !== 'state' && k !== 'blobs');
  if (extra.length) return void diags.push(invalid(`payload has unknown fields: ${extra.slice(0, 5).join(', ')}`));
  if (typeof raw.view !== 'string' || !(SHARE_VIEWS as readonly string[]).includes(raw.view)) {
    return void diags.push(invalid(`payload view ${JSON.stringify(String(raw.view).slice(0, 32))} is not one of ${SHARE_VIEWS.join(', ')}`));
  }
  if (!Array.isArray(raw.blobs)) return void diags.push(invalid('payload blobs is not a list'));
  if (raw.blobs.length > limits.maxBlobs) return void diags.push(invalid(`payload has ${raw.blobs.length} files; at most ${limits.maxBlobs} are allowed`));
  const blobs: EnvelopeJson['blobs'] = [];
  let sum = 0;
  for (const [i, b] of (raw.blobs as unknown[]).entries()) {
    if (!isPlainObject(b)) return void diags.push(invalid(`file #${i} is not an object`));
    const bad = Object.keys(b).filter((k) => !blobKeys.includes(k));
    if (bad.length) return void diags.push(invalid(`file #${i} has unknown fields: ${bad.slice(0, 5).join(', ')}`));
    if (!isSafeString(b.label, 128) || b.label === '') return void diags.push(invalid(`file #${i} has an invalid label`));
    if (b.sha256 !== undefined && (typeof b.sha256 !== 'string' || !SHA_RE.test(b.sha256))) {
      return void diags.push(invalid(`file #${i} has an invalid sha256`));
    }
    const hasSize = b.byteSize !== undefined;
    const hasRef = b.ref !== undefined;
    if (hasSize === hasRef) return void diags.push(invalid(`file #${i} must carry either bytes or a reference`));
    if (hasSize && (typeof b.byteSize !== 'number' || !Number.isSafeInteger(b.byteSize) || b.byteSize < 0)) {
      return void diags.push(invalid(`file #${i} has an invalid byteSize`));
    }
    if (hasRef && !isSafeString(b.ref, 2048)) return void diags.push(invalid(`file #${i} has an invalid reference`));
    // Only a label to show: a bad one is dropped (the file keeps its default label), the link still opens.
    let display: string | undefined;
    if (b.display !== undefined) {
      if (isSafeString(b.display, 128) && b.display.trim() !== '') display = b.display;
      else diags.push(invalid(`file #${i} has an invalid display label; ignored`, 'warning'));
    }
    sum += (b.byteSize as number | undefined) ?? 0;
    blobs.push({
      label: b.label,
      ...(b.sha256 !== undefined ? { sha256: b.sha256 as string } : {}),
      ...(hasSize ? { byteSize: b.byteSize as number } : { ref: b.ref as string }),
      ...(display !== undefined ? { display } : {}),
    });
  }
  if (sum !== bytesAfterJson) return void diags.push(invalid(`file sizes add up to ${sum} bytes but ${bytesAfterJson} follow`));
  return { view: raw.view, state: raw.state, blobs };
}
