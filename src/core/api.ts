/**
 * The npm package's public API (`import … from 'btfscope'`): a few calls over the core
 * library, the same engines the CLI and the web app use, so results match theirs (and
 * libbpf 1.1.2, bpftool 7.1 and pahole 1.24, which those are tested against).
 *
 * Pure: no Node built-ins, no DOM, so it runs in Node, browsers and Web Workers alike
 * (scripts/package.test.ts bundles it for the browser). Everything is synchronous but
 * {@link openFile} (xz unpacking is a stream) and the share-link builders (WebCrypto's
 * SHA-256). Input problems are data: calls return `{ value?, diagnostics }` with stable
 * {@link ErrorCode}s and byte offsets, and do not throw on bad input.
 *
 * @packageDocumentation
 */
import { Btf } from './btf/btf';
import { BtfKind, kindName } from './btf/btf-kinds';
import { looksLikeSplitBtf } from './btf/split-btf';
import { type Diagnostic, ErrorCode, type ParseResult, hasErrors, hasFileErrors } from './diagnostics';
import { type BpfObject, EM_BPF, parseBpfObject } from './bpf/bpf-object';
import { type CHeaderOptions, formatCHeader, writeCHeader } from './c-dump/c-header';
import { cutForCoreRelos } from './btf-write/min-core-btf';
import { type UnpackOptions, unpack } from './container/unpack';
import type { CoreTarget } from './core-relo/candidates';
import { formatLibbpfLog } from './core-relo/libbpf-log';
import { formatRelocsTable, relocsJson } from './core-relo/format-report';
import type { RelocationReport } from './core-relo/report';
import { relocateObject } from './core-relo/relocate-object';
import { diffBtf } from './diff/diff-btf';
import type { DiffOptions } from './diff/diff-model';
import type { BtfDiff } from './diff/diff-result';
import { type FormatDiffOptions, formatDiffText } from './diff/format-diff';
import type { ElfFile } from './elf/elf-file';
import { formatPaholeLayout } from './layout/pahole-format';
import { computeStructLayout } from './layout/struct-layout';
import type { StructLayout } from './layout/layout-types';
import { compositeThroughTypedefs, findTypes, parseTypeSpec } from './layout/type-lookup';
import { formatRawDump, writeRawDump } from './dump/raw-dump';
import { openBtf } from './open-btf';
import { targetSpecsOf } from './share/share-builders';
import { DEFAULT_SHARE_BASE_URL } from './share/share-link';
import type { ShareLimits, SharePayload } from './share/share-schema';

export { Btf, BtfKind, kindName, ErrorCode, hasErrors, hasFileErrors, DEFAULT_SHARE_BASE_URL };
export type { Diagnostic, ParseResult, BpfObject, ElfFile, CoreTarget, RelocationReport, StructLayout, BtfDiff, DiffOptions, FormatDiffOptions, SharePayload, ShareLimits };
export type { Severity } from './diagnostics';
export type { BtfType, BtfMember, BtfEnumValue, BtfParam, BtfVarSecinfo, TypeId } from './btf/btf-types';
export type { LayoutMember, MemberDecl } from './layout/layout-types';
export type { RelocationView, TargetReloResult, TargetSummary, ReloOutcome, Explanation } from './core-relo/report';
export type { TypeDiff, MemberDiff, DiffKind, TypeChange } from './diff/diff-model';
export type { ShareBlob, ShareView } from './share/share-schema';

// ---------------------------------------------------------------------------------------------
// Opening files

/** Options of {@link openFile}. */
export interface OpenFileOptions {
  /**
   * The kernel BTF a module's split BTF continues (its vmlinux). The file is opened as
   * complete BTF first and, if that fails, as split BTF over this base.
   */
  base?: Btf | OpenedFile;
  /** Upper bound on any decompressed output in bytes (default 1 GiB). */
  maxOutputBytes?: number;
  /** Progress of slow unpacking steps (xz): bytes produced so far and the announced total (0 if unknown). */
  onProgress?: UnpackOptions['onProgress'];
}

/** A file opened by {@link openFile}. */
export interface OpenedFile {
  /** `object`: a BPF ELF object (`.bpf.o`); `module`: split BTF over a base; `kernel`: complete BTF. */
  role: 'kernel' | 'module' | 'object';
  /** Its BTF (for a module: split BTF whose `base` is the kernel's). */
  btf: Btf;
  /** Where the BTF was: a raw blob or an ELF file's `.BTF` section. */
  format: 'raw-btf' | 'elf';
  /** The ELF file, when the BTF came from one. */
  elf?: ElfFile;
  /** The parsed BPF object (programs, maps, `.BTF.ext`), for role `object`. */
  object?: BpfObject;
  /** The unpacked bytes (what share links hash to name the file). */
  bytes: Uint8Array;
  /** Packings removed, outermost first (e.g. `['xz', 'tar:5.4.0-42-generic.btf']`). */
  layers: string[];
}

/**
 * Opens a file of any supported kind: raw BTF (`/sys/kernel/btf/vmlinux`), an ELF vmlinux,
 * a kernel image (x86 bzImage, arm64 Image, EFI zboot), a module (`.ko`, with `base`), a
 * BPF object (`.bpf.o`), and gzip/xz/zstd/tar packings of them. The format is sniffed from
 * the bytes, never from a name.
 *
 * `value` is set when the file opened; `diagnostics` may still hold errors that concern
 * single types (the kernel's verifier would refuse them; the engines skip them), see
 * {@link hasErrors}. Without a value, the diagnostics say why (with a code and byte offset).
 */
export async function openFile(bytes: Uint8Array, opts: OpenFileOptions = {}): Promise<ParseResult<OpenedFile>> {
  const un = await unpack(bytes, {
    ...(opts.maxOutputBytes !== undefined ? { maxOutputBytes: opts.maxOutputBytes } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  if (hasErrors(un.diagnostics)) return { diagnostics: un.diagnostics };
  const base = opts.base instanceof Btf ? opts.base : opts.base?.btf;
  let r = openBtf(un.bytes);
  if ((!r.value || hasErrors(r.diagnostics)) && base) {
    const split = openBtf(un.bytes, { base });
    if (split.value && !hasErrors(split.diagnostics)) r = split;
  }
  let diagnostics = [...un.diagnostics, ...(base ? r.diagnostics : withMissingBase(r))];
  const src = r.value;
  if (!src || hasFileErrors(diagnostics)) return { diagnostics };
  const file: OpenedFile = { role: src.btf.base ? 'module' : 'kernel', btf: src.btf, format: src.format, bytes: un.bytes, layers: un.layers };
  if (src.elf) file.elf = src.elf;
  if (src.elf?.machine === EM_BPF) {
    // The object parser reads the same .BTF and more (.BTF.ext, programs): its diagnostics cover openBtf's.
    const obj = parseBpfObject(un.bytes);
    diagnostics = [...un.diagnostics, ...obj.diagnostics];
    if (!obj.value || hasFileErrors(diagnostics)) return { diagnostics };
    file.role = 'object';
    file.object = obj.value;
    file.btf = obj.value.btf;
  }
  return { value: file, diagnostics };
}

/** Split BTF opened alone fails once per type: one error that says what is missing instead. */
function withMissingBase(r: ParseResult<{ btf: Btf }>): Diagnostic[] {
  const btf = r.value?.btf;
  if (!btf || !hasErrors(r.diagnostics) || !looksLikeSplitBtf(btf)) return r.diagnostics;
  return [
    {
      severity: 'error',
      code: ErrorCode.MissingBase,
      message: "this is split BTF (a kernel module's .BTF continues its kernel's types and strings): open it with { base } set to that kernel's BTF",
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Types

/** One row of {@link listTypes}. */
export interface TypeSummary {
  /** BTF type id. */
  id: number;
  /** Kind as libbpf spells it: `STRUCT`, `UNION`, `TYPEDEF`, `FUNC`, … */
  kind: string;
  /** Name ('' for anonymous types). */
  name: string;
  /** Size in bytes, for kinds that have one (INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC). */
  size?: number;
}

/** Filter of {@link listTypes}. */
export interface ListTypesFilter {
  /** Only this kind: a {@link BtfKind} value or its name (`struct`, `STRUCT`). */
  kind?: number | string;
  /** Only names equal to this string, or matching this regular expression. */
  name?: string | RegExp;
}

const SIZED = new Set<number>([BtfKind.Int, BtfKind.Struct, BtfKind.Union, BtfKind.Enum, BtfKind.Enum64, BtfKind.Float, BtfKind.Datasec]);

/** The types stored in `btf` (for split BTF: its own, not the base's), in id order. */
export function listTypes(btf: Btf, filter: ListTypesFilter = {}): TypeSummary[] {
  const kind = typeof filter.kind === 'string' ? kindByName(filter.kind) : filter.kind;
  const out: TypeSummary[] = [];
  if (kind === -1) return out;
  for (let id = btf.startId; id < btf.typeCount; id++) {
    const k = btf.kind(id);
    if (kind !== undefined && k !== kind) continue;
    const name = btf.name(id);
    if (typeof filter.name === 'string' ? name !== filter.name : filter.name && !filter.name.test(name)) continue;
    const row: TypeSummary = { id, kind: kindName(k), name };
    if (SIZED.has(k)) row.size = btf.sizeOrType(id);
    out.push(row);
  }
  return out;
}

function kindByName(name: string): number {
  const want = name.toUpperCase();
  for (let k = 1; k <= 19; k++) if (kindName(k) === want) return k;
  return -1;
}

/**
 * Ids of the types a spec names: `NAME`, `struct:NAME`, `union:NAME`, `enum:NAME`,
 * `typedef:NAME`, `func:NAME` or `#ID`. A bare name prefers structs, unions, enums and
 * typedefs, then forward declarations, then functions and variables. Empty when none matches.
 */
export function findType(btf: Btf, spec: string): number[] {
  const s = parseTypeSpec(spec);
  return s ? findTypes(btf, s, PREFERRED) : [];
}

const PREFERRED: readonly (readonly number[])[] = [
  [BtfKind.Struct, BtfKind.Union, BtfKind.Enum, BtfKind.Enum64, BtfKind.Typedef],
  [BtfKind.Fwd],
  [BtfKind.Func, BtfKind.Var],
];

function notFound(message: string): ParseResult<never> {
  return { diagnostics: [{ severity: 'error', code: ErrorCode.TypeNotFound, message }] };
}

// ---------------------------------------------------------------------------------------------
// Layout, C and raw dumps

/** Options of {@link getLayout}. */
export interface LayoutOptions {
  /** Cacheline size in bytes (default 64, as pahole). */
  cachelineBytes?: number;
}

/**
 * A struct or union laid out as `pahole -F btf -C <type>` sees it: members with offsets and
 * sizes, holes, padding, cachelines. `type` is an id or a spec (see {@link findType}); a
 * typedef stands for the struct it names; of several matches the first by id is taken, as
 * pahole does. Print it with {@link formatLayout}.
 */
export function getLayout(btf: Btf, type: string | number, opts: LayoutOptions = {}): ParseResult<StructLayout> {
  const ids = typeof type === 'number' ? (btf.isValidId(type) ? [type] : []) : findType(btf, type);
  for (const id of ids) {
    const target = compositeThroughTypedefs(btf, id);
    if (target) return computeStructLayout(btf, target, opts.cachelineBytes ? { cachelineBytes: opts.cachelineBytes } : {});
  }
  return notFound(ids.length ? `type ${String(type)} is not a struct or union` : `no struct or union matches ${String(type)}`);
}

/** A layout as pahole prints it, byte for byte. */
export function formatLayout(layout: StructLayout): string {
  return formatPaholeLayout(layout);
}

/** Options of {@link dumpC} and {@link writeC}. */
export interface CDumpOptions {
  /**
   * Only these types and everything they need (specs as in {@link findType}; a function or
   * variable stands for its prototype or type). Default: the whole file, as vmlinux.h.
   */
  types?: readonly string[];
  /** Add libbpf 1.1's `mode(byte)`/`mode(word)` to 1- and 8-byte enums (bpftool 7.1 does not). */
  enumModes?: boolean;
}

function cHeaderOptions(btf: Btf, opts: CDumpOptions): ParseResult<CHeaderOptions> {
  if (!opts.types) return { value: { enumModes: !!opts.enumModes }, diagnostics: [] };
  const rootIds: number[] = [];
  for (const spec of opts.types) {
    const ids = findType(btf, spec);
    if (!ids.length) return notFound(`no type matches ${spec}`);
    // libbpf dumps nothing for a FUNC or VAR itself; what they need is their type.
    for (const id of ids) rootIds.push(btf.kind(id) === BtfKind.Func || btf.kind(id) === BtfKind.Var ? btf.sizeOrType(id) : id);
  }
  return { value: { enumModes: !!opts.enumModes, rootIds }, diagnostics: [] };
}

/** C declarations as `bpftool btf dump file X format c` writes them (vmlinux.h), byte for byte. */
export function dumpC(btf: Btf, opts: CDumpOptions = {}): ParseResult<string> {
  const o = cHeaderOptions(btf, opts);
  return o.value ? formatCHeader(btf, o.value) : { diagnostics: o.diagnostics };
}

/**
 * {@link dumpC}, streamed: `write` gets the text in chunks (a struct can legitimately dump to
 * 256 MiB of padding lines; memory stays flat). Returns the diagnostics.
 */
export function writeC(btf: Btf, write: (chunk: string) => void, opts: CDumpOptions = {}): Diagnostic[] {
  const o = cHeaderOptions(btf, opts);
  return o.value ? writeCHeader(btf, write, o.value) : o.diagnostics;
}

/** The raw dump of every type, as `bpftool btf dump file X` prints it. */
export function dumpRaw(btf: Btf): string {
  return formatRawDump(btf);
}

/** {@link dumpRaw}, streamed to `write` in chunks of about 64 Ki characters. */
export function writeRaw(btf: Btf, write: (chunk: string) => void): void {
  writeRawDump(btf, write);
}

// ---------------------------------------------------------------------------------------------
// Diff

/**
 * Types added, removed and changed between two BTFs (kernel to kernel), matched by kind
 * and name; members are matched by name, with renames detected. Print it with {@link formatDiff}.
 */
export function diff(a: Btf, b: Btf, opts: DiffOptions = {}): ParseResult<BtfDiff> {
  return diffBtf(a, b, opts);
}

/** A diff as the CLI's `btfscope diff` prints it. */
export function formatDiff(d: BtfDiff, opts: FormatDiffOptions = {}): string {
  return formatDiffText(d, opts);
}

// ---------------------------------------------------------------------------------------------
// CO-RE relocations

/** A kernel to relocate against: a label of your choice and its BTF (or an opened file). */
export interface RelocationTarget {
  /** Names the target in the report; unique within one call. */
  label: string;
  btf: Btf | OpenedFile;
  /** For a module's split BTF: the module name libbpf would print (default: the label). */
  moduleName?: string;
}

/**
 * What libbpf 1.1.2 does with each CO-RE relocation of a BPF object on each target kernel
 * (patched, poisoned, error), the instructions before and after, libbpf's log lines, why a
 * relocation fails and what to write instead, and per program whether it loads.
 * Throws only when two targets share a label.
 */
export function relocate(object: OpenedFile | BpfObject, targets: readonly RelocationTarget[]): RelocationReport {
  const obj = 'role' in object ? object.object : object;
  if (!obj) throw new TypeError('relocate: the file is not a BPF object (.bpf.o)');
  const seen = new Set<string>();
  const core: CoreTarget[] = targets.map((t) => {
    if (seen.has(t.label)) throw new TypeError(`relocate: two targets are labelled '${t.label}'`);
    seen.add(t.label);
    const btf = t.btf instanceof Btf ? t.btf : t.btf.btf;
    return btf.base ? { label: t.label, btf, moduleName: t.moduleName ?? t.label } : { label: t.label, btf };
  });
  return relocateObject(obj, core);
}

/** The report as the CLI's `btfscope relocs` table: one row per relocation, one column per target. */
export function formatRelocations(report: RelocationReport, objectName: string): string {
  return formatRelocsTable(report, objectName);
}

/** The report as `btfscope relocs --json` writes it (schema: docs/relocs-json.md). */
export function relocationsJson(report: RelocationReport, objectName: string, object?: BpfObject): unknown {
  return relocsJson(report, objectName, object?.libbpfRefuses);
}

/** libbpf 1.1.2's debug log of CO-RE relocation on one target (by label), line for line. */
export function libbpfLog(report: RelocationReport, targetLabel: string): string | undefined {
  const t = report.targets.find((x) => x.label === targetLabel);
  return t && formatLibbpfLog(t);
}

/** Options of {@link minCoreBtf}. */
export interface MinCoreBtfOptions {
  /** Byte order of the output (default little-endian, as bpftool writes it on x86 and arm64). */
  littleEndian?: boolean;
}

/**
 * The minimal BTF of one target that the object's relocations need, as
 * `bpftool gen min_core_btf` cuts it: relocating against it gives the same result as
 * against the whole kernel. `target` is one of the targets `report` was made with.
 */
export function minCoreBtf(report: RelocationReport, target: RelocationTarget, opts: MinCoreBtfOptions = {}): ParseResult<Uint8Array> {
  if (!report.targets.some((t) => t.label === target.label)) return notFound(`the report has no target '${target.label}'`);
  const btf = target.btf instanceof Btf ? target.btf : target.btf.btf;
  const cut = cutForCoreRelos(btf, targetSpecsOf(report, target.label), opts.littleEndian ?? true);
  return cut.value ? { value: cut.value.bytes, diagnostics: cut.diagnostics } : { diagnostics: cut.diagnostics };
}

export { createDiffShareLink, createRelocationShareLink, decodeShareLink, type ShareFile, type ShareLink, type ShareLinkOptions } from './api-share';
