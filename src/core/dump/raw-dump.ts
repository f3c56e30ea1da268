/**
 * The raw dump, byte-identical to `bpftool btf dump file X` (bpftool 7.1, btf.c
 * dump_btf_type): one `[id] KIND 'name' ...` line per type, members/values/params on
 * following tab-indented lines. For split BTF only the split's own types are printed, as
 * bpftool does with `-B base`.
 */
import type { Btf } from '../btf/btf';
import { BtfKind, FuncLinkage, VarLinkage, kindName } from '../btf/btf-kinds';
import type { BtfType } from '../btf/btf-types';

/** How names enter the text: as they are (bpftool's bytes), or escaped for a terminal. */
export interface RawDumpOptions {
  escapeName?: (name: string) => string;
}

/** bpftool's btf_str: "(anon)" for offset 0, "(invalid)" past the string section. */
function quoted(btf: Btf, nameOff: number, name: string, esc: RawDumpOptions['escapeName']): string {
  if (nameOff === 0) return '(anon)';
  if (!btf.isValidStrOff(nameOff)) return '(invalid)';
  return esc ? esc(name) : name;
}

function intEncoding(enc: number): string {
  switch (enc) {
    case 0:
      return '(none)';
    case 1:
      return 'SIGNED';
    case 2:
      return 'CHAR';
    case 4:
      return 'BOOL';
    default:
      return 'UNKN';
  }
}

function funcLinkage(l: number): string {
  return l === FuncLinkage.Static ? 'static' : l === FuncLinkage.Global ? 'global' : l === FuncLinkage.Extern ? 'extern' : '(unknown)';
}

function varLinkage(l: number): string {
  return l === VarLinkage.Static ? 'static' : l === VarLinkage.GlobalAllocated ? 'global' : l === VarLinkage.GlobalExtern ? 'extern' : '(unknown)';
}

/** Formats one type exactly as bpftool prints it, including the trailing newline. */
export function formatRawType(btf: Btf, t: BtfType, opts: RawDumpOptions = {}): string {
  const esc = opts.escapeName;
  let s = `[${t.id}] ${kindName(t.kind)} '${quoted(btf, t.nameOff, t.name, esc)}'`;
  switch (t.kind) {
    case BtfKind.Int:
      s += ` size=${t.byteSize} bits_offset=${t.bitOffset} nr_bits=${t.bits} encoding=${intEncoding(t.encoding)}`;
      break;
    case BtfKind.Ptr:
    case BtfKind.Const:
    case BtfKind.Volatile:
    case BtfKind.Restrict:
    case BtfKind.Typedef:
    case BtfKind.TypeTag:
      s += ` type_id=${t.typeId}`;
      break;
    case BtfKind.Array:
      s += ` type_id=${t.elemTypeId} index_type_id=${t.indexTypeId} nr_elems=${t.nelems}`;
      break;
    case BtfKind.Struct:
    case BtfKind.Union:
      s += ` size=${t.byteSize} vlen=${t.vlen}`;
      for (const m of t.members) {
        s += `\n\t'${quoted(btf, m.nameOff, m.name, esc)}' type_id=${m.typeId} bits_offset=${m.bitOffset}`;
        if (m.bitfieldSize) s += ` bitfield_size=${m.bitfieldSize}`;
      }
      break;
    case BtfKind.Enum:
      s += ` encoding=${t.isSigned ? 'SIGNED' : 'UNSIGNED'} size=${t.byteSize} vlen=${t.vlen}`;
      for (const v of t.values) s += `\n\t'${quoted(btf, v.nameOff, v.name, esc)}' val=${v.value}`;
      break;
    case BtfKind.Enum64:
      s += ` encoding=${t.isSigned ? 'SIGNED' : 'UNSIGNED'} size=${t.byteSize} vlen=${t.vlen}`;
      for (const v of t.values) s += `\n\t'${quoted(btf, v.nameOff, v.name, esc)}' val=${v.value64}${t.isSigned ? 'LL' : 'ULL'}`;
      break;
    case BtfKind.Fwd:
      s += ` fwd_kind=${t.isUnion ? 'union' : 'struct'}`;
      break;
    case BtfKind.Func:
      s += ` type_id=${t.typeId} linkage=${funcLinkage(t.linkage)}`;
      break;
    case BtfKind.FuncProto:
      s += ` ret_type_id=${t.returnTypeId} vlen=${t.vlen}`;
      for (const p of t.params) s += `\n\t'${quoted(btf, p.nameOff, p.name, esc)}' type_id=${p.typeId}`;
      break;
    case BtfKind.Var:
      s += ` type_id=${t.typeId}, linkage=${varLinkage(t.linkage)}`;
      break;
    case BtfKind.Datasec:
      s += ` size=${t.byteSize} vlen=${t.vlen}`;
      for (const v of t.vars) {
        s += `\n\ttype_id=${v.typeId} offset=${v.offset} size=${v.byteSize}`;
        if (btf.isValidId(v.typeId)) {
          s += ` (${kindName(btf.kind(v.typeId))} '${quoted(btf, btf.nameOff(v.typeId), btf.name(v.typeId), esc)}')`;
        }
      }
      break;
    case BtfKind.Float:
      s += ` size=${t.byteSize}`;
      break;
    case BtfKind.DeclTag:
      s += ` type_id=${t.typeId} component_idx=${t.componentIdx}`;
      break;
    default:
      break;
  }
  return s + '\n';
}

/**
 * Streams the dump of all own types to `write` in chunks of roughly `chunkChars`
 * characters, so a 130k-type kernel never builds one giant string.
 */
export function writeRawDump(btf: Btf, write: (chunk: string) => void, chunkChars = 1 << 16, opts: RawDumpOptions = {}): void {
  let buf = '';
  for (let id = btf.startId; id < btf.typeCount; id++) {
    buf += formatRawType(btf, btf.type(id), opts);
    if (buf.length >= chunkChars) {
      write(buf);
      buf = '';
    }
  }
  if (buf) write(buf);
}

export function formatRawDump(btf: Btf): string {
  const parts: string[] = [];
  writeRawDump(btf, (c) => parts.push(c));
  return parts.join('');
}
