/**
 * Relocations view: a BPF object's CO-RE relocations on one or more kernels (in release
 * order) — the matrix of outcomes, then one row per relocation, expandable. A matrix cell
 * opens that relocation on that kernel, scrolled into view and focused; so does a link that
 * names one (`r=`, `rk=`). Renders the worker's RelocationsView (core's relocateObject with
 * libbpf 1.1.2 semantics), so it says what `btfscope relocs` says.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FileSelect } from '../components/FileSelect';
import { ExportButtons } from '../components/ExportButtons';
import { QueryError } from '../components/QueryError';
import { relocsJson } from '../../core/core-relo/format-report';
import { cliJson, relocTable, toCsv, toMarkdown } from '../data/export-formats';
import { useWorkerQuery } from '../data/use-worker-query';
import { useAppStore } from '../store/app-store';
import { inReleaseOrder } from '../data/release-order';
import { fileRefOf } from '../store/files-slice';
import { fileForRef } from '../store/selectors';
import { CompatMatrix } from './CompatMatrix';
import { ProgramVerdicts } from './ProgramVerdicts';
import type { ReloFocus } from './RelocDetail';
import { RelocTable } from './RelocTable';
import { ShareButton } from '../share/ShareButton';
import { TargetPicker } from './TargetPicker';

export function useRelocations() {
  const { objRef, targetRefs } = useAppStore(useShallow((s) => ({ objRef: s.view.obj, targetRefs: s.view.targets })));
  const obj = useAppStore((s) => fileForRef(s.files, objRef));
  const chosen = useAppStore(useShallow((s) => targetRefs.map((r) => fileForRef(s.files, r)).filter((f) => f !== undefined)));
  const targets = inReleaseOrder(chosen);
  const args = obj && targets.length ? { objectFileId: obj.id, targets: targets.map((t) => ({ fileId: t.id, label: t.label })) } : null;
  const q = useWorkerQuery('relocations', args);
  return { objRef, targetRefs, obj, targets, q, labels: targets.map((t) => t.label), refs: targets.map((t) => fileRefOf(t) ?? '') };
}


export function RelocationsView() {
  const { objRef, targetRefs, obj, targets, q, labels, refs } = useRelocations();
  const open = useAppStore((s) => s.view.relo);
  const reloKernel = useAppStore((s) => s.view.reloKernel);
  const navigate = useAppStore((s) => s.navigate);
  const refine = useAppStore((s) => s.refine);
  // A link that names a relocation opens scrolled to it.
  const [focus, setFocus] = useState<ReloFocus | undefined>(() => (open !== undefined ? { ordinal: open, n: 1 } : undefined));
  const toggle = (ordinal: number) => {
    setFocus(undefined);
    navigate({ relo: open === ordinal ? undefined : ordinal, reloKernel: undefined });
  };
  const openCell = (ordinal: number, ti: number) => {
    setFocus((f) => ({ ordinal, n: (f?.n ?? 0) + 1 }));
    navigate({ relo: ordinal, reloKernel: refs[ti] || undefined });
  };
  const kernelIndex = reloKernel ? refs.indexOf(reloKernel) : -1;
  const v = q.data;
  const progs = v ? new Set(v.report.relocations.map((r) => r.program).filter(Boolean)).size : 0;
  return (
    <section className="view relocs-view" aria-label="Relocations">
      <div className="toolbar">
        <FileSelect label="Object" value={objRef} onChange={(ref) => navigate({ obj: ref, relo: undefined })} filter={(f) => f.summary?.role === 'object'} />
        <TargetPicker value={targetRefs} onChange={(refs) => refine({ targets: refs })} />
        <ShareButton kind="relocs" />
      </div>
      {!obj && <p className="empty">{objRef ? 'Loading the object…' : 'Drop a compiled BPF object (.bpf.o) to see its CO-RE relocations.'}</p>}
      {obj && !targets.length && <p className="empty">Choose one or more kernels to relocate on.</p>}
      <QueryError error={q.error} />
      {v && (
        <>
          <p className="muted" data-testid="relo-summary">
            {obj?.label}: {v.report.relocations.length} CO-RE relocations in {progs} program{progs === 1 ? '' : 's'} · values are what libbpf 1.1.2
            writes into the instruction; (x) = not reached, libbpf stops at an earlier error
          </p>
          {v.notes.map((n) => (
            <p key={n} className="notice soon">
              {n}
            </p>
          ))}
          <ExportButtons
            label="Relocations"
            items={[
              { format: 'JSON', filename: `${obj?.name ?? 'object'}.relocs.json`, mime: 'application/json', text: () => cliJson(relocsJson(v.report, obj?.name ?? '', v.libbpfRefuses)) },
              { format: 'CSV', filename: `${obj?.name ?? 'object'}.relocs.csv`, mime: 'text/csv', text: () => toCsv(relocTable(v.report, labels)) },
              { format: 'Markdown', filename: `${obj?.name ?? 'object'}.relocs.md`, mime: 'text/markdown', text: () => toMarkdown(relocTable(v.report, labels)) },
            ]}
          />
          <CompatMatrix view={v} labels={labels} onOpen={openCell} open={open} openKernel={kernelIndex} />
          <ProgramVerdicts view={v} labels={labels} />
          <RelocTable
            view={v}
            labels={labels}
            open={open}
            onToggle={toggle}
            detail={{ refs, kernelIndex: kernelIndex >= 0 ? kernelIndex : undefined, onKernel: (ti) => refine({ reloKernel: refs[ti] || undefined }), focus }}
          />
        </>
      )}
    </section>
  );
}
