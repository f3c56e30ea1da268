/**
 * The playground's engine on the page: compiles the two kernels' C and the CO-RE chain with
 * core's buildPlayground (pure and fast, so it runs here, debounced while typing), then
 * loads the results into the worker as three files — kernel A's BTF, kernel B's BTF and the
 * synthetic .bpf.o — under fresh ids per version, so the diff and relocation views (and the
 * query cache) treat each edit as new files. These files stay out of the file bar.
 */
import { useEffect, useRef, useState } from 'react';
import { type PlaygroundInput, type PlaygroundOutput, buildPlayground } from '../../core/index';
import type { FileId } from '../../worker/protocol';
import { workerClient } from '../data/worker-instance';

export interface PlaygroundFiles {
  a: FileId;
  b: FileId;
  obj?: FileId | undefined;
}

let version = 0;

async function loadAll(out: PlaygroundOutput, v: number): Promise<PlaygroundFiles> {
  const client = workerClient();
  const load = async (id: FileId, name: string, bytes: Uint8Array) => {
    const r = await client.load(id, name, async () => bytes.slice().buffer);
    if (r.status !== 'ready') throw new Error(`${name} did not load`);
  };
  const files: PlaygroundFiles = { a: `pg${v}-a` as FileId, b: `pg${v}-b` as FileId };
  await Promise.all([load(files.a, 'kernel-a.btf', out.btfA), load(files.b, 'kernel-b.btf', out.btfB)]);
  if (out.object) {
    files.obj = `pg${v}-obj` as FileId;
    await load(files.obj, 'playground.bpf.o', out.object);
  }
  return files;
}

function unloadAll(f: PlaygroundFiles | undefined): void {
  if (!f) return;
  for (const id of [f.a, f.b, f.obj]) if (id) void workerClient().unload(id).catch(() => {});
}

export function usePlayground(input: PlaygroundInput, debounceMs = 300) {
  const [out, setOut] = useState<PlaygroundOutput>();
  const [files, setFiles] = useState<PlaygroundFiles>();
  const current = useRef<PlaygroundFiles | undefined>(undefined);
  const [error, setError] = useState<string>();
  const { kernelA, kernelB, chain } = input;
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const result = buildPlayground({ kernelA, kernelB, chain });
      setOut(result);
      const v = ++version;
      loadAll(result, v)
        .then((f) => {
          if (!live) return unloadAll(f);
          setError(undefined);
          unloadAll(current.current);
          current.current = f;
          setFiles(f);
        })
        .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    }, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kernelA, kernelB, chain, debounceMs]);
  useEffect(() => () => unloadAll(current.current), []);
  return { out, files, error };
}
