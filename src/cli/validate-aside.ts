/**
 * Validation on a second thread, for the commands that read two whole kernels (`diff`).
 *
 * Validating a kernel (validate-btf.ts) is a pass of its own over every record that the
 * diff does not need to run: the main thread parses both files without it and diffs while
 * a worker thread runs the ordinary `openBtf` on copies of the same bytes. The worker's
 * diagnostics are exactly the ones an inline parse would give, and the command prints them,
 * and decides on exit code 1, before anything reaches stdout, so the output is the same.
 *
 * The worker is the CLI bundle itself (dist/cli.cjs), loaded with `workerData.role` set;
 * main.ts hands such a thread to `serveValidation`. Only the bundle can start one, and only
 * with a second core to run it on (on one core it would only add its start-up).
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostics';
import { openBtf } from '../core/open-btf';

const ROLE = 'btfscope-validate';

/** Per file, the diagnostics of `openBtf(bytes)` (validation included), in order. */
export type ValidateAside = (files: Uint8Array[]) => Promise<Diagnostic[][]>;

/** A starter of validation workers, when running from the bundle on more than one core. */
export function validateAsideStarter(bundle: string | undefined): ValidateAside | undefined {
  if (!bundle || !bundle.endsWith('.cjs') || availableParallelism() < 2) return undefined;
  return (files) => startValidation(bundle, files);
}

function startValidation(bundle: string, files: Uint8Array[]): Promise<Diagnostic[][]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(bundle, { workerData: { role: ROLE }, stdout: false, stderr: false });
    w.once('message', (m: Diagnostic[][]) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the validation thread exited with code ${code}`)));
    // Copied, not transferred: the main thread parses the same bytes.
    w.postMessage(files);
  });
}

export function isValidationWorker(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === ROLE;
}

export function serveValidation(): void {
  parentPort?.once('message', (files: Uint8Array[]) => {
    parentPort?.postMessage(files.map((b) => openBtf(b).diagnostics));
  });
}
