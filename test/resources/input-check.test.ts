import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { ConfigurationError, ValidationError } from '../../src/core/errors.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

const CUSTOM = 'acme/strict-model';
let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    speed: 100,
    models: [
      {
        model_id: CUSTOM,
        type: 'text-to-image',
        api_schema: {
          api_schemas: [
            {
              type: 'model_run',
              request_schema: { properties: { prompt: { type: 'string' } }, required: ['prompt'] },
            },
          ],
        },
      },
    ],
  });
});

afterAll(async () => {
  await sim.close();
});

function client(validateInput?: boolean | 'remote'): WaveSpeedClient {
  return new WaveSpeedClient({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    logLevel: 'off',
    ...(validateInput === undefined ? {} : { validateInput }),
  });
}

const routes = (route: string) => sim.state.requests.filter((r) => r.route === route).length;

describe('the input check', () => {
  it('checks bundled models with no request, by default', async () => {
    const before = sim.state.requests.length;
    const error = await client()
      .run('wavespeed-ai/flux-dev', { promt: 'A cat' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.some((i) => i.suggestion === 'prompt')).toBe(true);
    expect(sim.state.requests.length).toBe(before);
  });

  it('sends other models as they are by default: the API judges them, no catalog is fetched', async () => {
    const models = routes('models');
    const error = await client()
      .run(CUSTOM, { promt: 'A cat' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(400);
    expect(routes('models')).toBe(models);
  });

  it("with 'remote', checks other models against the catalog's schema before sending", async () => {
    const submits = routes('submit');
    const models = routes('models');
    const strict = client('remote');
    const error = await strict.run(CUSTOM, { promt: 'A cat' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBeUndefined();
    expect((error as ValidationError).issues.some((i) => i.suggestion === 'prompt')).toBe(true);
    expect(routes('submit')).toBe(submits);
    await strict.run(CUSTOM, { prompt: 'A cat' });
    expect(routes('models')).toBe(models + 1);
  });

  it('refuses a validateInput that is not true, false or remote', () => {
    expect(() => client('strict' as never)).toThrow(ConfigurationError);
  });
});
