/** Failure explanations (placeholder, filled in below). */
import type { BpfObject } from '../bpf/bpf-object';
import type { CoreTarget } from './candidates';
import type { Explanation, RelocationView, TargetReloResult } from './report';
import type { ResolveTrace } from './resolve-relo';

export function explainFailure(
  _obj: BpfObject,
  _target: CoreTarget,
  _view: RelocationView,
  _trace: ResolveTrace,
  _result: TargetReloResult,
): Explanation | undefined {
  return undefined;
}
