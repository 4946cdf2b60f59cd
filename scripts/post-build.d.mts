/** Every file `entry` (a built ESM file) can load, statically or through `import()`. */
export function loadableFrom(entry: string): Set<string>;
/**
 * Finishes the ESM build in `outDir`: the CLI's shebang and executable bit, source maps (without
 * sources) only for what the client entry loads. Returns the maps kept, relative to `outDir`.
 */
export function finishEsmBuild(outDir: string): { maps: string[] };
/** A source map without `sourcesContent` and without the segments of bundled packages. */
export function ownCodeMap<Map extends { sources: string[]; names: string[]; mappings: string }>(
  map: Map & { sourcesContent?: (string | null)[] },
): Omit<Map, 'sourcesContent'>;
