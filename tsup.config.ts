import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
  },
  {
    // ky, p-retry and p-queue are ESM-only: bundle them so `require('wavespeed-sdk')` works.
    entry,
    format: ['cjs'],
    target: 'node22',
    platform: 'node',
    dts: true,
    sourcemap: true,
    noExternal: [/.*/],
    external: ['wavespeed'],
    treeshake: true,
  },
  {
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
