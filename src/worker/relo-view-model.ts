/** View models of the Relocations and Source views, built by the worker from core's CO-RE engine. */
import type { FileId } from './protocol';

export interface RelocationsView {
  objectFileId: FileId;
  targetFileIds: FileId[];
}
