/** The one zustand store, built from slices: files (handles), view (URL state), ui. */
import { create } from 'zustand';
import { type FilesSlice, createFilesSlice } from './files-slice';
import { type UiSlice, createUiSlice } from './ui-slice';
import { type ViewSlice, createViewSlice } from './view-slice';

export type AppStore = FilesSlice & ViewSlice & UiSlice;

export const useAppStore = create<AppStore>()((...a) => ({
  ...createFilesSlice(...a),
  ...createViewSlice(...a),
  ...createUiSlice(...a),
}));
