/** The error a session handler throws; it crosses to the page as a SerializedError. */
import type { Diagnostic } from '../core/index';
import type { FileFacts, SerializedError } from './protocol';

export class WorkerError extends Error {
  readonly code: string;
  readonly diagnostics: Diagnostic[];
  readonly file: FileFacts | undefined;
  constructor(code: string, message: string, diagnostics: Diagnostic[] = [], file?: FileFacts) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
    this.diagnostics = diagnostics;
    this.file = file;
  }
}

/** Anything thrown by a handler, as it travels in a `{ ok: false }` reply. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof WorkerError) {
    return { code: e.code, message: e.message, diagnostics: e.diagnostics, file: e.file };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal-error', message: `internal error: ${message}`, diagnostics: [] };
}
