/**
 * Builders for the self-contained share links: a struct diff between two kernels, one type
 * of one kernel, and the CO-RE relocation view of an object on its target kernels. Each
 * returns the payload to pass to `encodeSharePayload`; the caller adds its own view state
 * (tab, selection).
 *
 * - diff: each side is cut with `cutBtf` around the named type (the type whole, member
 *   types as shapes). diffBtf of the two cuts gives the same rows as diffBtf of the two
 *   whole kernels for that type (tested on task_struct, sk_buff, mm_struct).
 * - type: the one file cut the same way; its layout equals the whole kernel's, but for the
 *   tail padding of member structs (stubs do not keep it; see docs/share-links.md).
 * - relocations: the object travels without DWARF (`slimElf`); each target travels as the
 *   minimal BTF `bpftool gen min_core_btf` would make for the object (`cutForCoreRelos`
 *   over the target specs libbpf chose, read back from the relocation report).
 */
import type { Btf } from '../btf/btf';
import { BtfKind } from '../btf/btf-kinds';
import { cutBtf } from '../btf-write/cut-btf';
import { type CoreTargetSpec, cutForCoreRelos } from '../btf-write/min-core-btf';
import { type Diagnostic, ErrorCode, type ParseResult } from '../diagnostics';
import type { ElfFile } from '../elf/elf-file';
import { coreReloKindName } from '../core-relo/relo-kinds';
import type { RelocationReport } from '../core-relo/report';
import { type TypeSpec, findTypes, parseTypeSpec } from '../layout/type-lookup';
import { type ShareLinkState, fileRefFor, shareFileName } from './share-link';
import type { ShareBlob, SharePayload, ShareState } from './share-schema';
import { slimElf } from './slim-elf';

/** A payload and the view state of the link that opens it (file references still to add). */
export interface BuiltShare {
  payload: SharePayload;
  link: ShareLinkState;
}

export interface ShareSource {
  label: string;
  sha256?: string | undefined;
  btf: Btf;
}

const COMPOSITES = [[BtfKind.Struct, BtfKind.Union], [BtfKind.Enum, BtfKind.Enum64], [BtfKind.Typedef]] as const;

/** A diff link's payload: `type` is `task_struct`, `struct:task_struct` or `struct task_struct`. */
export function buildDiffShare(
  a: ShareSource,
  b: ShareSource,
  type: string,
  opts: { shapeDepth?: number; state?: ShareState } = {},
): ParseResult<BuiltShare> {
  const diagnostics: Diagnostic[] = [];
  const spec = parseTypeSpec(type);
  if (!spec || spec.id !== undefined) {
    diagnostics.push({ severity: 'error', code: ErrorCode.TypeNotFound, message: `"${type}" is not a type name` });
    return { diagnostics };
  }
  const blobs: ShareBlob[] = [];
  let kindWord = '';
  for (const side of [a, b]) {
    const cut = cutAroundType(side, spec, type, opts.shapeDepth, diagnostics);
    if (!cut) return { diagnostics };
    kindWord ||= cut.kindWord;
    blobs.push(cut.blob);
  }
  if (!kindWord) {
    diagnostics.push({ severity: 'error', code: ErrorCode.TypeNotFound, message: `neither file has a type ${type}` });
    return { diagnostics };
  }
  const payload: SharePayload = { view: 'diff', state: { ...opts.state }, blobs };
  return { value: { payload, link: { route: 'diff', type: `${kindWord}:${spec.name}` } }, diagnostics };
}

/** A type link's payload: one file cut around the type exactly as one side of a diff link. */
export function buildTypeShare(src: ShareSource, type: string, opts: { shapeDepth?: number; state?: ShareState } = {}): ParseResult<BuiltShare> {
  const diagnostics: Diagnostic[] = [];
  const spec = parseTypeSpec(type);
  if (!spec || spec.id !== undefined) {
    diagnostics.push({ severity: 'error', code: ErrorCode.TypeNotFound, message: `"${type}" is not a type name` });
    return { diagnostics };
  }
  const cut = cutAroundType(src, spec, type, opts.shapeDepth, diagnostics);
  if (!cut) return { diagnostics };
  if (!cut.kindWord) {
    diagnostics.push({ severity: 'error', code: ErrorCode.TypeNotFound, message: `${src.label} has no type ${type}` });
    return { diagnostics };
  }
  const payload: SharePayload = { view: 'type', state: { ...opts.state }, blobs: [cut.blob] };
  return { value: { payload, link: { route: 'type', type: `${cut.kindWord}:${spec.name}` } }, diagnostics };
}

/** One file cut around a type (the type whole, member types as shapes); kindWord '' when the file lacks it. */
function cutAroundType(
  side: ShareSource,
  spec: TypeSpec,
  type: string,
  shapeDepth: number | undefined,
  diagnostics: Diagnostic[],
): { blob: ShareBlob; kindWord: string } | undefined {
  const ids = findTypes(side.btf, spec, COMPOSITES);
  if (ids.length === 0) {
    diagnostics.push({ severity: 'warning', code: ErrorCode.TypeNotFound, message: `${side.label} has no type ${type}` });
  }
  // All types of that name travel: the diff pairs duplicates by structure.
  const cut = cutBtf(side.btf, ids, { shapeDepth: shapeDepth ?? 1 });
  diagnostics.push(...cut.diagnostics);
  if (!cut.value) return undefined;
  const kindWord = ids.length ? kindWordOf(side.btf.kind(ids[0]!)) : '';
  return { blob: { label: shareFileName(side.label), sha256: side.sha256, bytes: cut.value.bytes }, kindWord };
}

function kindWordOf(kind: number): string {
  if (kind === BtfKind.Union) return 'union';
  if (kind === BtfKind.Enum || kind === BtfKind.Enum64) return 'enum';
  if (kind === BtfKind.Typedef) return 'typedef';
  return 'struct';
}

export interface RelocationShareObject {
  label: string;
  sha256?: string | undefined;
  elf: ElfFile;
}

/** A relocation link's payload: the slimmed object, then one minimal BTF per target. */
export function buildRelocationShare(
  obj: RelocationShareObject,
  targets: readonly ShareSource[],
  report: RelocationReport,
  opts: { state?: ShareState } = {},
): ParseResult<BuiltShare> {
  const diagnostics: Diagnostic[] = [];
  const blobs: ShareBlob[] = [{ label: shareFileName(obj.label), sha256: obj.sha256, bytes: slimElf(obj.elf) }];
  for (const t of targets) {
    const cut = cutForCoreRelos(t.btf, targetSpecsOf(report, t.label));
    diagnostics.push(...cut.diagnostics);
    if (!cut.value) return { diagnostics };
    blobs.push({ label: shareFileName(`${t.label}.min`), sha256: t.sha256, bytes: cut.value.bytes });
  }
  return { value: { payload: { view: 'relocs', state: { ...opts.state }, blobs }, link: { route: 'relocs' } }, diagnostics };
}

/**
 * The link state with its file references: `sha256s[i]` is the sha256 (hex) of
 * `payload.blobs[i].bytes` — what the receiving app computes when it loads that file.
 * diff: blobs are a, b; relocs/source: the object, then the targets; others: `file`.
 */
export function withFileRefs(built: BuiltShare, sha256s: readonly string[]): ShareLinkState {
  const refs = built.payload.blobs.map((b, i) => (b.bytes ? fileRefFor(sha256s[i] ?? '', b.label) : b.ref));
  const link: ShareLinkState = { ...built.link };
  if (link.route === 'diff') [link.a, link.b] = refs;
  else if (link.route === 'relocs' || link.route === 'source') {
    link.obj = refs[0];
    link.targets = refs.slice(1).filter((r): r is string => !!r);
  } else link.file = refs[0];
  return link;
}

/**
 * The target specs libbpf chose on one target, as min_core_btf records them: relocations
 * with no matching candidate (poisoned) and hard errors contribute nothing.
 */
export function targetSpecsOf(report: RelocationReport, targetLabel: string): CoreTargetSpec[] {
  const specs: CoreTargetSpec[] = [];
  for (const view of report.relocations) {
    const r = view.results.find((x) => x.target === targetLabel);
    if (!r || !r.targetSpec) continue;
    const spec = parseFormattedSpec(r.targetSpec);
    if (spec && spec.reloKind === view.kind) specs.push(spec);
  }
  return specs;
}

/**
 * Reads root id and raw accessors back from libbpf's formatted spec
 * (`<byte_off> [7] struct task_struct.__state (0:1 @ offset 24)`, bpf_core_format_spec).
 */
export function parseFormattedSpec(s: string): CoreTargetSpec | undefined {
  const head = /^<([a-z_0-9]+)> \[(\d+)\] /.exec(s);
  if (!head) return undefined;
  let reloKind = -1;
  for (let k = 0; k <= 12; k++) if (coreReloKindName(k) === head[1]) reloKind = k;
  if (reloKind < 0) return undefined;
  const raw = / \(([0-9:-]+) @ offset [0-9.]+\)$/.exec(s);
  const rawSpec = raw ? raw[1]!.split(':').map(Number) : [];
  return { reloKind, rootTypeId: Number(head[2]), rawSpec };
}
