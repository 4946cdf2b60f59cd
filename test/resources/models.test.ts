import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;

function client(options = {}): WaveSpeedClient {
  return new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off', ...options });
}

function routeCount(route: string): number {
  return sim.state.requests.filter((r) => r.route === route).length;
}

beforeEach(async () => {
  sim = await createSimulator({ speed: 100, seed: 11 });
});

afterEach(async () => {
  await sim.close();
});

describe('models.list', () => {
  it('maps the catalog to camelCase models and caches it per client', async () => {
    const c = client();
    const models = await c.models.list();
    expect(models.length).toBeGreaterThan(10);
    const flux = models.find((m) => m.id === 'wavespeed-ai/flux-dev');
    expect(flux).toMatchObject({ id: 'wavespeed-ai/flux-dev', type: expect.any(String) });
    expect(flux?.basePrice).toBeGreaterThan(0);
    expect(flux?.inputSchema).toMatchObject({ type: 'object' });
    await c.models.list();
    expect(routeCount('models')).toBe(1);
    await c.models.list({ refresh: true });
    expect(routeCount('models')).toBe(2);
    await client().models.list();
    expect(routeCount('models')).toBe(3);
  });

  it('expires the cache after modelsCacheTtl and never caches a failure', async () => {
    const c = client({ modelsCacheTtl: 0, maxRetries: 0 });
    await c.models.list();
    await c.models.list();
    expect(routeCount('models')).toBe(2);
    const cached = client({ maxRetries: 0 });
    sim.inject({ route: 'models', status: 500 });
    await expect(cached.models.list()).rejects.toThrow();
    expect((await cached.models.list()).length).toBeGreaterThan(0);
  });
});

describe('models.get', () => {
  it('returns one model with its input schema', async () => {
    const model = await client().models.get('wavespeed-ai/flux-dev');
    expect(model.inputSchema?.properties).toHaveProperty('prompt');
  });

  it('suggests the closest ids for an unknown one', async () => {
    const error = await client()
      .models.get('wavespeed-ai/flux-dve')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).suggestions).toContain('wavespeed-ai/flux-dev');
    expect((error as Error).message).toContain('Did you mean "wavespeed-ai/flux-dev"');
    await expect(client().models.get('flux')).rejects.toBeInstanceOf(ValidationError);
  });

  it('a submit to an unknown model suggests ids too', async () => {
    const error = await client({ validateInput: false })
      .run('wavespeed-ai/flux-dve', { prompt: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).suggestions[0]).toBe('wavespeed-ai/flux-dev');
    expect(sim.state.jobs).toHaveLength(0);
  });
});

describe('models.price', () => {
  it('quotes without charging', async () => {
    const quote = await client().models.price('wavespeed-ai/flux-dev', { prompt: 'x' });
    expect(quote.price).toBeGreaterThan(0);
    expect(quote.currency).toBe('USD');
    expect(quote.model).toBe('wavespeed-ai/flux-dev');
    expect(sim.state.balance).toBe(100);
  });

  it('falls back to the legacy pricing endpoint on a 404', async () => {
    sim.inject({ route: /POST \/api\/v3\/model\/price$/, status: 404 });
    const quote = await client().models.price('wavespeed-ai/flux-dev', { prompt: 'x' });
    expect(quote.price).toBeGreaterThan(0);
    const paths = sim.state.requests.map((r) => r.path);
    expect(paths).toEqual(['/api/v3/model/price', '/api/v3/model/pricing']);
  });
});
