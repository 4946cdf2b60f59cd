// Sizes are min+gzip with every runtime dependency (ky, p-retry, p-queue, zod) bundled in;
// Node built-ins stay external, as they cost nothing to a user's bundle.
//
// Three figures per entry (`.`, `./testing`, the CLI): what importing it loads ("eager": its
// static graph; everything behind `import()` — lazy chunks and the packages loaded on first use,
// ky and p-queue among them — left out), everything it can ever load ("whole": all chunks, one
// bundle), and for `.` each lazy group on its own (the chunks of one feature, minus what the
// entry already loaded).
const { readFileSync } = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');

const ENTRY = 'dist/index.js';

/** Relative imports of one built ESM file: static (`import … from`, `export … from`) and `import()`. */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const found = (pattern) =>
    [...code.matchAll(pattern)].map((match) => resolve(dirname(file), match[1]));
  return {
    static: found(
      /(?:^|[\s;}])(?:import|export)\s*(?:[\w${}*,\s]+from\s*)?["'](\.\.?\/[^"']+)["']/g,
    ),
    dynamic: found(/\bimport\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g),
  };
}

/** Every file loaded with `roots`, following static imports only, skipping `known`. */
function staticClosure(roots, known = new Set()) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file) || known.has(file)) continue;
    seen.add(file);
    stack.push(...importsOf(file).static);
  }
  return seen;
}

function dynamicTargets(files) {
  return new Set([...files].flatMap((file) => importsOf(file).dynamic));
}

let entryFiles = new Set();
try {
  entryFiles = staticClosure([resolve(ENTRY)]);
} catch {
  // No build yet: size-limit reports the missing file itself.
}

/**
 * The chunks of one lazy group: the `import()` targets (from the entry or from chunks of the same
 * group) whose chunk name starts with one of `names`, plus the chunks only they load.
 */
function lazyGroup(names) {
  const inGroup = (file) => names.some((name) => basename(file).startsWith(`${name}-`));
  const roots = new Set([...dynamicTargets(entryFiles)].filter(inGroup));
  if (roots.size === 0) {
    // A renamed lazy module would otherwise measure as 0 B and pass.
    throw new Error(
      `${ENTRY} loads no lazy chunk named ${names.join(', ')}: update .size-limit.cjs`,
    );
  }
  let files = new Set();
  for (;;) {
    files = staticClosure(roots, entryFiles);
    const more = [...dynamicTargets(files)].filter((file) => inGroup(file) && !roots.has(file));
    if (more.length === 0) return [...roots];
    for (const file of more) roots.add(file);
  }
}

/** Leaves what loads later (`import()`) and, for a lazy group, what the entry loaded out. */
function external(already = new Set()) {
  return {
    name: 'wavespeed-lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        if (!/^\.\.?\//.test(args.path)) return undefined;
        const path = join(args.resolveDir, args.path);
        return already.has(path) ? { path, external: true } : undefined;
      });
    },
  };
}

/** Optional peers: installed by the user for the feature that needs them, not part of our size. */
const PEERS = ['bullmq', 'ioredis', '@modelcontextprotocol/server', '@ai-sdk/provider', 'ai'];

const node = (config) => ({
  ...config,
  platform: 'node',
  format: 'esm',
  external: [...(config.external ?? []), ...PEERS, ...PEERS.map((peer) => `${peer}/*`)],
  // Chunks import shared chunks bare (`import './chunk-….js'`) for ordering; with
  // `sideEffects: false` esbuild drops those and says so, but their code still arrives through
  // the named imports that need it.
  logOverride: { 'ignored-bare-import': 'silent' },
});

/** Measures the entry's static graph; `import()` targets stay out. */
const entryOnly = (config) => ({ ...node(config), plugins: [external()] });

/** Measures a lazy group as one bundle (shared code counted once), without the entry's code. */
function lazy(names) {
  return (config) => {
    const roots = lazyGroup(names);
    const { entryPoints: _unused, ...rest } = node(config);
    return {
      ...rest,
      stdin: {
        contents: roots
          .map((file, i) => `export * as g${i} from ${JSON.stringify(file)};`)
          .join('\n'),
        resolveDir: resolve('.'),
        sourcefile: `lazy-${names[0]}.js`,
      },
      plugins: [external(entryFiles)],
    };
  };
}

/** One entry's eager and whole rows. */
function entryRows(label, path, eagerLimit, wholeLimit, note = '', wholeExternal = []) {
  return [
    {
      name: `${label}: eager (what importing it loads)${note}`,
      path,
      limit: eagerLimit,
      gzip: true,
      modifyEsbuildConfig: entryOnly,
    },
    {
      name: `${label}: whole (every chunk it can load)`,
      path,
      limit: wholeLimit,
      gzip: true,
      modifyEsbuildConfig: (config) => {
        const built = node(config);
        return { ...built, external: [...built.external, ...wholeExternal] };
      },
    },
  ];
}

module.exports = [
  // The target for `.` whole was 45 KB before batches; measured 54.2 KB without them: ky 8.4,
  // zod 8.2, p-queue 3.0, p-retry 1.5 and the bundled schemas of 76 models 3.6 KB are 24.7 KB of
  // it. Batches (runner, file journal, output saving) add the lazy row below. The limit is the
  // measured size rounded up, so CI refuses growth.
  ...entryRows('wavespeed-sdk', ENTRY, '20 KB', '61.5 KB'),
  {
    name: 'wavespeed-sdk, lazy: model validation (bundled schemas, the validator, zod/mini)',
    path: ENTRY,
    limit: '15.5 KB',
    gzip: true,
    modifyEsbuildConfig: lazy(['validate', 'schemas.generated']),
  },
  {
    name: 'wavespeed-sdk, lazy: uploads (files.upload, files inside inputs)',
    path: ENTRY,
    limit: '6.5 KB',
    gzip: true,
    modifyEsbuildConfig: lazy(['upload', 'input-files']),
  },
  {
    name: 'wavespeed-sdk, lazy: streaming (client.stream)',
    path: ENTRY,
    limit: '3 KB',
    gzip: true,
    modifyEsbuildConfig: lazy(['stream-events']),
  },
  {
    name: 'wavespeed-sdk, lazy: rare paths (submit failures, did-you-mean, history, reports)',
    path: ENTRY,
    limit: '3.5 KB',
    gzip: true,
    modifyEsbuildConfig: lazy(['submit-failure', 'history', 'account-reports']),
  },
  {
    name: 'wavespeed-sdk, lazy: batches (client.batch, the file journal, saving outputs)',
    path: ENTRY,
    limit: '7.5 KB',
    gzip: true,
    modifyEsbuildConfig: lazy(['run', 'file-store', 'save']),
  },
  // The AI SDK provider (its peer @ai-sdk/provider left out): about 2 KB on top of the SDK.
  ...entryRows('wavespeed-sdk/ai', 'dist/ai/index.js', '21 KB', '64.5 KB'),
  ...entryRows('wavespeed-sdk/testing', 'dist/testing/index.js', '45 KB', '45 KB'),
  // zod's classic API (`zod`, not `zod/mini`) is imported only by `wavespeed mcp`'s tool schemas:
  // @modelcontextprotocol/server loads it itself (`zod/v4`), so it costs that command nothing more.
  // The zod/mini validators bundled into the validate chunk (~5.7 KB) are counted: they are ours.
  ...entryRows('wavespeed CLI', 'dist/cli/index.js', '45 KB', '133.5 KB', '', ['zod']),
];
