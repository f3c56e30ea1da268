/** The package version, for `btfscope --version` (esbuild inlines only this field of package.json). */
import { version } from '../../package.json';

export const VERSION: string = version;
