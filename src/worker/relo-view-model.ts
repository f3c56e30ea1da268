/**
 * View models of the Relocations and Source views: core's relocation report (one row per
 * CO-RE relocation, one result per target; targets are labelled by their FileId) plus the
 * object's source lines from line_info. Plain data, so a share link can carry it as well.
 */
import type { RelocationReport } from '../core/index';
import type { FileId } from './protocol';

export interface SourceLine {
  line: number;
  text: string;
}

export interface SourceFileView {
  /** The path the compiler recorded. */
  file: string;
  /** Only the lines line_info mentions, ascending. */
  lines: SourceLine[];
}

export interface RelocationsView {
  objectFileId: FileId;
  /** In request order: `report.targets[i]` and each relocation's `results[i]` are about this file. */
  targetFileIds: FileId[];
  report: Omit<RelocationReport, 'patchedInsns'>;
  sources: SourceFileView[];
  /** Notes about the object, e.g. that it has no .BTF.ext. */
  notes: string[];
  /** Why libbpf 1.1.2 would not open the object at all (then no kernel loads it). */
  libbpfRefuses?: { libbpf: string; why?: string };
}
