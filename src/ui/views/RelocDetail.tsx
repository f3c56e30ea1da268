/**
 * One relocation opened: its local spec and source line; per kernel the outcome in words,
 * libbpf's target spec and candidates, the patched instruction before and after, libbpf's
 * log lines, and for failures the explanation with the likely successor and a ready snippet;
 * plus the local and target layouts side by side with the accessed field highlighted.
 */
import { useState } from 'react';
import type { RelocationView, TargetReloResult } from '../../core/core-relo/report';
import type { FileId } from '../../worker/protocol';
import { QueryError } from '../components/QueryError';
import { useWorkerQuery } from '../data/use-worker-query';
import { LayoutTable } from './LayoutTable';
import { OUTCOME_WORDS, toneOf } from './relo-cells';

const FIELD_KINDS = new Set(['byte_off', 'byte_sz', 'field_exists', 'signed', 'lshift_u64', 'rshift_u64']);

/** `task_struct->real_parent` → `real_parent`; `x.y[3]` → `y`. */
export function accessedField(access: string): string | undefined {
  const m = /(?:->|\.)([A-Za-z_]\w*)(?:\[\d*\])*$/.exec(access);
  return m?.[1];
}

export function RelocDetail({ v, objectFileId, targetFileIds, labels }: { v: RelocationView; objectFileId: FileId; targetFileIds: FileId[]; labels: string[] }) {
  const [ti, setTi] = useState(0);
  const r = v.results[ti];
  return (
    <div className="relo-detail" data-testid="relo-detail">
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
      {r && <TargetResult r={r} />}
      {FIELD_KINDS.has(v.kindName) && targetFileIds[ti] && r && (
        <LayoutCompare v={v} r={r} objectFileId={objectFileId} targetFileId={targetFileIds[ti]!} targetLabel={labels[ti]!} />
      )}
    </div>
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
          <p>
            <strong>Why:</strong> {e.summary}
          </p>
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
