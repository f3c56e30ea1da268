/**
 * Each workshop step has its own link: the app fragment of the step's view plus
 * `tour=<step id>`, e.g. `#/relocs?v=1&obj=sample:task_state&k=sample:5.10&k=sample:6.18&r=2&tour=local-spec`.
 * Opening it shows that view with the tour at that step; the files are bundled samples,
 * so the link works anywhere the app is served.
 */
import { formatAppFragment } from '../share/share-link';
import { WORKSHOP_STEPS, type WorkshopStep } from './workshop-steps';

export const TOUR_PARAM = 'tour';

export function workshopStepFragment(step: WorkshopStep): string {
  return formatAppFragment(step.view, [[TOUR_PARAM, step.id]]);
}

/** The step a fragment's `tour=` names, or undefined. */
export function workshopStepOf(fragment: string): WorkshopStep | undefined {
  const m = /[?&]tour=([a-z0-9-]{1,64})(?:&|$)/.exec(fragment);
  return m ? WORKSHOP_STEPS.find((s) => s.id === m[1]) : undefined;
}

/** Index of a step in the tour (for "3 / 8" and next/previous). */
export function workshopStepIndex(id: string): number {
  return WORKSHOP_STEPS.findIndex((s) => s.id === id);
}

/**
 * A playground link preloaded with a CO-RE access (`chain=`, the chain editor's text): the
 * playground reads it once when it opens; the toy kernels stay the first example's.
 */
export const PLAYGROUND_CHAIN_PARAM = 'chain';
/** Longer is not a link a step would make; the editor takes it, the URL does not. */
export const PLAYGROUND_CHAIN_MAX = 2000;

export function playgroundChainFragment(chain: string): string {
  return formatAppFragment({ route: 'playground' }, [[PLAYGROUND_CHAIN_PARAM, chain.slice(0, PLAYGROUND_CHAIN_MAX)]]);
}

/** The chain a playground fragment carries, or undefined (other routes, none, too long). */
export function playgroundChainOf(fragment: string): string | undefined {
  const [path = '', query = ''] = fragment.replace(/^#/, '').split(/\?(.*)/s);
  if (path.replace(/^\//, '') !== 'playground') return undefined;
  const raw = query.split('&').find((kv) => kv.startsWith(`${PLAYGROUND_CHAIN_PARAM}=`));
  if (raw === undefined) return undefined;
  let chain: string;
  try {
    chain = decodeURIComponent(raw.slice(PLAYGROUND_CHAIN_PARAM.length + 1).replace(/\+/g, ' '));
  } catch {
    return undefined; // malformed %-escape: no chain rather than an error
  }
  return chain.trim() !== '' && chain.length <= PLAYGROUND_CHAIN_MAX ? chain : undefined;
}
