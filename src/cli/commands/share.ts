/**
 * `btfscope share <a> <b> --type NAME [--base <vmlinux>] [--base-url URL] [--shape-depth N] [--json]`
 *   prints a link that opens the diff of one type between two kernels;
 * `btfscope share <obj.bpf.o> --target <btf>... [--base <vmlinux>] [--base-url URL] [--json]`
 *   prints a link that opens the CO-RE relocation view of an object on its targets.
 * The link is the app's own URL for that view plus `share=<payload>`, which carries the cut
 * BTF it needs (see docs/share-links.md): no files, no server.
 * The link goes to stdout, its size and what it carries to stderr (or all of it as --json).
 * Exit 0 ok, 1 unreadable input or type not found, 2 usage.
 */
import { createHash } from 'node:crypto';
import {
  type BtfSource,
  type CoreTarget,
  DEFAULT_SHARE_BASE_URL,
  type Diagnostic,
  type BuiltShare,
  buildDiffShare,
  buildRelocationShare,
  encodeSharePayload,
  formatShareLink,
  hasErrors,
  openBtf,
  parseBpfObject,
  relocateObject,
  unpack,
  withFileRefs,
} from '../../core/index';
import { type CommandContext, UsageError, formatDiagnostic, parseFlags, withSplitHint } from '../context';
import { reportBtfExtDamage, targetLabel } from './relocs';

const USAGE = `usage: btfscope share <a> <b> --type NAME [--base <vmlinux>] [--shape-depth N] [--base-url URL] [--json]
       btfscope share <obj.bpf.o> --target <btf>... [--base <vmlinux>] [--base-url URL] [--json]`;

interface Loaded {
  path: string;
  label: string;
  sha256: string;
  bytes: Uint8Array;
}

async function load(ctx: CommandContext, path: string): Promise<Loaded | undefined> {
  let raw: Uint8Array;
  try {
    raw = await ctx.readFile(path);
  } catch (e) {
    ctx.stderr(`${path}: error [io]: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
  const un = await unpack(raw);
  report(ctx, path, un.diagnostics);
  if (hasErrors(un.diagnostics)) return undefined;
  // The hash names the file the user has (the unpacked bytes, as the web app hashes a drop).
  const sha256 = createHash('sha256').update(un.bytes).digest('hex').slice(0, 16);
  return { path, label: targetLabel(path), sha256, bytes: un.bytes };
}

function report(ctx: CommandContext, path: string, diags: readonly Diagnostic[]): void {
  for (const d of diags) if (d.severity !== 'info') ctx.stderr(formatDiagnostic(path, d));
}

/** Opens BTF (or an ELF's .BTF), as split BTF over `base` when it does not stand alone. */
function openAny(ctx: CommandContext, f: Loaded, base: BtfSource | undefined): BtfSource | undefined {
  let r = openBtf(f.bytes);
  if ((!r.value || hasErrors(r.diagnostics)) && base) {
    const split = openBtf(f.bytes, { base: base.btf });
    if (split.value && !hasErrors(split.diagnostics)) r = split;
  }
  report(ctx, f.path, base ? r.diagnostics : withSplitHint(r));
  return r.value && !hasErrors(r.diagnostics) ? r.value : undefined;
}

export async function runShare(args: string[], ctx: CommandContext): Promise<number> {
  const f = parseFlags(args, { values: ['type', 'base', 'base-url', 'shape-depth'], bools: ['json'], repeat: ['target'] });
  const targets = f.lists.target ?? [];
  const diffMode = f.positional.length === 2;
  if (diffMode && !f.values.type) throw new UsageError(`--type is needed to share a diff\n${USAGE}`);
  if (diffMode && targets.length) throw new UsageError(`--target is for sharing an object's relocations\n${USAGE}`);
  if (!diffMode && (f.positional.length !== 1 || !targets.length)) throw new UsageError(USAGE);
  const depth = f.values['shape-depth'] === undefined ? 1 : Number(f.values['shape-depth']);
  if (!Number.isInteger(depth) || depth < 1 || depth > 8) throw new UsageError('--shape-depth must be an integer from 1 to 8');
  const baseUrl = f.values['base-url'] ?? ctx.shareBaseUrl ?? DEFAULT_SHARE_BASE_URL;
  const from = f.values['base-url'] !== undefined ? '--base-url' : ctx.shareBaseUrl !== undefined ? 'BTFSCOPE_URL' : 'the default base URL';
  if (!/^https?:\/\/\S+$/.test(baseUrl)) throw new UsageError(`${from} must be an http(s) URL, got '${baseUrl}'`);

  let base: BtfSource | undefined;
  if (f.values.base) {
    const b = await load(ctx, f.values.base);
    base = b && openAny(ctx, b, undefined);
    if (!base) return 1;
  }

  let built: { value?: BuiltShare | undefined; diagnostics: Diagnostic[] };
  let what: string;
  if (diffMode) {
    const files = [await load(ctx, f.positional[0]!), await load(ctx, f.positional[1]!)];
    if (!files[0] || !files[1]) return 1;
    const [a, b] = [openAny(ctx, files[0], base), openAny(ctx, files[1], base)];
    if (!a || !b) return 1;
    built = buildDiffShare(
      { label: files[0].label, sha256: files[0].sha256, btf: a.btf },
      { label: files[1].label, sha256: files[1].sha256, btf: b.btf },
      f.values.type!,
      { shapeDepth: depth },
    );
    what = `diff of ${f.values.type} between ${files[0].label} and ${files[1].label}`;
  } else {
    const objFile = await load(ctx, f.positional[0]!);
    if (!objFile) return 1;
    const parsed = parseBpfObject(objFile.bytes);
    report(ctx, objFile.path, parsed.diagnostics);
    if (!parsed.value || reportBtfExtDamage(ctx, objFile.path, parsed.diagnostics) || hasErrors(parsed.diagnostics)) return 1;
    const opened: (CoreTarget & { sha256: string })[] = [];
    for (const t of targets) {
      const file = await load(ctx, t);
      const src = file && openAny(ctx, file, base);
      if (!file || !src) return 1;
      let label = file.label;
      for (let n = 2; opened.some((o) => o.label === label); n++) label = `${file.label}#${n}`;
      opened.push({ label, btf: src.btf, sha256: file.sha256, ...(src.btf.base ? { moduleName: label } : {}) });
    }
    const rep = relocateObject(parsed.value, opened);
    built = buildRelocationShare({ label: objFile.label + '.o', sha256: objFile.sha256, elf: parsed.value.elf }, opened, rep);
    what = `CO-RE relocations of ${objFile.label} on ${opened.map((o) => o.label).join(', ')}`;
  }
  report(ctx, 'share', built.diagnostics);
  if (!built.value) return 1;
  const { payload: p } = built.value;
  const payload = encodeSharePayload(p);
  // References carry the sha256 of the bytes in the payload: what the app hashes on loading them.
  const hashes = p.blobs.map((b) => (b.bytes ? createHash('sha256').update(b.bytes).digest('hex') : ''));
  const link = withFileRefs(built.value, hashes);
  const url = formatShareLink(baseUrl, link, payload);
  const files = p.blobs.map((b) => ({ label: b.label, byteSize: b.bytes?.length ?? 0 }));
  if (f.bools.has('json')) {
    ctx.stdout(JSON.stringify({ url, characters: url.length, payloadCharacters: payload.length, view: p.view, link, files }, null, 2) + '\n');
  } else {
    ctx.stdout(url + '\n');
    ctx.stderr(`share: ${what}: ${url.length} characters (payload ${payload.length}); carries ${files.map((x) => `${x.label} ${x.byteSize} B`).join(', ')}\n`);
  }
  return 0;
}
