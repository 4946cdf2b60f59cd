import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/models/catalog-entry.js';
import { preflightIssues, schemaFrom } from '../../src/models/preflight.js';
import { createSimulator } from '../../src/testing/index.js';

type Sim = Awaited<ReturnType<typeof createSimulator>>;

const CUSTOM: CatalogEntry = {
  model_id: 'acme/custom-upscaler',
  name: 'Custom upscaler',
  type: 'image-upscaler',
  base_price: 0.01,
  formula: '{"total_price": base_price * 1}',
  api_schema: {
    api_schemas: [
      {
        type: 'model_run',
        method: 'POST',
        server: 'https://api.wavespeed.ai',
        api_path: '/api/v3/acme/custom-upscaler',
        request_schema: {
          type: 'object',
          properties: {
            image: { type: 'string', format: 'uri' },
            scale: { type: 'integer', enum: [2, 4] },
          },
          required: ['image'],
        },
      },
    ],
  },
};

let sim: Sim;
let calls = 0;

/** Reads a model entry the way an SDK would: the whole list over HTTP, then the one asked for. */
async function fetchSchema(modelId: string): Promise<unknown> {
  calls++;
  const response = await fetch(new URL('/api/v3/models', sim.url), {
    headers: { authorization: `Bearer ${sim.apiKey}` },
  });
  const body = (await response.json()) as { data: CatalogEntry[] };
  const entry = body.data.find((item) => item.model_id === modelId);
  if (!entry) throw new Error(`no model ${modelId}`);
  return entry;
}

beforeAll(async () => {
  sim = await createSimulator({ models: [CUSTOM as never] });
});

afterAll(async () => {
  await sim.close();
});

describe('preflightIssues', () => {
  it('validates a known model against the bundled schema without any request', async () => {
    const before = calls;
    expect(
      await preflightIssues('wavespeed-ai/flux-dev', { prompt: 'A cat' }, { fetchSchema }),
    ).toEqual([]);
    const issues = await preflightIssues(
      'wavespeed-ai/flux-dev',
      { promt: 'A cat' },
      { fetchSchema },
    );
    expect(issues.map((issue) => [issue.path, issue.suggestion])).toEqual([
      ['prompt', undefined],
      ['promt', 'prompt'],
    ]);
    expect(calls).toBe(before);
  });

  it('accepts anything for an unknown model unless a schema source is given', async () => {
    expect(await preflightIssues('acme/custom-upscaler', { whatever: 1 })).toEqual([]);
  });

  it('fetches an unknown model schema once, over HTTP, and validates against it', async () => {
    const cache = new Map();
    const before = calls;
    const issues = await preflightIssues(
      'acme/custom-upscaler',
      { img: 'x', scale: 3 },
      { fetchSchema, cache },
    );
    expect(issues).toEqual([
      {
        path: 'image',
        message: 'required field is missing (expected a URL string, Blob, Uint8Array or URL)',
      },
      { path: 'scale', message: 'must be one of 2, 4 (got 3)' },
      {
        path: 'img',
        message:
          'unknown field for acme/custom-upscaler; the API would ignore it and still bill the job',
        suggestion: 'image',
      },
    ]);
    const again = await preflightIssues(
      'acme/custom-upscaler',
      { image: new Blob(['x']), scale: 4 },
      { fetchSchema, cache },
    );
    expect(again).toEqual([]);
    expect(calls - before).toBe(1);
  });

  it('caches per schema source by default and does not cache failures', async () => {
    let attempts = 0;
    const flaky = async (modelId: string): Promise<unknown> => {
      attempts++;
      if (attempts === 1) throw new Error('connection reset');
      return fetchSchema(modelId);
    };
    await expect(
      preflightIssues('acme/custom-upscaler', {}, { fetchSchema: flaky }),
    ).rejects.toThrow('connection reset');
    const issues = await preflightIssues('acme/custom-upscaler', {}, { fetchSchema: flaky });
    expect(issues.map((issue) => issue.path)).toEqual(['image']);
    await preflightIssues(
      'acme/custom-upscaler',
      { image: 'https://a/b.png' },
      { fetchSchema: flaky },
    );
    expect(attempts).toBe(2);
  });

  it('skips validation when the source has no usable schema', async () => {
    const empty = async () => ({ model_id: 'acme/x' });
    expect(await preflightIssues('acme/x', { anything: true }, { fetchSchema: empty })).toEqual([]);
  });
});

describe('schemaFrom', () => {
  const schema = { properties: { prompt: { type: 'string' as const } } };
  it('finds the schema in an entry, an SDK model, or as is', () => {
    expect(schemaFrom({ api_schema: { api_schemas: [{ request_schema: schema }] } })).toBe(schema);
    expect(schemaFrom({ inputSchema: schema })).toBe(schema);
    expect(schemaFrom({ input_schema: schema })).toBe(schema);
    expect(schemaFrom(schema)).toBe(schema);
    expect(schemaFrom({ model_id: 'x' })).toBeUndefined();
    expect(schemaFrom(undefined)).toBeUndefined();
  });
});
