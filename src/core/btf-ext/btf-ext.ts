/**
 * `.BTF.ext`: per-instruction BTF annotations of a BPF object — func_info, line_info and
 * CO-RE relocations (bpf_core_relo).
 *
 * Spec: kernel Documentation/bpf/btf.rst, "4.2 .BTF.ext section"; libbpf's btf.c
 * (btf_ext_parse_hdr, btf_ext_setup_info) for the validation rules. Layout: a header
 * (magic 0xeB9F, version 1, flags 0, hdr_len, then off/len pairs relative to the end of the
 * header), and per subsection a u32 record size followed by groups
 * `{sec_name_off, num_info, num_info × record_size bytes}`. Record sizes may exceed the
 * structs we know (newer compilers may append fields): we read the known prefix and step
 * by the declared size. Either byte order is accepted (magic decides), unlike libbpf 1.1.2,
 * which refuses non-native .BTF.ext.
 *
 * Invariant: a broken subsection yields a diagnostic and no records for that subsection;
 * the others are still returned.
 */
import { ByteReader } from '../bytes/byte-reader';
import type { Btf } from '../btf/btf';
import { type Diagnostic, ErrorCode, ParseError, type ParseResult, catchSection, hex } from '../diagnostics';

export const BTF_EXT_MAGIC = 0xeb9f;

export interface BtfExtHeader {
  littleEndian: boolean;
  version: number;
  flags: number;
  hdrLen: number;
  funcInfoOff: number;
  funcInfoLen: number;
  lineInfoOff: number;
  lineInfoLen: number;
  coreReloOff: number;
  coreReloLen: number;
}

/** bpf_func_info: the BTF FUNC type of the function starting at `insnOff`. */
export interface FuncInfo {
  /** Byte offset of the instruction within its ELF section. */
  insnOff: number;
  typeId: number;
}

/** bpf_line_info: source position of the instruction at `insnOff`. */
export interface LineInfo {
  insnOff: number;
  fileNameOff: number;
  lineOff: number;
  fileName: string;
  /** The source line's text as the compiler recorded it. */
  lineText: string;
  /** 1-based line number (line_col >> 10). */
  line: number;
  /** 1-based column (line_col & 0x3ff), 0 when unknown. */
  col: number;
}

/** bpf_core_relo: one CO-RE relocation request. */
export interface CoreRelo {
  insnOff: number;
  /** Local (object BTF) root type id. */
  typeId: number;
  accessStrOff: number;
  accessStr: string;
  /** enum bpf_core_relo_kind. */
  kind: number;
}

/** One `btf_ext_info_sec` group: the records of one ELF section. */
export interface BtfExtSection<T> {
  secNameOff: number;
  secName: string;
  records: T[];
}

export interface BtfExt {
  header: BtfExtHeader;
  funcInfo: BtfExtSection<FuncInfo>[];
  lineInfo: BtfExtSection<LineInfo>[];
  coreRelo: BtfExtSection<CoreRelo>[];
  funcInfoRecSize: number;
  lineInfoRecSize: number;
  coreReloRecSize: number;
}

const MIN_REC = { func: 8, line: 16, core: 16 } as const;

function readHeader(r: ByteReader, le: boolean): BtfExtHeader {
  if (r.length < 8) throw new ParseError(ErrorCode.Truncated, `.BTF.ext is ${r.length} bytes, shorter than its 8-byte header prefix`, 0);
  const hdrLen = r.u32(4, 'btf_ext_header.hdr_len');
  if (hdrLen < 24) throw new ParseError(ErrorCode.BadBtfExt, `.BTF.ext hdr_len ${hdrLen} is smaller than 24`, 4);
  if (hdrLen > r.length) throw new ParseError(ErrorCode.Truncated, `.BTF.ext hdr_len ${hdrLen} exceeds the section (${r.length} bytes)`, 4);
  const hasCore = hdrLen >= 32;
  return {
    littleEndian: le,
    version: r.u8(2),
    flags: r.u8(3),
    hdrLen,
    funcInfoOff: r.u32(8),
    funcInfoLen: r.u32(12),
    lineInfoOff: r.u32(16),
    lineInfoLen: r.u32(20),
    coreReloOff: hasCore ? r.u32(24) : 0,
    coreReloLen: hasCore ? r.u32(28) : 0,
  };
}

/**
 * Walks one subsection: returns its record size and groups, each record decoded by
 * `decode(offsetOfRecord)`.
 */
function readInfo<T>(
  r: ByteReader,
  hdr: BtfExtHeader,
  off: number,
  len: number,
  minRec: number,
  what: string,
  btf: Btf,
  decode: (at: number) => T,
): { recSize: number; sections: BtfExtSection<T>[] } {
  if (len === 0) return { recSize: 0, sections: [] };
  if (off & 3) throw new ParseError(ErrorCode.BadBtfExt, `${what} subsection offset ${off} is not 4-byte aligned`, hdr.hdrLen + off);
  const start = hdr.hdrLen + off;
  if (start + len > r.length || start + len < start) {
    throw new ParseError(ErrorCode.Truncated, `${what} subsection (off ${off}, len ${len}) runs past the end of .BTF.ext`, start);
  }
  if (len < 4) throw new ParseError(ErrorCode.BadBtfExt, `${what} subsection has no record size`, start);
  const recSize = r.u32(start, `${what} record size`);
  if (recSize < minRec || recSize & 3) {
    throw new ParseError(ErrorCode.BadBtfExt, `${what} record size ${recSize} is invalid (minimum ${minRec}, multiple of 4)`, start);
  }
  const end = start + len;
  let p = start + 4;
  if (p === end) throw new ParseError(ErrorCode.BadBtfExt, `${what} subsection has no records`, p);
  const sections: BtfExtSection<T>[] = [];
  while (p < end) {
    if (end - p < 8) throw new ParseError(ErrorCode.Truncated, `${what} section header at ${hex(p)} is cut short`, p);
    const secNameOff = r.u32(p, 'btf_ext_info_sec.sec_name_off');
    const num = r.u32(p + 4, 'btf_ext_info_sec.num_info');
    if (num === 0) throw new ParseError(ErrorCode.BadBtfExt, `${what} section at ${hex(p)} has num_info 0`, p + 4);
    if ((end - p - 8) / recSize < num) {
      throw new ParseError(ErrorCode.Truncated, `${what} section at ${hex(p)} declares ${num} records of ${recSize} bytes, more than remain`, p + 4);
    }
    const records: T[] = new Array<T>(num);
    for (let i = 0; i < num; i++) records[i] = decode(p + 8 + i * recSize);
    sections.push({ secNameOff, secName: btf.str(secNameOff), records });
    p += 8 + num * recSize;
  }
  return { recSize, sections };
}

/**
 * Parses `.BTF.ext` bytes against the object's `.BTF` (for strings). Returns whatever
 * subsections are valid; diagnostics carry offsets relative to the section.
 */
export function parseBtfExt(bytes: Uint8Array, btf: Btf): ParseResult<BtfExt> {
  const diags: Diagnostic[] = [];
  const le = bytes.length >= 2 && bytes[0] === 0x9f && bytes[1] === 0xeb;
  const be = bytes.length >= 2 && bytes[0] === 0xeb && bytes[1] === 0x9f;
  if (!le && !be) {
    diags.push({ severity: 'error', code: ErrorCode.BadMagic, message: '.BTF.ext has no 0xeB9F magic', offset: 0, section: '.BTF.ext' });
    return { diagnostics: diags };
  }
  const r = new ByteReader(bytes, le);
  const hdr = catchSection(diags, '.BTF.ext', () => readHeader(r, le));
  if (!hdr) return { diagnostics: diags };
  if (hdr.version !== 1) {
    diags.push({ severity: 'error', code: ErrorCode.UnsupportedVersion, message: `.BTF.ext version ${hdr.version} is not supported`, offset: 2, section: '.BTF.ext' });
    return { diagnostics: diags };
  }
  if (hdr.flags !== 0) {
    diags.push({ severity: 'error', code: ErrorCode.BadBtfExt, message: `.BTF.ext flags ${hex(hdr.flags)} are not supported`, offset: 3, section: '.BTF.ext' });
    return { diagnostics: diags };
  }
  const ext: BtfExt = { header: hdr, funcInfo: [], lineInfo: [], coreRelo: [], funcInfoRecSize: 0, lineInfoRecSize: 0, coreReloRecSize: 0 };
  const fi = catchSection(diags, '.BTF.ext', () =>
    readInfo(r, hdr, hdr.funcInfoOff, hdr.funcInfoLen, MIN_REC.func, 'func_info', btf, (at) => ({
      insnOff: r.u32(at),
      typeId: r.u32(at + 4),
    })),
  );
  if (fi) [ext.funcInfoRecSize, ext.funcInfo] = [fi.recSize, fi.sections];
  const li = catchSection(diags, '.BTF.ext', () =>
    readInfo(r, hdr, hdr.lineInfoOff, hdr.lineInfoLen, MIN_REC.line, 'line_info', btf, (at) => {
      const fileNameOff = r.u32(at + 4);
      const lineOff = r.u32(at + 8);
      const lineCol = r.u32(at + 12);
      return {
        insnOff: r.u32(at),
        fileNameOff,
        lineOff,
        fileName: btf.str(fileNameOff),
        lineText: btf.str(lineOff),
        line: lineCol >>> 10,
        col: lineCol & 0x3ff,
      };
    }),
  );
  if (li) [ext.lineInfoRecSize, ext.lineInfo] = [li.recSize, li.sections];
  const cr = catchSection(diags, '.BTF.ext', () =>
    readInfo(r, hdr, hdr.coreReloOff, hdr.coreReloLen, MIN_REC.core, 'core_relo', btf, (at) => {
      const accessStrOff = r.u32(at + 8);
      return { insnOff: r.u32(at), typeId: r.u32(at + 4), accessStrOff, accessStr: btf.str(accessStrOff), kind: r.u32(at + 12) };
    }),
  );
  if (cr) [ext.coreReloRecSize, ext.coreRelo] = [cr.recSize, cr.sections];
  return { value: ext, diagnostics: diags };
}

/**
 * The line_info record covering byte offset `insnOff` of section `secName`: the last one at
 * or before it, skipping the compiler's line-0 records (code with no source line) when a
 * real line precedes them.
 */
export function findLineInfo(ext: BtfExt, secName: string, insnOff: number): LineInfo | undefined {
  let best: LineInfo | undefined;
  let bestReal: LineInfo | undefined;
  for (const sec of ext.lineInfo) {
    if (sec.secName !== secName) continue;
    for (const li of sec.records) {
      if (li.insnOff > insnOff) continue;
      if (!best || li.insnOff >= best.insnOff) best = li;
      if (li.line > 0 && (!bestReal || li.insnOff >= bestReal.insnOff)) bestReal = li;
    }
  }
  return bestReal ?? best;
}
