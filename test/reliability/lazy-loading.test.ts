import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runNode } from '../helpers/run-node.js';

const DIST = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const UNKNOWN = 'acme/lazy-model';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    speed: 100,
    models: [
      {
        model_id: UNKNOWN,
        type: 'text-to-image',
        api_schema: {
          api_schemas: [
            { type: 'model_run', request_schema: { properties: { prompt: { type: 'string' } } } },
          ],
        },
      },
    ],
  });
});

afterAll(async () => {
  await sim.close();
});

async function loadedBy(model: string): Promise<string[]> {
  const run = await runNode(
    ['--import', fixture('record-loads.mjs'), fixture('run-unknown-model.mjs')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        SDK_URL: DIST,
        SIM_URL: sim.url,
        SIM_KEY: sim.apiKey,
        MODEL: model,
      },
    },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout.trim()) as string[];
}

describe('lazy loading', () => {
  it('a run() of a model with no local schema loads no schema, no validator and no zod', async () => {
    const loaded = await loadedBy(UNKNOWN);
    expect(loaded.some((url) => url.includes('/dist/'))).toBe(true);
    expect(loaded.filter((url) => /schemas\.generated|validate-|\/zod\//.test(url))).toEqual([]);
    // …and asks for no catalog: the model is sent as it is.
    expect(sim.state.requests.filter((r) => r.route === 'models')).toEqual([]);
  });

  it('a run() of a bundled model loads its schema and the validator, not the zod package', async () => {
    const loaded = await loadedBy('wavespeed-ai/flux-dev');
    expect(loaded.some((url) => /schemas\.generated/.test(url))).toBe(true);
    expect(loaded.some((url) => /\/dist\/validate-/.test(url))).toBe(true);
    // The validator carries the few zod/mini pieces it uses: the package (all of zod, with its
    // locales) stays unloaded.
    expect(loaded.filter((url) => /\/zod\//.test(url))).toEqual([]);
  });
});
