import pkg from '../../package.json' with { type: 'json' };

/**
 * The package version, baked in at build time from package.json.
 *
 * @example
 * ```ts
 * process.stdout.write(`${VERSION}\n`);
 * ```
 */
export const VERSION: string = pkg.version;
