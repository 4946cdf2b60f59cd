// Finishing touches on the ESM build, run by tsup (tsup.config.ts `onSuccess`), so `npm run build`
// and every script that builds dist/ get the same output:
//
// - the CLI entry gets its `#!/usr/bin/env node` line and the executable bit (a tsup `banner`
//   would put it on every file of the shared-chunk build);
// - source maps stay for the files `import 'wavespeed-sdk'` can load (the client and its lazy
//   chunks, but not the generated schema data), without `sourcesContent`: stack traces still name src/ files and lines, and the
//   package does not ship its sources a second time. They map our own code only: the parts of
//   packages bundled into a chunk (zod/mini's validators) are left unmapped, as they would be if
//   the package were installed beside us. The simulator and the CLI, which only run in
//   development, ship without maps.
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';

const SHEBANG = '#!/usr/bin/env node\n';
const GENERATED = /\.generated\.ts$/;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;
const BUNDLED_PACKAGE = /(^|\/)node_modules\//;

/** Relative modules a built ESM file loads: `import … from`, `export … from`, `import()`. */
function relativeImports(file) {
  const code = readFileSync(file, 'utf8');
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.\.?\/[^"']+)["']/g;
  return [...code.matchAll(pattern)].map((match) => normalize(join(dirname(file), match[1])));
}

/** Every file `entry` can load, statically or through `import()`. */
export function loadableFrom(entry) {
  const seen = new Set();
  const stack = [normalize(entry)];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    stack.push(...relativeImports(file));
  }
  return seen;
}

function filesUnder(dir, suffix) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name));
}

/** Adds the shebang to the CLI entry (shifting its source map by one line) and makes it executable. */
function finishCli(outDir) {
  const cli = join(outDir, 'cli', 'index.js');
  const code = readFileSync(cli, 'utf8');
  if (!code.startsWith('#!')) {
    writeFileSync(cli, SHEBANG + code);
    const map = `${cli}.map`;
    if (existsSync(map)) {
      const parsed = JSON.parse(readFileSync(map, 'utf8'));
      parsed.mappings = `;${parsed.mappings}`;
      writeFileSync(map, JSON.stringify(parsed));
    }
  }
  chmodSync(cli, 0o755);
}

/**
 * A map without `sourcesContent` and without the segments that point into bundled packages (and
 * without the names only those used). Our sources keep their order and every mapping.
 */
export function ownCodeMap(parsed) {
  const { sourcesContent: _, ...map } = parsed;
  let kept = 0;
  const sourceIndex = map.sources.map((source) =>
    BUNDLED_PACKAGE.test(source) ? undefined : kept++,
  );
  if (kept === map.sources.length) return map;
  const sources = map.sources.filter((_, i) => sourceIndex[i] !== undefined);
  const names = [];
  const nameIndex = new Map();
  const lines = decode(map.mappings).map((line) =>
    line.flatMap((segment) => {
      if (segment.length === 1) return [segment];
      const source = sourceIndex[segment[1]];
      if (source === undefined) return [];
      const moved = [segment[0], source, segment[2], segment[3]];
      if (segment.length === 5) {
        const name = map.names[segment[4]];
        if (!nameIndex.has(name)) nameIndex.set(name, names.push(name) - 1);
        moved.push(nameIndex.get(name));
      }
      return [moved];
    }),
  );
  return { ...map, sources, names, mappings: encode(lines) };
}

/** Keeps maps (of our own code, without sources) for what the client entry loads; drops the others. */
function trimSourceMaps(outDir) {
  const client = loadableFrom(join(outDir, 'index.js'));
  for (const map of filesUnder(outDir, '.js.map')) {
    const code = map.slice(0, -'.map'.length);
    const parsed = client.has(normalize(code)) ? JSON.parse(readFileSync(map, 'utf8')) : undefined;
    // Generated data (the bundled model schemas) has no code a stack trace could point into.
    if (parsed !== undefined && !parsed.sources.every((source) => GENERATED.test(source))) {
      writeFileSync(map, JSON.stringify(ownCodeMap(parsed)));
      continue;
    }
    rmSync(map);
    if (existsSync(code))
      writeFileSync(code, readFileSync(code, 'utf8').replace(MAP_COMMENT, '\n'));
  }
}

/**
 * Runs both steps on the ESM output in `outDir`; returns what it kept, for the build log.
 *
 * @param {string} outDir
 * @returns {{ maps: string[] }}
 */
export function finishEsmBuild(outDir) {
  finishCli(outDir);
  trimSourceMaps(outDir);
  return { maps: filesUnder(outDir, '.js.map').map((file) => relative(outDir, file)) };
}
