// Included by every per-layer tsconfig so that `tsc -b` does not fail with TS18003 ("No inputs
// were found") while a layer has no files yet. Declares nothing.
export {};
