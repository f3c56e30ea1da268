/**
 * Failure explanations: for a relocation that does not resolve on a target (poisoned, a
 * hard error, or an existence check answered 0), first name what changed between the
 * object's type and the target's (change.ts), then say why libbpf refuses, point at the
 * likely successor of what is missing, and offer a `___flavor` + `bpf_core_field_exists`
 * snippet. Built from the resolution trace; never changes what libbpf would do.
 */
import type { BpfObject } from '../bpf/bpf-object';
import type { Btf } from '../btf/btf';
import { typeOf } from './btf-helpers';
import { BtfKind } from '../btf/btf-kinds';
import { typeLabel } from './access-c';
import { declareC } from './c-decl';
import type { CoreTarget } from './candidates';
import { CoreReloKind, isEnumvalBased, isFieldBased, isTypeBased } from './relo-kinds';
import type { Explanation, RelocationView, Successor, TargetReloResult } from './report';
import type { ResolveTrace } from './resolve-relo';
import { emptySpec } from './spec';
import { specMatch } from './spec-match';
import { type Change, describeFieldChange, describeTypeDifference, fieldEnd, fieldSuccessorChange, findEnumeratorSuccessor, kindWord, localArrayLength, sameNameOtherKind } from './change';
import { diagnoseLocalAccess, diagnoseMismatch, type FieldSuccessor, findFieldSuccessors, findTypeSuccessors, type Mismatch } from './successors';

function explanation(code: string, summary: string, successors: Successor[] = [], snippet?: string, change?: Change): Explanation {
  const e: Explanation = change ? { code, summary: `${change.text}. libbpf: ${summary}`, change: { kind: change.kind, text: change.text }, successors } : { code, summary, successors };
  if (snippet) e.snippet = snippet;
  return e;
}

/** What libbpf then does with a relocation nothing matched, by outcome. */
const EXISTENCE_CHECK: Partial<Record<number, string>> = {
  [CoreReloKind.FieldExists]: 'bpf_core_field_exists()',
  [CoreReloKind.TypeExists]: 'bpf_core_type_exists()',
  [CoreReloKind.TypeMatches]: 'bpf_core_type_matches()',
  [CoreReloKind.EnumvalExists]: 'bpf_core_enum_value_exists()',
};

function outcomeWords(result: TargetReloResult, kind: number): string {
  if (result.result === 'poisoned') return 'so it poisons the instruction';
  if (result.result === 'error') return 'so it fails the load';
  const check = EXISTENCE_CHECK[kind];
  return check && result.after === '0' ? `so ${check} answers 0` : `so it patches in ${result.after ?? '0'}`;
}

/** `net_device.priv_flags` for change sentences; an anonymous container is named by the root. */
function memberPath(btf: Btf, containerId: number, name: string, root: string): string {
  const n = btf.name(btf.skipModsAndTypedefs(containerId)) || root;
  return n ? `${n.replace(/___.*$/, '')}.${name}` : name;
}

function rootOf(btf: Btf, view: RelocationView): string {
  return btf.name(btf.skipModsAndTypedefs(view.localTypeId));
}

/** The relocation's access without flavors, C member syntax: `task_struct.state`. */
function plainAccess(view: RelocationView): string {
  return view.access.replace(/___[A-Za-z0-9_]*/g, '').replace(/->/g, '.');
}

export function explainFailure(
  obj: BpfObject,
  target: CoreTarget,
  view: RelocationView,
  trace: ResolveTrace,
  result: TargetReloResult,
): Explanation | undefined {
  const msgs = result.messages.join('\n') + '\n' + (trace.failure ?? '');
  const tgt = target.label;
  const localName = typeLabel(obj.btf, view.localTypeId);
  if (result.fault) return explanation('libbpf-crash', result.fault);
  switch (trace.failure) {
    case 'anon':
      return explanation('anonymous-type', `the relocation's root type [${view.localTypeId}] is anonymous; libbpf cannot look up candidates for an anonymous type and fails the load`);
    case 'parse':
      return explanation('bad-access', `access string ${view.accessString} does not fit the local ${localName}: ${safe(() => diagnoseLocalAccess(obj.btf, view.localTypeId, view.accessString), 'it cannot be parsed')}`);
    case 'ambiguity-offset':
    case 'ambiguity-decision': {
      const matched = trace.cands.filter((c) => c.matched);
      const a = matched[0];
      const b = matched[matched.length - 1];
      const names = a && b ? `[${a.id}] ${typeLabel(a.btf, a.id)} and [${b.id}] ${typeLabel(b.btf, b.id)}` : 'several candidates';
      const what =
        trace.failure === 'ambiguity-offset'
          ? `put ${view.access} at different offsets (bits ${a?.full?.bitOffset} vs ${b?.full?.bitOffset})`
          : `give different values (${a?.res?.newVal} vs ${b?.res?.newVal})`;
      return explanation('ambiguity', `${tgt} has several types matching ${localName}: ${names} ${what}; libbpf refuses to guess`);
    }
    default:
      break;
  }
  if (/can't be satisfied for bitfield/.test(msgs)) {
    return explanation('bitfield', `the bitfield ${view.access} cannot be read with a single load of at most 8 bytes in ${tgt} (it straddles an 8-byte boundary)`);
  }
  if (/can't be applied to array access/.test(msgs)) {
    return explanation('array-access', `a ${view.kindName} relocation cannot apply to an array element (${view.access})`);
  }
  if (/value too big/.test(msgs)) {
    return explanation('value-range', `in ${tgt} the field's offset ${result.after ?? ''} does not fit the 16-bit offset of a load/store instruction`);
  }
  if (/unexpected insn #\d+ \(LDIMM64\) value/.test(msgs) && view.kind === CoreReloKind.EnumvalValue && isSignExtendedEnum(obj.btf, view)) {
    return explanation(
      'enum-sign-extension',
      `libbpf 1.1 reads 32-bit enumerator values as signed (btf_enum.val is __s32), so it expects ${view.access} sign-extended to 64 bits while the compiler stored the unsigned value; libbpf fails the load (fixed in later libbpf versions)`,
    );
  }
  if (/unexpected insn|unexpected form|unexpected mem size|invalid new mem size|unrecognized insn/.test(msgs)) {
    return explanation('insn-mismatch', `the instruction does not hold what libbpf expects for this relocation (see libbpf's message); the object may have been modified or miscompiled`);
  }
  if (/accesses field incorrectly/.test(msgs)) return explainMemsz(obj, target, view, trace);
  if (result.errno !== undefined && result.errno !== 0 && result.result === 'error') {
    return explanation('other', `libbpf fails this relocation with error ${result.errno}`);
  }
  return explainNoMatch(obj, target, view, trace, result);
}

/**
 * libbpf 1.1.2 bpf_core_calc_relo: the load/store size may change only between two pointers
 * or two unsigned integers; a bitfield gets no size (0, type void), so a plain load of a
 * field that became a bitfield always fails this check.
 */
function explainMemsz(obj: BpfObject, target: CoreTarget, view: RelocationView, trace: ResolveTrace): Explanation {
  const tgt = target.label;
  const local = trace.localSpec ? fieldEnd(trace.localSpec) : undefined;
  const targ = trace.targSpec ? fieldEnd(trace.targSpec) : undefined;
  const what = plainAccess(view);
  const change = local && targ ? describeFieldChange(what, local, targ, tgt) : undefined;
  const fixSize = 'read it with bpf_core_read() into a variable of the target\'s size (bpf_core_field_size())';
  let why: string;
  if (targ?.bitfieldSize) {
    why = `a bitfield has no byte size, so it cannot resize this ${local ? sizeOf(obj.btf, local.typeId) : '?'}-byte load/store and poisons it; read it with BPF_CORE_READ_BITFIELD_PROBED()`;
  } else if (local?.bitfieldSize) {
    why = `the object reads a bitfield with a plain load/store, which libbpf cannot resize to the target's field and poisons; ${fixSize}`;
  } else {
    why = `it resizes a load/store only between two pointers or two unsigned integers, which ${what} is not on both sides, so it poisons it; ${fixSize}`;
  }
  return explanation('memsz', change ? why : why.replace(/^(it|a bitfield has)/, (m) => (m === 'it' ? 'libbpf' : 'to libbpf a bitfield has')), [], undefined, change);
}

function sizeOf(btf: Btf, id: number): number {
  return safe(() => btf.resolveSize(id), 0);
}

/** Nothing matched: no candidate type, or where the access breaks on the candidates. */
function explainNoMatch(obj: BpfObject, target: CoreTarget, view: RelocationView, trace: ResolveTrace, result: TargetReloResult): Explanation | undefined {
  const tgt = target.label;
  const lb = obj.btf;
  const localName = typeLabel(lb, view.localTypeId);
  const local = trace.localSpec;
  if (!trace.cands.length) {
    const essential = lb.name(view.localTypeId).replace(/___.*$/, '');
    const members = local && isFieldBased(view.kind) ? local.spec.slice(0, local.len).flatMap((a) => (a.name ? [a.name] : [])).slice(0, 1) : [];
    const succ = safe(() => findTypeSuccessors(target.btf, essential, lb.kind(view.localTypeId), members), []);
    const successors: Successor[] = succ.map((id) => ({
      kind: 'renamed-type',
      path: typeLabel(target.btf, id),
      reason: members.length ? `has a member '${members[0]}' and a similar name` : 'similar name and kind',
    }));
    const kw = localName.includes(' ') ? localName.split(' ')[0]! : 'type';
    const why = `${tgt} has no ${kw} named ${essential} (nor any ___flavor of it), ${outcomeWords(result, view.kind)}`;
    const other = safe(() => sameNameOtherKind(target.btf, essential, lb.kind(lb.skipModsAndTypedefs(view.localTypeId))), undefined);
    const localDecl = `${kw === 'type' ? '' : `${kw} `}${essential}`;
    const change: Change =
      other !== undefined
        ? { kind: 'kind', text: `${essential} is ${kindWord(target.btf.kind(other))} in ${tgt}, not ${kindWord(lb.kind(lb.skipModsAndTypedefs(view.localTypeId)))} as in the object` }
        : succ.length
          ? { kind: 'renamed-type', text: `${localDecl} is gone from ${tgt}, probably renamed to ${typeLabel(target.btf, succ[0]!)}` }
          : { kind: 'type-gone', text: `${localDecl} does not exist in ${tgt} (removed, or not yet added)` };
    return explanation('no-type', why, successors, undefined, change);
  }
  if (!local) return undefined;
  const revived = (trace.pruned ?? []).find((c) => safe(() => specMatch(local, c.btf, c.id, emptySpec(c.btf, c.id, view.kind), () => {}) > 0, false));
  if (revived) {
    const kept = trace.cands.map((c) => `[${c.id}] ${typeLabel(c.btf, c.id)}`).join(', ');
    return explanation(
      'pruned',
      `[${revived.id}] ${typeLabel(revived.btf, revived.id)} in ${tgt} would match, but an earlier relocation of ${localName} matched only ${kept}, and libbpf keeps only those candidates for later relocations of the same type`,
    );
  }
  if (isTypeBased(view.kind)) {
    const first = trace.cands[0]!;
    const change = safe(() => describeTypeDifference(lb, view.localTypeId, first.btf, first.id, tgt), undefined);
    return explanation(
      'type-mismatch',
      `${tgt}'s ${trace.cands.map((c) => `[${c.id}] ${typeLabel(c.btf, c.id)}`).join(', ')} ${view.kind === CoreReloKind.TypeMatches ? 'does not match' : 'is not compatible with'} the local ${localName}, ${outcomeWords(result, view.kind)}`,
      [],
      undefined,
      change,
    );
  }
  if (isEnumvalBased(view.kind)) {
    const name = local.spec[0]?.name ?? '?';
    const cand = trace.cands[0]!;
    const enumName = typeLabel(cand.btf, cand.id);
    const essential = name.replace(/___.*$/, '');
    const lt = typeOf(lb, lb.skipModsAndTypedefs(view.localTypeId));
    const value = lt.kind === BtfKind.Enum || lt.kind === BtfKind.Enum64 ? lt.values[local.spec[0]?.idx ?? -1]?.value64 : undefined;
    const renamed = safe(() => findEnumeratorSuccessor(cand.btf, cand.id, essential, value), undefined);
    const change: Change = renamed
      ? { kind: 'enumerator-renamed', text: `${enumName} has no ${essential} in ${tgt}, probably renamed to ${renamed}` }
      : { kind: 'enumerator-gone', text: `${enumName} has no enumerator ${essential} in ${tgt} (removed, or not yet added)` };
    const successors: Successor[] = renamed ? [{ kind: 'renamed-enumerator', path: renamed, reason: 'similar name in the same enum' }] : [];
    return explanation('no-enumerator', `${tgt}'s ${enumName} has no enumerator ${name}, ${outcomeWords(result, view.kind)}`, successors, undefined, change);
  }
  const cand = trace.cands[0]!;
  const mm = safe<Mismatch | undefined>(() => diagnoseMismatch(local, cand.btf, cand.id), undefined);
  if (!mm || mm.code === 'ok') return explanation('no-match', `no candidate in ${tgt} matches ${view.access}`);
  const container = typeLabel(cand.btf, mm.targetContainer);
  switch (mm.code) {
    case 'no-field': {
      const succ = safe(() => findFieldSuccessors(local, mm, cand.btf), []);
      const successors: Successor[] = succ.map((s) => ({ kind: s.kind, path: s.path, reason: successorReason(s, mm.name, cand.btf) }));
      const first = succ[0];
      const snippet = first ? fieldSnippet(obj.btf, view, mm, tgt, cand.btf, first.path, first.typeId) : undefined;
      const what = memberPath(cand.btf, mm.targetContainer, mm.name, rootOf(lb, view));
      const change = fieldSuccessorChange(what, mm.name, first, first ? memberPath(cand.btf, mm.targetContainer, first.path, rootOf(lb, view)) : '', tgt);
      return explanation('no-field', `field '${mm.name}' is missing from ${container} in ${tgt}, ${outcomeWords(result, view.kind)}`, successors, snippet, change);
    }
    case 'incompatible-field': {
      const change = describeFieldChange(
        memberPath(cand.btf, mm.targetContainer, mm.name, rootOf(lb, view)),
        { btf: lb, typeId: mm.localTypeId, bitfieldSize: 0, name: mm.name },
        { btf: cand.btf, typeId: mm.targetTypeId ?? 0, bitfieldSize: 0, name: mm.name },
        tgt,
      );
      return explanation(
        'incompatible-field',
        `field '${mm.name}' of ${container} in ${tgt} is ${declareC(cand.btf, mm.targetTypeId ?? 0, mm.name)}, not compatible with the local ${declareC(lb, mm.localTypeId, mm.name)}: libbpf matches a field only with the same kind of type (integers, pointers, structs/unions, same-named enums, arrays of such), ${outcomeWords(result, view.kind)}`,
        [],
        undefined,
        change,
      );
    }
    case 'array-bounds': {
      const t = typeOf(cand.btf, mm.targetContainer);
      const tn = t.kind === BtfKind.Array ? t.nelems : undefined;
      const ln = safe(() => localArrayLength(local, mm.accessor), undefined);
      const arr = view.access.slice(0, view.access.lastIndexOf(mm.name)) || 'the array';
      const change: Change | undefined =
        tn !== undefined ? { kind: 'array-length', text: `${arr} ${ln !== undefined && ln > tn ? `shrank from ${ln} to ${tn}` : `has ${tn}`} elements in ${tgt}` } : undefined;
      return explanation('array-bounds', `index ${mm.name} is out of bounds of the array in ${tgt}, ${outcomeWords(result, view.kind)}`, [], undefined, change);
    }
    default:
      return explanation('no-match', `${mm.name} is not reachable in ${container} in ${tgt} (${mm.code})`);
  }
}

function successorReason(s: FieldSuccessor, name: string, tb: Btf): string {
  const leaf = s.path.split('.').pop()!;
  const how = ['same name up to underscores', `name contains or is contained in '${name}'`, 'name one letter apart'][s.similarity] ?? 'similar name';
  const where = s.kind === 'moved-field' ? `moved into ${s.path.slice(0, -leaf.length - 1)}; ` : '';
  return `${where}${leaf === name ? 'same name' : how}, compatible type ${declareC(tb, s.typeId, leaf)}${s.sameOffset ? ', same offset as the local definition' : ''}`;
}

/** A 32-bit unsigned enumerator >= 2^31: libbpf 1.1 sign-extends it. */
function isSignExtendedEnum(btf: Btf, view: RelocationView): boolean {
  const t = typeOf(btf, btf.skipModsAndTypedefs(view.localTypeId));
  if (t.kind !== BtfKind.Enum || t.isSigned) return false;
  const v = t.values[Number(view.accessString)];
  return !!v && v.value >>> 0 >= 0x80000000;
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

const C_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A `___new` flavor of the root struct declaring the successor, plus an exists-guarded read. */
function fieldSnippet(
  lb: Btf,
  view: RelocationView,
  mm: Mismatch,
  tgt: string,
  tb: Btf,
  newPath: string,
  newTypeId: number,
): string | undefined {
  if (mm.accessor !== 1) return undefined; // only for members of the root struct: deeper paths need more flavors
  const root = lb.name(view.localTypeId).replace(/___.*$/, '');
  const kw = typeLabel(lb, view.localTypeId).split(' ')[0];
  if (!root || (kw !== 'struct' && kw !== 'union')) return undefined;
  const parts = newPath.split('.');
  // C only for C names: a name that is no identifier (one with a line feed, from a hostile
  // file) cannot be declared, and would split the snippet's lines.
  if (![root, mm.name, ...parts].every((n) => C_IDENT.test(n))) return undefined;
  const leaf = parts.pop()!;
  let body = `\t${declareC(tb, newTypeId, leaf)};`;
  for (const p of parts.reverse()) body = `\tstruct {\n${body.replace(/^/gm, '\t')}\n\t} __attribute__((preserve_access_index)) ${p};`;
  const flavor = `${kw} ${root}___${tgt.replace(/[^A-Za-z0-9]+/g, '_')}`;
  const bitfield = view.kind === CoreReloKind.FieldLshiftU64 || view.kind === CoreReloKind.FieldRshiftU64 || view.kind === CoreReloKind.FieldSigned;
  const read = bitfield ? 'BPF_CORE_READ_BITFIELD_PROBED' : 'BPF_CORE_READ';
  const oldAccess = view.access.replace(/^[^-.[]+(->|\.)?/, '');
  const cast = `((${flavor} *)${root})`;
  const lines = [
    `/* ${tgt} has ${root}.${newPath} instead of ${mm.name}: read whichever exists (${root}: your ${kw} ${root} *) */`,
    `${flavor} {`,
    body,
    `} __attribute__((preserve_access_index));`,
    '',
    `if (bpf_core_field_exists(${cast}->${newPath}))`,
    `\tval = ${read}(${cast}, ${newPath});`,
    'else',
    `\tval = ${read}(${root}, ${oldAccess || mm.name});`,
  ];
  if (view.kind === CoreReloKind.FieldExists) lines.splice(5, 4, `exists = bpf_core_field_exists(${root}->${oldAccess || mm.name}) ||`, `\t bpf_core_field_exists(${cast}->${newPath});`);
  return lines.join('\n') + '\n';
}
