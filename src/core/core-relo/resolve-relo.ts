/**
 * Resolving one CO-RE relocation against a candidate list: parse the local spec, match
 * every candidate, compute values, detect ambiguity, narrow the shared candidate list, and
 * fall back to "no match" values (0 for existence kinds, poison for the rest).
 *
 * Spec: libbpf 1.1.2 relo_core.c — bpf_core_calc_relo_insn. Besides libbpf's result this
 * returns a trace (every candidate with its spec and whether it matched) for the
 * explanations and the UI.
 */
import type { Btf } from '../btf/btf';
import { type ReloCtx, type ReloRes, calcRelo, emptyRes } from './calc-relo';
import { btfKindStr } from './btf-helpers';
import type { CoreCand, CoreCandList } from './candidates';
import { CoreError, CoreReloKind, Errno, coreReloKindName } from './relo-kinds';
import { type CoreSpec, copySpec, emptySpec, formatSpec, parseSpec } from './spec';
import { specMatch } from './spec-match';

export interface CandTrace {
  btf: Btf;
  id: number;
  where: string;
  matched: boolean;
  spec: string;
  /** The candidate's full spec when it matched (bit offset etc.). */
  full?: CoreSpec;
  res?: ReloRes;
}

export interface ResolveTrace {
  localSpec: CoreSpec | null;
  cands: CandTrace[];
  targSpec: CoreSpec | null;
  /** Candidates an earlier relocation of the same local type pruned from the list. */
  pruned?: readonly CoreCand[];
  /** Reason code when resolution failed with an error: 'parse', 'anon', 'ambiguity-offset', 'ambiguity-decision', 'match', 'calc'. */
  failure?: string;
}

export interface ResolveInput {
  ctx: ReloCtx;
  localBtf: Btf;
  typeId: number;
  accessStr: string;
  bigEndian: boolean;
  debug: (msg: string) => void;
}

/**
 * bpf_core_calc_relo_insn. `cands` is undefined only for TYPE_ID_LOCAL. Throws CoreError
 * where libbpf returns an error; the trace is filled as far as it got.
 */
export function resolveRelo(input: ResolveInput, cands: CoreCandList | undefined, trace: ResolveTrace): ReloRes {
  const { ctx, localBtf, debug } = input;
  const warn = ctx.warn;
  const tag = `prog '${ctx.progName}': relo #${ctx.reloIdx}:`;
  const kindName = coreReloKindName(ctx.kind);
  const localId = input.typeId;
  const localName = localBtf.name(localId);
  const opts = { bigEndian: input.bigEndian };
  let local: CoreSpec;
  try {
    local = parseSpec(ctx.progName, localBtf, { typeId: localId, accessStr: input.accessStr, kind: ctx.kind }, warn);
  } catch (e) {
    if (!(e instanceof CoreError)) throw e;
    trace.failure = 'parse';
    warn(
      `${tag} parsing [${localId}] ${btfKindStr(localBtf.kind(localId))} ${localName === '' ? '<anon>' : localName} + ${input.accessStr} failed: ${e.errno}\n`,
    );
    throw new CoreError(-Errno.EINVAL);
  }
  trace.localSpec = local;
  debug(`${tag} ${formatSpec(local, kindName)}\n`);

  if (ctx.kind === CoreReloKind.TypeIdLocal) {
    const res = emptyRes();
    res.validate = false;
    res.origVal = res.newVal = BigInt(local.rootTypeId);
    return res;
  }
  if (localName === '' || !cands) {
    trace.failure = 'anon';
    warn(`${tag} <${kindName}> (${ctx.kind}) relocation doesn't support anonymous types\n`);
    throw new CoreError(-Errno.EOPNOTSUPP);
  }

  let targRes: ReloRes | undefined;
  let targSpec: CoreSpec | undefined;
  let j = 0;
  for (let i = 0; i < cands.len; i++) {
    const cand = cands.cands[i]!;
    const candSpec = emptySpec(cand.btf, cand.id, ctx.kind);
    let m: number;
    try {
      m = specMatch(local, cand.btf, cand.id, candSpec, warn);
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      trace.failure = 'match';
      // libbpf's format string ends in "\n " here: the next log line starts with a space.
      warn(`${tag} error matching candidate #${i} ${formatSpec(candSpec, kindName)}: ${e.errno}\n `);
      throw e;
    }
    const specText = formatSpec(candSpec, kindName);
    debug(`${tag} ${m === 0 ? 'non-matching' : 'matching'} candidate #${i} ${specText}\n`);
    const ct: CandTrace = { btf: cand.btf, id: cand.id, where: cand.where, matched: m > 0, spec: specText };
    trace.cands.push(ct);
    if (m === 0) continue;
    ct.full = copySpec(candSpec);
    let candRes: ReloRes;
    try {
      candRes = calcRelo(ctx, local, candSpec, opts);
    } catch (e) {
      trace.failure = 'calc';
      throw e;
    }
    ct.res = candRes;
    if (j === 0 || !targRes || !targSpec) {
      targRes = candRes;
      targSpec = copySpec(candSpec);
      trace.targSpec = targSpec;
    } else if (candSpec.bitOffset >>> 0 !== targSpec.bitOffset >>> 0) {
      trace.failure = 'ambiguity-offset';
      warn(`${tag} field offset ambiguity: ${candSpec.bitOffset >>> 0} != ${targSpec.bitOffset >>> 0}\n`);
      throw new CoreError(-Errno.EINVAL);
    } else if (candRes.poison !== targRes.poison || candRes.newVal !== targRes.newVal) {
      trace.failure = 'ambiguity-decision';
      const word = (r: ReloRes) => (r.poison ? 'failure' : 'success');
      warn(`${tag} relocation decision ambiguity: ${word(candRes)} ${candRes.newVal} != ${word(targRes)} ${targRes.newVal}\n`);
      throw new CoreError(-Errno.EINVAL);
    }
    cands.cands[j++] = cand;
  }
  // Relocations of the same local type later only consider the candidates that matched here.
  if (j > 0) cands.len = j;
  if (j === 0 || !targRes) {
    debug(`${tag} no matching targets found\n`);
    trace.targSpec = null;
    try {
      return calcRelo(ctx, local, null, opts);
    } catch (e) {
      trace.failure = 'calc';
      throw e;
    }
  }
  return targRes;
}
