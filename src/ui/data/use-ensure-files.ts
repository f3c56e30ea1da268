/**
 * Makes the files a view refers to present: bundled samples named in the URL are loaded
 * (a reload or a pasted link just works); files named by hash are listed as missing, for
 * the user to drop.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/app-store';
import { refMatches } from '../store/files-slice';
import { type FileRef, refsOf } from '../url/url-state';
import { loadSample } from './file-actions';

/** References of the current view that no loaded (or loading) file satisfies. */
export function useMissingRefs(): FileRef[] {
  return useAppStore(
    useShallow((s) =>
      refsOf(s.view).filter((ref) => !s.files.some((f) => f.status !== 'error' && refMatches(ref, f))),
    ),
  );
}

export function useEnsureFiles(): FileRef[] {
  const missing = useMissingRefs();
  const key = missing.join(' ');
  useEffect(() => {
    for (const ref of missing) if (ref.startsWith('sample:')) void loadSample(ref.slice(7));
    // `key` is `missing`, joined.
  }, [key]);
  return missing.filter((r) => !r.startsWith('sample:'));
}
