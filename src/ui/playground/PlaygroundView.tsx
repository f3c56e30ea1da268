/**
 * Playground (#6): edit two toy kernels' C and a CO-RE read chain; btfscope builds BTF from
 * them in the browser (core's C parser, x86-64/BPF layout rules, checked against clang) and
 * shows the diff of the struct the chain reads and the relocations libbpf would apply,
 * live — with the same components as for real files.
 */
import { useEffect, useMemo, useState } from 'react';
import { PLAYGROUND_EXAMPLES, playgroundChainOf } from '../../core/index';
import { QueryError } from '../components/QueryError';
import { useWorkerQuery } from '../data/use-worker-query';
import { DiffDetail } from '../views/DiffDetail';
import { RelocTable } from '../views/RelocTable';
import { CodeEditor } from './CodeEditor';
import { usePlayground } from './use-playground';
import './playground.css';

const LABELS = ['kernel B', 'kernel A'];

/** The struct the chain starts from (`struct task_struct *task;`), for the diff panel. */
function chainRoot(chain: string): string | undefined {
  const m = /\b(struct|union)\s+(\w+)\s*\*/.exec(chain);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

export function PlaygroundView() {
  const [exampleId, setExampleId] = useState(PLAYGROUND_EXAMPLES[0]!.id);
  const example = PLAYGROUND_EXAMPLES.find((e) => e.id === exampleId)!;
  const [kernelA, setKernelA] = useState(example.kernelA);
  const [kernelB, setKernelB] = useState(example.kernelB);
  // A workshop step's link may carry the chain to start from (`chain=`).
  const [chain, setChain] = useState(() => playgroundChainOf(window.location.hash) ?? example.chain);
  useEffect(() => {
    const onHash = () => {
      const c = playgroundChainOf(window.location.hash);
      if (c !== undefined) setChain(c);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [open, setOpen] = useState<number>();
  const { out, files, error } = usePlayground({ kernelA, kernelB, chain });
  const pick = (id: string) => {
    const e = PLAYGROUND_EXAMPLES.find((x) => x.id === id)!;
    setExampleId(id);
    setKernelA(e.kernelA);
    setKernelB(e.kernelB);
    setChain(e.chain);
    setOpen(undefined);
  };
  const relocArgs = files?.obj ? { objectFileId: files.obj, targets: [{ fileId: files.b, label: LABELS[0]! }, { fileId: files.a, label: LABELS[1]! }] } : null;
  const relocs = useWorkerQuery('relocations', relocArgs);
  const root = useMemo(() => chainRoot(chain), [chain]);
  const d = out?.diagnostics;
  return (
    <section className="view playground-view" aria-label="Playground">
      <div className="toolbar">
        <label className="field">
          <span className="field-label">Example</span>
          <select value={exampleId} onChange={(e) => pick(e.target.value)} data-testid="playground-example">
            {PLAYGROUND_EXAMPLES.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Layouts follow clang -target bpf (x86-64 rules); everything runs in this page.</span>
      </div>
      <div className="playground-editors">
        <div>
          <div className="field-label">Kernel A: the headers the program was built against</div>
          <CodeEditor value={kernelA} onChange={setKernelA} diagnostics={d?.kernelA ?? []} label="Kernel A C definitions" />
        </div>
        <div>
          <div className="field-label">Kernel B: where the program is loaded</div>
          <CodeEditor value={kernelB} onChange={setKernelB} diagnostics={d?.kernelB ?? []} label="Kernel B C definitions" />
        </div>
        <div>
          <div className="field-label">The program's CO-RE access</div>
          <CodeEditor value={chain} onChange={setChain} diagnostics={d?.chain ?? []} label="CO-RE read chain" heightPx={160} />
        </div>
      </div>
      {d && (
        <ul className="playground-problems" data-testid="playground-problems">
          {(['kernelA', 'kernelB', 'chain'] as const).flatMap((k) =>
            d[k].map((x, i) => (
              <li key={`${k}${i}`} className={x.severity === 'error' ? 'tone-text-bad' : 'tone-text-warn'}>
                {k === 'chain' ? 'access' : k === 'kernelA' ? 'kernel A' : 'kernel B'}: {x.message}
              </li>
            )),
          )}
        </ul>
      )}
      {error && <p className="tone-text-bad">{error}</p>}
      {out && out.steps.length > 0 && (
        <p className="mono muted" data-testid="playground-steps">
          {out.steps.map((s) => `${s.cExpr} → access string ${s.accessString}`).join(' · ')}
        </p>
      )}
      <QueryError error={relocs.error} />
      {relocs.data && <RelocTable view={relocs.data} labels={LABELS} open={open} onToggle={(o) => setOpen(open === o ? undefined : o)} />}
      {files && root && <DiffDetail args={{ aFileId: files.a, bFileId: files.b }} type={root} labels={['kernel A', 'kernel B']} />}
    </section>
  );
}
