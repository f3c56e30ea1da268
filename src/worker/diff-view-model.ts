/** View models of the Diff view (kernel A vs kernel B), built by the worker from core's diff. */
import type { FileId, TypeKey } from './protocol';

export interface DiffRequestArgs {
  aFileId: FileId;
  bFileId: FileId;
}

export interface DiffSummaryView {
  aFileId: FileId;
  bFileId: FileId;
}

export interface DiffTypeView {
  key: TypeKey;
}
