/**
 * Diagnostics: how every parser in core reports bad input.
 *
 * The public API never throws on bad bytes: each top-level parse returns a `ParseResult`
 * with whatever it could read plus diagnostics carrying a stable `code` and, where one
 * exists, the byte `offset` of the problem. Internally, readers throw `ParseError` and
 * section parsers catch it at their boundary (see `catchSection`).
 * Messages are neutral statements of fact; the UI and CLI add advice keyed on `code`.
 */

export const ErrorCode = {
  Truncated: 'truncated',
  BadMagic: 'bad-magic',
  UnsupportedVersion: 'unsupported-version',
  BadHeader: 'bad-header',
  SectionOutOfBounds: 'section-out-of-bounds',
  UnknownKind: 'unknown-kind',
  BadTypeId: 'bad-type-id',
  BadStringOffset: 'bad-string-offset',
  BadStringSection: 'bad-string-section',
  AbsurdCount: 'absurd-count',
  ReferenceCycle: 'reference-cycle',
  TrailingBytes: 'trailing-bytes',
  UnsupportedFormat: 'unsupported-format',
  NoBtf: 'no-btf',
  BadElf: 'bad-elf',
  MissingBase: 'missing-base',
  BadBtfExt: 'bad-btf-ext',
  Decompress: 'decompress-failed',
  Internal: 'internal-error',
  /** The object is well-formed but libbpf 1.1.2 would refuse to open it (e.g. an extern without BTF). */
  LibbpfRefuses: 'libbpf-refuses',
  /** libbpf's BTF-to-C converter would fail on this type (cycle, unknown kind). */
  CDumpFailed: 'c-dump-failed',
  /** A type name given by the user matches no type, or several. */
  TypeNotFound: 'type-not-found',
  /** Share links (core/share): too long or inflating past the limit. */
  ShareTooLarge: 'share-too-large',
  /** Share links: not base64url, bad deflate stream, bad container. */
  ShareBadEncoding: 'share-bad-encoding',
  /** Share links: made by a newer btfscope (the UI says "reload to update"). */
  ShareTooNew: 'share-too-new',
  /** Share links: a field failed validation (dropped with a warning, or fatal). */
  ShareInvalid: 'share-invalid',
  /** Playground C parser: syntax it does not support or cannot parse. */
  CSyntax: 'c-syntax',
  // Kernel BTF verifier rules (kernel/bpf/btf.c), see btf/validate-kernel-rules.ts:
  /** A member starts or ends past its struct's size ("Member exceeds struct_size"). */
  MemberOutOfBounds: 'member-out-of-bounds',
  /** A member offset the kernel refuses: not byte-aligned, non-zero in a union, or going backwards. */
  BadMemberOffset: 'bad-member-offset',
  /** A bitfield size the kernel refuses (wider than its int, on a non-int, more than 128 bits to copy). */
  BadBitfield: 'bad-bitfield',
  /** A member, array element or modifier whose type has no size or is of a kind it cannot be. */
  BadTypeRef: 'bad-type-ref',
  /** An array whose total size overflows 32 bits. */
  SizeOverflow: 'size-overflow',
  /** A struct or union that contains itself by value ("Loop detected"). */
  ContainsItself: 'contains-itself',
  /** A size the kernel refuses for its kind (enum not 1/2/4/8, float, int bits past its size). */
  BadTypeSize: 'bad-type-size',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** `error`: the input is wrong (for a type, the kernel would refuse it); `warning`/`info`: worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found in an input: a stable `code`, a message and, where known, the byte offset. */
export interface Diagnostic {
  severity: Severity;
  code: ErrorCode;
  message: string;
  /** Byte offset in the file (or section, when `section` is set) where the problem sits. */
  offset?: number;
  /** ELF section or BTF part the offset is relative to, e.g. '.BTF' or 'types'. */
  section?: string;
  /**
   * The BTF type the problem is confined to: that type is invalid, the rest of the file is
   * usable (see `isFileError`).
   */
  typeId?: number;
}

/** What parsers and engines return instead of throwing: the value when there is one, and the diagnostics. */
export interface ParseResult<T> {
  value?: T | undefined;
  diagnostics: Diagnostic[];
}

export class ParseError extends Error {
  readonly code: ErrorCode;
  readonly offset: number | undefined;
  constructor(code: ErrorCode, message: string, offset?: number) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
    this.offset = offset;
  }
}

export function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** Whether any diagnostic is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** An error about the file as a whole, not one confined to a single invalid type. */
export function isFileError(d: Diagnostic): boolean {
  return d.severity === 'error' && d.typeId === undefined;
}

/** Whether any error makes the whole file unusable (type-confined errors do not). */
export function hasFileErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some(isFileError);
}

/** Turns anything thrown inside a section parser into a diagnostic. */
export function toDiagnostic(e: unknown, section?: string, baseOffset = 0): Diagnostic {
  if (e instanceof ParseError) {
    const d: Diagnostic = { severity: 'error', code: e.code, message: e.message };
    if (e.offset !== undefined) d.offset = e.offset + baseOffset;
    if (section !== undefined) d.section = section;
    return d;
  }
  const msg = e instanceof Error ? e.message : String(e);
  const d: Diagnostic = { severity: 'error', code: ErrorCode.Internal, message: `internal error: ${msg}` };
  if (section !== undefined) d.section = section;
  return d;
}

/** Runs `fn`, converting a throw into a diagnostic pushed to `diags`; returns undefined then. */
export function catchSection<T>(
  diags: Diagnostic[],
  section: string | undefined,
  fn: () => T,
  baseOffset = 0,
): T | undefined {
  try {
    return fn();
  } catch (e) {
    diags.push(toDiagnostic(e, section, baseOffset));
    return undefined;
  }
}
