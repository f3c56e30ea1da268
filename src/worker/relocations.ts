/**
 * The Relocations request: the object's CO-RE relocations resolved on each chosen target with
 * core's relocateObject (libbpf 1.1.2 semantics), and the source lines line_info records.
 * The parsed object is kept with the file, so asking again with other targets is cheap.
 */
import { type BpfObject, type CoreTarget, hasFileErrors, parseBpfObject, relocateObject } from '../core/index';
import { type FileId, WorkerErrorCode } from './protocol';
import type { RelocationsView, SourceFileView } from './relo-view-model';
import type { LoadedFile } from './session';
import { WorkerError } from './worker-error';

export function bpfObjectOf(f: LoadedFile): BpfObject {
  if (f.summary.role !== 'object') {
    throw new WorkerError(WorkerErrorCode.BadRequest, `${f.summary.name} is not a BPF object (.bpf.o)`);
  }
  if (!f.object) {
    const r = parseBpfObject(f.bytes);
    if (!r.value || hasFileErrors(r.diagnostics.filter((d) => d.section !== '.BTF.ext'))) {
      throw new WorkerError('bad-elf', `${f.summary.name}: not a readable BPF object`, r.diagnostics);
    }
    f.object = r.value;
  }
  return f.object;
}

export function relocationsView(obj: LoadedFile, targets: { fileId: FileId; label: string; file: LoadedFile }[]): RelocationsView {
  const bpf = bpfObjectOf(obj);
  const seen = new Map<string, number>();
  const coreTargets: CoreTarget[] = targets.map(({ label, file }) => {
    // Labels name kernels in explanations; keep them unique.
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    const unique = n > 1 ? `${label}#${n}` : label;
    return file.summary.role === 'module'
      ? { label: unique, btf: file.source.btf, moduleName: file.summary.name.replace(/\..*$/, '') }
      : { label: unique, btf: file.source.btf };
  });
  const { patchedInsns: _omit, ...report } = relocateObject(bpf, coreTargets);
  const notes: string[] = [];
  if (bpf.libbpfRefuses) {
    const { libbpf, why } = bpf.libbpfRefuses;
    notes.push(`libbpf 1.1.2 would refuse to open this object: ${libbpf}${why ? ` (${why})` : ''}. The table shows what each relocation would resolve to if it opened.`);
  }
  if (!bpf.btfExt) notes.push('The object has no .BTF.ext section, so it has no CO-RE relocations.');
  else if (!bpf.btfExt.coreRelo.length) notes.push('The object has no CO-RE relocations.');
  return {
    objectFileId: obj.summary.fileId,
    targetFileIds: targets.map((t) => t.fileId),
    report,
    sources: sourceFiles(bpf),
    notes,
    ...(bpf.libbpfRefuses ? { libbpfRefuses: bpf.libbpfRefuses } : {}),
  };
}

/** Source lines recorded in line_info, per file, deduplicated and ascending. */
export function sourceFiles(bpf: BpfObject): SourceFileView[] {
  const files = new Map<string, Map<number, string>>();
  for (const sec of bpf.btfExt?.lineInfo ?? []) {
    for (const li of sec.records) {
      let lines = files.get(li.fileName);
      if (!lines) files.set(li.fileName, (lines = new Map()));
      if (!lines.has(li.line)) lines.set(li.line, li.lineText);
    }
  }
  return [...files].map(([file, lines]) => ({
    file,
    lines: [...lines].sort((a, b) => a[0] - b[0]).map(([line, text]) => ({ line, text })),
  }));
}
