import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { afterEach, describe, expect, it } from 'vitest';
import { finishEsmBuild, loadableFrom, ownCodeMap } from '../../scripts/post-build.mjs';

let dir = '';

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function map(source: string): string {
  return JSON.stringify({
    version: 3,
    sources: [`../src/${source}.ts`],
    sourcesContent: [`export const ${source} = 1;`],
    mappings: 'AAAA',
    names: [],
  });
}

/** A small shared-chunk build: the client loads a chunk statically and one lazily. */
function fixture(): string {
  dir = mkdtempSync(join(tmpdir(), 'post-build-test-'));
  mkdirSync(join(dir, 'cli'));
  mkdirSync(join(dir, 'testing'));
  const files: Record<string, string> = {
    'index.js':
      "import { a } from './chunk-A.js';\nexport const lazy = () => import('./lazy-B.js');",
    'chunk-A.js': 'export const a = 1;',
    'lazy-B.js': "export * from './chunk-C.js';",
    'chunk-C.js': 'export const c = 1;',
    'testing/index.js': "import '../chunk-A.js';\nimport '../chunk-SIM.js';",
    'chunk-SIM.js': 'export const sim = 1;',
    'cli/index.js': "import '../chunk-SIM.js';\nconsole.log('cli');",
  };
  for (const [name, code] of Object.entries(files)) {
    const base = name.split('/').pop() ?? name;
    writeFileSync(join(dir, name), `${code}\n//# sourceMappingURL=${base}.map\n`);
    writeFileSync(join(dir, `${name}.map`), map(base.replace(/\W/g, '')));
  }
  return dir;
}

describe('scripts/post-build.mjs', () => {
  it('finds every file the client entry loads, static and lazy', () => {
    const out = fixture();
    const names = [...loadableFrom(join(out, 'index.js'))].map((file) =>
      file.slice(out.length + 1),
    );
    expect(names.sort()).toEqual(['chunk-A.js', 'chunk-C.js', 'index.js', 'lazy-B.js']);
  });

  it('keeps maps without sources for the client and drops the rest with their comments', () => {
    const out = fixture();
    const { maps } = finishEsmBuild(out);
    expect(maps.sort()).toEqual(
      ['chunk-A.js.map', 'chunk-C.js.map', 'index.js.map', 'lazy-B.js.map'].sort(),
    );
    const kept = JSON.parse(readFileSync(join(out, 'chunk-A.js.map'), 'utf8'));
    expect(kept.sourcesContent).toBeUndefined();
    expect(kept.sources).toEqual(['../src/chunkAjs.ts']);
    expect(readFileSync(join(out, 'chunk-A.js'), 'utf8')).toContain('sourceMappingURL');
    for (const name of ['chunk-SIM.js', 'testing/index.js', 'cli/index.js']) {
      expect(readFileSync(join(out, name), 'utf8'), name).not.toContain('sourceMappingURL');
    }
  });

  it('gives the CLI entry a shebang and the executable bit, once', () => {
    const out = fixture();
    finishEsmBuild(out);
    finishEsmBuild(out);
    const cli = readFileSync(join(out, 'cli', 'index.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node\nimport')).toBe(true);
    expect(cli.match(/#!/g)).toHaveLength(1);
    expect(statSync(join(out, 'cli', 'index.js')).mode & 0o111).toBe(0o111);
  });

  it('maps our own code only: segments into bundled packages go, ours keep their places', () => {
    const sources = ['../src/a.ts', '../node_modules/zod/v4/core/core.js', '../src/b.ts'];
    // Line 1: a.ts then zod (named); line 2: zod only; line 3: b.ts (named), unmapped, a.ts.
    const mappings = encode([
      [
        [0, 0, 3, 1],
        [10, 1, 40, 2, 0],
      ],
      [[0, 1, 41, 0]],
      [[0, 2, 7, 4, 1], [5], [9, 0, 8, 0]],
    ]);
    const map = ownCodeMap({
      version: 3,
      sources,
      sourcesContent: ['a', 'zod', 'b'],
      names: ['$ZodType', 'shape'],
      mappings,
    });
    expect('sourcesContent' in map).toBe(false);
    expect(map.sources).toEqual(['../src/a.ts', '../src/b.ts']);
    expect(map.names).toEqual(['shape']);
    expect(decode(map.mappings)).toEqual([
      [[0, 0, 3, 1]],
      [],
      [[0, 1, 7, 4, 0], [5], [9, 0, 8, 0]],
    ]);
    const own = { version: 3, sources: ['../src/a.ts'], names: [], mappings: 'AAAA' };
    expect(ownCodeMap(own)).toEqual(own);
  });
});
