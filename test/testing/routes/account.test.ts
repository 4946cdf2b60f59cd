import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { api, FIXTURE_MODELS } from '../fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

async function runJobs(): Promise<string[]> {
  const ids: string[] = [];
  for (const [model, input] of [
    ['test/image', { prompt: 'a' }],
    ['test/image', { prompt: 'b' }],
    ['test/video/i2v', { prompt: 'c', image: 'https://e.test/a.png', duration: 10 }],
    ['test/image', { prompt: '[[fail]]' }],
  ] as const) {
    const { id } = await api(sim).data<{ id: string }>(`/api/v3/${model}`, input);
    await api(sim).waitDone(id);
    ids.push(id);
  }
  return ids;
}

describe('balance and webhook secret', () => {
  it('debits each completed job by its price, not failed ones', async () => {
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS, balance: 10 });
    expect(await api(sim).data('/api/v3/balance')).toEqual({ balance: 10 });
    await runJobs();
    // 2 × 0.025 + 0.4 × 10 / 5
    const expected = 10 - 0.05 - 0.8;
    expect((await api(sim).data<{ balance: number }>('/api/v3/balance')).balance).toBeCloseTo(
      expected,
      9,
    );
    expect(sim.state.balance).toBeCloseTo(expected, 9);
    expect(sim.state.jobs.map((j) => j.price)).toEqual([0.025, 0.025, 0.8, 0.025]);
    sim.setBalance(3);
    expect(await api(sim).data('/api/v3/balance')).toEqual({ balance: 3 });
  });

  it('answers 403 Insufficient balance when the price is not covered', async () => {
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS, balance: 0.03 });
    expect((await api(sim).post('/api/v3/test/image', { prompt: 'a' })).status).toBe(200);
    // 0.025 is reserved by the running job, leaving 0.005.
    const res = await api(sim).post('/api/v3/test/image', { prompt: 'b' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(403);
    expect(body.message).toMatch(/^Insufficient balance/);
    expect(body.message).toMatch(/top up/);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('returns the webhook secret', async () => {
    sim = await createSimulator();
    expect(sim.webhookSecret).toMatch(/^whsec_[0-9a-f]+$/);
    expect(await api(sim).data('/api/v3/webhook/secret')).toEqual({ secret: sim.webhookSecret });
  });
});

describe('models and prices', () => {
  it('lists the bundled catalog plus extra models, replacing by model_id', async () => {
    const replaced = { ...FIXTURE_MODELS[0], model_id: 'wavespeed-ai/flux-dev', name: 'Replaced' };
    sim = await createSimulator({ models: [...FIXTURE_MODELS, replaced] });
    const models = await api(sim).data<Array<Record<string, unknown>>>('/api/v3/models');
    const ids = models.map((m) => m.model_id);
    expect(ids).toContain('wavespeed-ai/z-image/turbo');
    expect(ids).toContain('test/image');
    expect(new Set(ids).size).toBe(ids.length);
    const flux = models.find((m) => m.model_id === 'wavespeed-ai/flux-dev');
    expect(flux?.name).toBe('Replaced');
    const zImage = models.find((m) => m.model_id === 'wavespeed-ai/z-image/turbo') as {
      api_schema: { api_schemas: Array<{ request_schema: { required: string[] } }> };
    };
    expect(zImage.api_schema.api_schemas[0]?.request_schema.required).toContain('prompt');
  });

  it('prices with the formula and falls back to base_price on partial inputs', async () => {
    sim = await createSimulator({ models: FIXTURE_MODELS });
    expect(
      await api(sim).data('/api/v3/model/price', {
        model_id: 'test/video/i2v',
        inputs: { duration: 10 },
      }),
    ).toEqual({
      model_id: 'test/video/i2v',
      price: 0.8,
      discounted_price: 0.8,
      discount_rate: 1,
      currency: 'USD',
    });
    const fallback = await api(sim).data<{ price: number }>('/api/v3/model/price', {
      model_id: 'test/video/i2v',
      inputs: {},
    });
    expect(fallback.price).toBe(0.4);
    expect(
      await api(sim).data('/api/v3/model/pricing', { model_id: 'test/image', inputs: {} }),
    ).toEqual({ model_id: 'test/image', unit_price: 0.025, currency: 'USD' });
    const unknown = await api(sim).post('/api/v3/model/price', {
      model_id: 'nope/nope',
      inputs: {},
    });
    expect(unknown.status).toBe(404);
    expect((await api(sim).post('/api/v3/model/pricing', {})).status).toBe(400);
  });

  it('prices catalog models with num_images formulas', async () => {
    sim = await createSimulator();
    const price = await api(sim).data<{ price: number }>('/api/v3/model/price', {
      model_id: 'wavespeed-ai/flux-dev',
      inputs: { prompt: 'x', num_images: 3 },
    });
    expect(price.price).toBeCloseTo(0.036, 9);
  });
});

describe('usage and billings', () => {
  it('computes usage stats from real jobs', async () => {
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS });
    await runJobs();
    const now = Date.now();
    const usage = await api(sim).data<{
      per_model_usage: Array<Record<string, unknown>>;
      daily_usage: Array<{ date: string; amount: number; count: number; models: unknown[] }>;
      summary: Record<string, number>;
    }>('/api/v3/user/usage_stats', {
      start_time: new Date(now - 3_600_000).toISOString(),
      end_time: new Date(now + 60_000).toISOString(),
    });
    expect(usage.summary).toEqual({ total_cost: 0.85, total_requests: 4, success_requests: 3 });
    const image = usage.per_model_usage.find((m) => m.model_uuid === 'test/image');
    expect(image).toMatchObject({
      model_type: 'text-to-image',
      unit_price: 0.025,
      total_cost: 0.05,
      total_count: 2,
      last_used_date: new Date().toISOString().slice(0, 10),
    });
    expect(usage.daily_usage.reduce((sum, d) => sum + d.count, 0)).toBe(3);
    const filtered = await api(sim).data<{ summary: Record<string, number> }>(
      '/api/v3/user/usage_stats',
      {
        start_time: new Date(now - 3_600_000).toISOString(),
        end_time: new Date(now + 60_000).toISOString(),
        model_uuid: 'test/video/i2v',
      },
    );
    expect(filtered.summary).toEqual({ total_cost: 0.8, total_requests: 1, success_requests: 1 });
  });

  it('rejects usage windows over 31 days or without times', async () => {
    sim = await createSimulator();
    const long = await api(sim).post('/api/v3/user/usage_stats', {
      start_time: '2026-01-01T00:00:00Z',
      end_time: '2026-02-15T00:00:00Z',
    });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { message: string }).message).toMatch(/31 days/);
    expect((await api(sim).post('/api/v3/user/usage_stats', {})).status).toBe(400);
  });

  it('itemises deductions with total and has_more; accepts ISO and ms-epoch times', async () => {
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS });
    const ids = await runJobs();
    type Page = {
      page: number;
      total: number;
      has_more: boolean;
      items: Array<{ billing_type: string; price: number; prediction: { uuid: string } }>;
    };
    const first = await api(sim).data<Page>('/api/v3/billings/search', { page: 1, page_size: 2 });
    expect(first.total).toBe(3);
    expect(first.has_more).toBe(true);
    expect(first.items.map((i) => i.prediction.uuid)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({
      billing_type: 'deduct',
      price: 0.8,
      order: { state: 'done', price: 0.8, origin_price: 0.8 },
      prediction: { model_uuid: 'test/video/i2v', status: 'completed' },
    });
    const second = await api(sim).data<Page>('/api/v3/billings/search', { page: 2, page_size: 2 });
    expect(second.has_more).toBe(false);
    expect(second.items).toHaveLength(1);
    const asc = await api(sim).data<Page>('/api/v3/billings/search', {
      page: 1,
      page_size: 10,
      sort: 'created_at ASC',
      start_time: String(Date.now() - 3_600_000),
      end_time: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(asc.items.map((i) => i.prediction.uuid)).toEqual([ids[0], ids[1], ids[2]]);
    const refunds = await api(sim).data<Page>('/api/v3/billings/search', {
      billing_type: 'refund',
    });
    expect(refunds.total).toBe(0);
    const one = await api(sim).data<Page>('/api/v3/billings/search', {
      prediction_uuids: [ids[1]],
    });
    expect(one.total).toBe(1);
    for (const bad of [
      { page_size: 101 },
      { page: 0 },
      { start_time: 'soon' },
      { billing_type: 'x' },
    ]) {
      expect(
        (await api(sim).post('/api/v3/billings/search', bad)).status,
        JSON.stringify(bad),
      ).toBe(400);
    }
  });
});
