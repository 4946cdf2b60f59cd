import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchModels,
  GENERATED_HEADER,
  generateFiles,
  normaliseCatalog,
  OUTPUT_PATHS,
  selectEntries,
} from '../../scripts/codegen.js';
import type { CatalogEntry } from '../../src/models/catalog-entry.js';
import { createSimulator } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const catalog = JSON.parse(read(OUTPUT_PATHS.catalog)) as CatalogEntry[];

describe('codegen', () => {
  it('reproduces every committed file byte for byte from the committed catalog', () => {
    const files = generateFiles(catalog);
    for (const key of Object.keys(OUTPUT_PATHS) as Array<keyof typeof OUTPUT_PATHS>) {
      expect(files[key], OUTPUT_PATHS[key]).toBe(read(OUTPUT_PATHS[key]));
    }
  });

  it('marks generated TypeScript files and keeps the catalog as sorted 2-space JSON', () => {
    const files = generateFiles(catalog);
    for (const text of [files.ids, files.types, files.schemas]) {
      expect(text.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
    }
    expect(files.catalog.endsWith('}\n]\n')).toBe(true);
    const ids = catalog.map((entry) => entry.model_id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives the same bytes whatever the order of the fetched entries', () => {
    const expected = generateFiles(catalog);
    fc.assert(
      fc.property(fc.shuffledSubarray(catalog, { minLength: catalog.length }), (shuffled) => {
        expect(generateFiles(shuffled)).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  });

  it('orders entry keys canonically and keeps extra keys', () => {
    const [entry] = normaliseCatalog([
      { zeta: 1, formula: 'f', model_id: 'a/b', type: 't', alpha: 2 } as CatalogEntry,
    ]);
    expect(Object.keys(entry ?? {})).toEqual(['model_id', 'type', 'formula', 'alpha', 'zeta']);
  });

  it('covers the models the older write-up names, under their real ids', () => {
    const ids = new Set(catalog.map((entry) => entry.model_id));
    for (const id of [
      'wavespeed-ai/flux-dev',
      'wavespeed-ai/flux-schnell',
      'wavespeed-ai/z-image/turbo',
      'openai/gpt-image-1.5/text-to-image',
      'google/imagen4',
      'recraft-ai/recraft-v3',
      'wavespeed-ai/wan-2.1/t2v-480p',
      'wavespeed-ai/wan-2.1/i2v-480p',
      'kwaivgi/kling-v2.1-i2v-standard',
      'openai/sora-2/text-to-video',
      'google/veo3',
      'minimax/hailuo-02/t2v-standard',
      'bytedance/seedance-v1-pro-t2v-480p',
      'vidu/image-to-video-2.0',
      'wavespeed-ai/ace-step',
      'minimax/speech-02-hd',
      'minimax/music-02',
      'wavespeed-ai/hunyuan3d/v2.1',
      'wavespeed-ai/meshy6/image-to-3d',
      'wavespeed-ai/any-llm',
      'wavespeed-ai/any-llm/vision',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(catalog.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps only snapshot ids unless asked for all, and reports ids no longer listed', () => {
    const fetched = [{ model_id: 'a/one' }, { model_id: 'b/two' }, { model_id: 'c/new' }];
    expect(selectEntries(['a/one', 'b/two', 'd/gone'], fetched, false)).toEqual({
      kept: [{ model_id: 'a/one' }, { model_id: 'b/two' }],
      missing: ['d/gone'],
    });
    expect(selectEntries(['a/one'], fetched, true).kept).toHaveLength(3);
  });
});

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCodegen(args: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/codegen.ts', ...args],
      { cwd: root, env: childEnv },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('codegen against a server', () => {
  const extra = { ...catalog[0], model_id: 'acme/brand-new' } as CatalogEntry;
  let sim: Awaited<ReturnType<typeof createSimulator>>;

  beforeAll(async () => {
    sim = await createSimulator({ models: [extra as never] });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('reads /api/v3/models over HTTP and regenerates the committed files from it', async () => {
    const fetched = await fetchModels(sim.url, sim.apiKey);
    const { kept } = selectEntries(
      catalog.map((entry) => entry.model_id),
      fetched,
      false,
    );
    const files = generateFiles(kept);
    expect(files.catalog).toBe(read(OUTPUT_PATHS.catalog));
    expect(files.types).toBe(read(OUTPUT_PATHS.types));
  });

  it('passes on an HTTP error such as a bad key', async () => {
    await expect(fetchModels(sim.url, 'wsk_test_wrong')).rejects.toThrow(/HTTP 401/);
  });

  it('`npm run codegen -- --check` finds nothing to change when using its own simulator', async () => {
    const result = await runCodegen(['--check'], { WAVESPEED_API_KEY: undefined });
    expect(result.stdout).toContain('local simulator');
    expect(result.stdout).toContain('0 file(s) out of date');
    expect(result.code).toBe(0);
  });

  it('uses WAVESPEED_BASE_URL and WAVESPEED_API_KEY when a key is set, and --all adds new models', async () => {
    const env = { WAVESPEED_API_KEY: sim.apiKey, WAVESPEED_BASE_URL: sim.url };
    const same = await runCodegen(['--check'], env);
    expect(same.stdout).toContain(`Fetching models from ${sim.url}`);
    expect(same.code).toBe(0);
    const all = await runCodegen(['--check', '--all'], env);
    expect(all.stderr).toContain('out of date: src/models/catalog.json');
    expect(all.code).toBe(1);
    // --check never writes: the committed files are untouched.
    expect(read(OUTPUT_PATHS.catalog)).toBe(generateFiles(catalog).catalog);
  });
});
