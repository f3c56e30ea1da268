/** Instruction slots around a relocation, as bytes and text, for the report. */
import { formatInsn } from '../bpf/disasm';
import { type BpfInsn, encodeInsn, INSN_BYTES, insnHex, isLdImm64 } from '../bpf/insn';
import type { InsnText } from './report';

/**
 * The slot at `idx` and, when it is an ld_imm64 (or `slots` says 2, e.g. after both
 * halves were poisoned), the next one.
 */
export function insnTexts(insns: readonly BpfInsn[], idx: number, littleEndian: boolean, slots?: number): InsnText[] {
  const insn = insns[idx];
  if (!insn) return [];
  const wide = isLdImm64(insn) && idx + 1 < insns.length;
  const n = Math.min(slots ?? (wide ? 2 : 1), insns.length - idx);
  const buf = new Uint8Array(INSN_BYTES);
  const out: InsnText[] = [];
  for (let k = 0; k < n; k++) {
    const cur = insns[idx + k]!;
    encodeInsn(cur, buf, 0, littleEndian);
    let text: string;
    if (k === 1 && wide) text = '(second half of ld_imm64)';
    else text = formatInsn(cur, k === 0 && wide ? insns[idx + 1] : undefined);
    out.push({ index: idx + k, hex: insnHex(buf, 0), text });
  }
  return out;
}
