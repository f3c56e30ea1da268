/** Public API of the core library: the CLI, the worker and tests import only from here. */
export * from './diagnostics';
export * from './btf/btf-kinds';
export * from './btf/btf-types';
export * from './btf/btf-header';
export { Btf, MAX_RESOLVE_DEPTH } from './btf/btf';
export { parseBtf, type ParseBtfOptions } from './btf/parse-btf';
export { validateBtf } from './btf/validate-btf';
export * from './elf/elf-file';
export * from './detect';
export * from './open-btf';
export * from './dump/raw-dump';
export * from './info';
export * from './container/unpack';
export { formatCHeader, formatCType, writeCHeader, type CHeaderOptions } from './c-dump/c-header';
