// Types for scripts/build-samples.mjs (imported by vite.config.ts).
export interface SampleEntry {
  id: string;
  file: string;
  role: 'kernel' | 'module' | 'object';
  description: string;
  byteSize: number;
  sha256: string;
}
export function buildSamples(opts?: { quiet?: boolean }): SampleEntry[];
