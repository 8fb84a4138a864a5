/** The release version, taken from package.json at bundle time so the compiled binary embeds it. */
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
