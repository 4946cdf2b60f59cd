import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Options } from 'tsup';
import { finishEsmBuild } from './scripts/post-build.mjs';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const entry = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
};

const CATALOG = resolve('src/models/catalog.json');

/**
 * The simulator's catalog snapshot (215 KB of pretty JSON) ships gzipped: 16 KB of base64 in each
 * of the ESM and CJS builds instead of a 230 KB object literal. It is unpacked once, when the
 * simulator module loads (the simulator is Node-only and already uses node:zlib).
 */
const gzippedCatalog: EsbuildPlugin = {
  name: 'gzipped-catalog',
  setup(build) {
    build.onLoad({ filter: /catalog\.json$/ }, (args) => {
      if (resolve(args.path) !== CATALOG) return undefined;
      const compact = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      const base64 = gzipSync(compact, { level: 9 }).toString('base64');
      return {
        loader: 'js',
        contents: [
          "import { Buffer } from 'node:buffer';",
          "import { gunzipSync } from 'node:zlib';",
          `export default JSON.parse(gunzipSync(Buffer.from('${base64}', 'base64')).toString('utf8'));`,
        ].join('\n'),
      };
    });
  },
};

const common: Options = {
  target: 'node22',
  platform: 'node',
  splitting: true,
  treeshake: true,
  esbuildPlugins: [gzippedCatalog],
};

export default defineConfig([
  {
    // The SDK, the simulator and the CLI in one build: code they share ships once, in shared
    // chunks. scripts/post-build.mjs adds the CLI's shebang and trims the source maps.
    ...common,
    // wavespeed-sdk/bullmq and wavespeed-sdk/ai are ESM only: they load their optional peers with
    // a top-level await, so that importing them without them fails at once with the install
    // command.
    entry: {
      ...entry,
      'bullmq/index': 'src/bullmq/index.ts',
      'ai/index': 'src/ai/index.ts',
      'cli/index': 'src/cli/index.ts',
    },
    format: ['esm'],
    dts: {
      entry: { ...entry, 'bullmq/index': 'src/bullmq/index.ts', 'ai/index': 'src/ai/index.ts' },
    },
    sourcemap: true,
    // Input validation uses a few of zod/mini's validators: bundled, they are ~55 KB of the lazy
    // validate chunk, where importing the package loads all of zod (its locales and JSON Schema
    // code too) — ~12 MB more resident memory in the process. The chunk's map covers our code
    // only (scripts/post-build.mjs). The CJS build keeps requiring zod, which is a dependency.
    noExternal: [/^zod\/mini$/],
    clean: true,
    onSuccess: async () => {
      finishEsmBuild('dist');
    },
  },
  {
    // ky, p-retry and p-queue are ESM-only: bundle them so `require('wavespeed-sdk')` works, also
    // where require(esm) does not (Node < 22.12, Jest). zod has a CJS build of its own and is a
    // dependency: required, not bundled. One file per entry (the simulator uses none of the
    // bundled packages, so nothing is shipped twice); tsup's CJS code splitting would turn lazy
    // imports of bundled packages into `import()` of .cjs chunks, whose `default` is then the
    // whole exports object. No source maps: the CJS build is the same code as the ESM one.
    ...common,
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: false,
    splitting: false,
    // The ESM build is the readable one (with source maps); this copy ships without whitespace,
    // keeping every name, so stack traces still name the functions.
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
    },
    noExternal: [/^(?!zod(\/|$)|wavespeed$)/],
  },
]);
