/**
 * One relocation opened: its local spec and source line; per kernel the outcome in words,
 * libbpf's target spec and candidates, the patched instruction before and after, libbpf's
 * log lines, and for failures the explanation with the likely successor and a ready snippet;
 * plus the local and target layouts side by side with the accessed field highlighted, and
 * links to the type's diff between a kernel where it works and one where it fails, and to
 * its page in each. Opened from the matrix or a link, it scrolls itself into view and takes focus.
 */
import { useEffect, useRef, useState } from 'react';
import type { RelocationView, TargetReloResult } from '../../core/core-relo/report';
import type { FileId } from '../../worker/protocol';
import { QueryError } from '../components/QueryError';
import { openType } from '../data/nav';
import { useWorkerQuery } from '../data/use-worker-query';
import { useAppStore } from '../store/app-store';
import type { FileRef } from '../url/url-state';
import { LayoutTable } from './LayoutTable';
import { OUTCOME_WORDS, toneOf } from './relo-cells';

const FIELD_KINDS = new Set(['byte_off', 'byte_sz', 'field_exists', 'signed', 'lshift_u64', 'rshift_u64']);

/** Which relocation detail to bring into view: set by a matrix click or a link, cleared by a row click. */
export interface ReloFocus {
  ordinal: number;
  /** Changes on every request, so a second click on the same cell scrolls again. */
  n: number;
}

/** The Relocations view's hold on a detail: the kernel shown (kept in the URL) and links out. */
export interface RelocDetailNav {
  /** File references of the kernels, aligned with `labels`. */
  refs: FileRef[];
  /** The kernel the URL names; undefined: the first where the relocation does not patch cleanly. */
  kernelIndex?: number | undefined;
  onKernel: (ti: number) => void;
  focus?: ReloFocus | undefined;
}

/** `task_struct->real_parent` → `real_parent`; `x.y[3]` → `y`. */
export function accessedField(access: string): string | undefined {
  const m = /(?:->|\.)([A-Za-z_]\w*)(?:\[\d*\])*$/.exec(access);
  return m?.[1];
}

/**
 * The kernel's type key for a relocation's local type: `struct task_struct___old` →
 * `struct:task_struct` (libbpf ignores a `___flavor` suffix when it looks for candidates).
 */
export function kernelTypeKey(localType: string): string | undefined {
  const m = /^(struct|union|enum) ([A-Za-z_]\w*)$/.exec(localType.trim());
  if (!m) return undefined;
  const name = m[2]!.replace(/___.*$/, '');
  return name ? `${m[1]}:${name}` : undefined;
}

/** The kernel a detail opens on: the first where the relocation fails or is poisoned, else the first. */
export function defaultKernel(v: RelocationView): number {
  const i = v.results.findIndex((r) => toneOf(r) === 'bad' || toneOf(r) === 'warn');
  return i >= 0 ? i : 0;
}

export function RelocDetail({ v, objectFileId, targetFileIds, labels, nav }: { v: RelocationView; objectFileId: FileId; targetFileIds: FileId[]; labels: string[]; nav?: RelocDetailNav | undefined }) {
  // The kernel shown: the one the URL names (a matrix cell sets it), else the first that fails.
  // A tab click changes the URL too once it names a kernel; a link without one (the
  // workshop's steps) keeps its fragment.
  const [ti, setOwn] = useState(() => nav?.kernelIndex ?? defaultKernel(v));
  const token = nav?.focus?.ordinal === v.ordinal ? nav.focus.n : 0;
  useEffect(() => {
    if (nav?.kernelIndex !== undefined) setOwn(nav.kernelIndex);
  }, [nav?.kernelIndex, token]);
  const setTi = (i: number) => {
    setOwn(i);
    if (nav?.kernelIndex !== undefined) nav.onKernel(i);
  };
  const r = v.results[ti];
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!token || !el) return;
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }, [token]);
  return (
    <div className="relo-detail" data-testid="relo-detail" data-ordinal={v.ordinal} data-target-label={labels[ti]} ref={box} tabIndex={-1}>
      <p className="mono">
        <strong>{v.kindName}</strong> {v.access} · local spec <code>{v.localSpec ?? '(does not parse)'}</code> · access string{' '}
        <code>{v.accessString}</code> · section <code>{v.section}</code> relo #{v.reloIndex}
      </p>
      {v.source && (
        <p className="source-line mono">
          <span className="muted">
            {v.source.file}:{v.source.line}
          </span>{' '}
          {v.source.text.trim()}
        </p>
      )}
      <div className="chips" role="tablist" aria-label="Kernel">
        {labels.map((l, i) => (
          <button key={l + i} type="button" role="tab" aria-selected={i === ti} className={`chip tone-${toneOf(v.results[i])}${i === ti ? ' on' : ''}`} onClick={() => setTi(i)}>
            {l}
          </button>
        ))}
      </div>
      {nav && <CauseLinks v={v} ti={ti} labels={labels} refs={nav.refs} />}
      {r && <TargetResult r={r} />}
      {FIELD_KINDS.has(v.kindName) && targetFileIds[ti] && r && (
        <LayoutCompare v={v} r={r} objectFileId={objectFileId} targetFileId={targetFileIds[ti]!} targetLabel={labels[ti]!} />
      )}
    </div>
  );
}

/**
 * Links from a relocation to its cause: the type's diff between a kernel where it patches
 * and one where it does not (this kernel on whichever side it is), and its page in both.
 */
function CauseLinks({ v, ti, labels, refs }: { v: RelocationView; ti: number; labels: string[]; refs: FileRef[] }) {
  const navigate = useAppStore((s) => s.navigate);
  const key = kernelTypeKey(v.localType);
  if (!key) return null;
  const ok = (j: number) => toneOf(v.results[j]) === 'ok';
  const bad = (j: number) => toneOf(v.results[j]) === 'bad' || toneOf(v.results[j]) === 'warn';
  const shownOk = ok(ti);
  const other = v.results.findIndex((_, j) => j !== ti && refs[j] && (shownOk ? bad(j) : ok(j)));
  const [working, failing] = shownOk ? [ti, other] : [other, ti];
  const typeName = key.replace(':', ' ');
  const pages = [...new Set([working, failing].filter((j) => j >= 0 && refs[j]))];
  return (
    <p className="cause-links" data-testid="cause-links">
      {working >= 0 && failing >= 0 && (
        <button
          type="button"
          className="btn-link"
          data-testid="cause-diff"
          onClick={() => navigate({ route: 'diff', a: refs[working], b: refs[failing], type: key })}
          title={`What changed in ${typeName} between a kernel where this relocation patches and one where it does not`}
        >
          diff {typeName}: {labels[working]} (works) → {labels[failing]} (fails)
        </button>
      )}
      {pages.map((j) => (
        <button key={j} type="button" className="btn-link" data-testid="cause-type" onClick={() => openType(refs[j], key)}>
          {typeName} in {labels[j]}
        </button>
      ))}
    </p>
  );
}

function TargetResult({ r }: { r: TargetReloResult }) {
  const e = r.explanation;
  return (
    <div className="target-result">
      <p className={`tone-text-${toneOf(r)}`}>
        {OUTCOME_WORDS[r.result]}
        {r.result === 'unreached' && r.wouldBe ? ` (it would be ${r.wouldBe})` : ''}
        {r.errno !== undefined ? ` · errno ${r.errno}` : ''}
      </p>
      <p className="mono">
        target spec <code>{r.targetSpec ?? 'none: no candidate matched'}</code>
      </p>
      {r.candidates.length > 0 && (
        <ul className="candidates mono">
          {r.candidates.map((c) => (
            <li key={`${c.btf}:${c.typeId}`} className={c.matched ? 'tone-text-ok' : 'muted'}>
              {c.matched ? '✓' : '✗'} [{c.typeId}] {c.type} in {c.btf}: {c.spec}
            </li>
          ))}
        </ul>
      )}
      {(r.insnsBefore.length > 0 || r.insnsAfter.length > 0) && (
        <div className="insn-compare">
          <InsnList title="instruction before" insns={r.insnsBefore} />
          <InsnList title="after libbpf" insns={r.insnsAfter} />
        </div>
      )}
      {r.patches.length > 0 && (
        <p className="mono muted">
          {r.patches.map((p) => `insn #${p.insn} ${p.class} ${p.field}: ${p.before} → ${p.after}`).join(' · ')}
        </p>
      )}
      {e && (
        <div className="explanation" data-testid="explanation">
          {e.change && e.summary.startsWith(`${e.change.text}. `) ? (
            <>
              <p data-testid="explanation-change">
                <strong>What changed:</strong> {e.change.text}
              </p>
              <p>
                <strong>Why:</strong> {e.summary.slice(e.change.text.length + 2)}
              </p>
            </>
          ) : (
            <p>
              <strong>Why:</strong> {e.summary}
            </p>
          )}
          {e.successors.map((s) => (
            <p key={s.path}>
              <strong>Likely successor:</strong> <code>{s.path}</code> — {s.reason}
            </p>
          ))}
          {e.snippet && (
            <>
              <p>
                <strong>Suggested fix:</strong>
              </p>
              <pre className="snippet">{e.snippet}</pre>
            </>
          )}
        </div>
      )}
      {r.messages.length > 0 && (
        <details>
          <summary>libbpf log ({r.messages.length} lines)</summary>
          <pre className="log">{r.messages.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

function InsnList({ title, insns }: { title: string; insns: { index: number; hex: string; text: string }[] }) {
  return (
    <div>
      <div className="field-label">{title}</div>
      <pre className="insns" data-testid="insns">
        {insns.map((i) => `${String(i.index).padStart(4)}: ${i.hex}  ${i.text}`).join('\n')}
      </pre>
    </div>
  );
}

function LayoutCompare({ v, r, objectFileId, targetFileId, targetLabel }: { v: RelocationView; r: TargetReloResult; objectFileId: FileId; targetFileId: FileId; targetLabel: string }) {
  const field = accessedField(v.access);
  const cand = r.candidates.find((c) => c.matched) ?? r.candidates[0];
  const local = useWorkerQuery('getLayout', { fileId: objectFileId, type: `#${v.localTypeId}` });
  const target = useWorkerQuery('getLayout', cand ? { fileId: targetFileId, type: `#${cand.typeId}` } : null);
  const successor = r.explanation?.successors[0]?.path.split(/->|\./).pop();
  return (
    <div className="layout-compare">
      <div>
        <div className="field-label">local: {v.localType} (in the object)</div>
        <QueryError error={local.error} />
        {local.data && <LayoutTable layout={local.data.layout} highlight={field} around={6} />}
      </div>
      <div>
        <div className="field-label">
          target: {cand ? `${cand.type} in ${targetLabel}` : `no candidate in ${targetLabel}`}
        </div>
        <QueryError error={target.error} />
        {target.data && <LayoutTable layout={target.data.layout} highlight={r.targetSpec ? field : successor ?? field} around={6} />}
      </div>
    </div>
  );
}
