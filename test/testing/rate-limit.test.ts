import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, TIERS } from '../../src/testing/index.js';
import { RateLimiter, tierLimits } from '../../src/testing/rate-limit.js';
import { api, FIXTURE_MODELS } from './fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

describe('RateLimiter', () => {
  it('allows perWindow takes per key and bucket, then says when a slot frees', () => {
    const limiter = new RateLimiter(2, 1000);
    expect(limiter.take('k', 'image', 0)).toEqual({ ok: true });
    expect(limiter.take('k', 'image', 100)).toEqual({ ok: true });
    expect(limiter.take('k', 'image', 200)).toEqual({ ok: false, retryAfterMs: 800 });
    expect(limiter.take('k', 'video', 200)).toEqual({ ok: true });
    expect(limiter.take('other', 'image', 200)).toEqual({ ok: true });
    expect(limiter.take('k', 'image', 1000)).toEqual({ ok: true });
  });

  it('maps tier names to the documented limits', () => {
    expect(tierLimits('bronze')).toEqual({ perMinute: 2, concurrency: 2 });
    expect(tierLimits('ultra')).toEqual(TIERS.ultra);
    expect(tierLimits({ perMinute: 9, concurrency: 1 })).toEqual({ perMinute: 9, concurrency: 1 });
    expect(tierLimits(undefined)).toBeUndefined();
  });
});

describe('tiers over HTTP', () => {
  it('answers 429 with Retry-After and the envelope over the per-minute limit', async () => {
    sim = await createSimulator({ speed: 200, tier: 'bronze', models: FIXTURE_MODELS });
    expect((await api(sim).post('/api/v3/test/image', { prompt: 'a' })).status).toBe(200);
    expect((await api(sim).post('/api/v3/test/image', { prompt: 'b' })).status).toBe(200);
    const limited = await api(sim).post('/api/v3/test/image', { prompt: 'c' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const retryMs = Number(limited.headers.get('retry-after-ms'));
    expect(retryMs).toBeGreaterThan(0);
    expect(retryMs).toBeLessThanOrEqual(300);
    const body = (await limited.json()) as { code: number; message: string };
    expect(body.code).toBe(429);
    expect(body.message).toMatch(/2 image tasks per minute/);
    expect(sim.state.jobs).toHaveLength(2);
    // Videos have their own bucket.
    const video = await api(sim).post('/api/v3/test/video/i2v', {
      prompt: 'v',
      image: 'https://e.test/a.png',
    });
    expect(video.status).toBe(200);
    // The (speed-scaled) minute passes and submits are accepted again.
    await new Promise((resolve) => setTimeout(resolve, retryMs + 20));
    expect((await api(sim).post('/api/v3/test/image', { prompt: 'd' })).status).toBe(200);
  });

  it('queues jobs over the concurrency limit in `created` instead of rejecting them', async () => {
    sim = await createSimulator({
      speed: 1,
      jobDuration: 80,
      tier: { perMinute: 100, concurrency: 1 },
      models: FIXTURE_MODELS,
    });
    const a = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'a' });
    const b = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'b' });
    const queued = await api(sim).data<{ status: string }>(`/api/v3/predictions/${b.id}/result`);
    expect(queued.status).toBe('created');
    expect(sim.state.jobs[1]?.startedAt).toBeUndefined();
    await api(sim).waitDone(b.id);
    const [first, second] = sim.state.jobs;
    expect(first?.id).toBe(a.id);
    expect(second?.startedAt).toBeGreaterThanOrEqual(
      first?.completedAt ?? Number.POSITIVE_INFINITY,
    );
    expect(second?.status).toBe('completed');
  });

  it('limits each key separately', async () => {
    sim = await createSimulator({
      speed: 200,
      tier: { perMinute: 1, concurrency: 5 },
      apiKeys: ['wsk_test_one', 'wsk_test_two'],
      models: FIXTURE_MODELS,
    });
    expect(
      (await api(sim).post('/api/v3/test/image', { prompt: 'a' }, 'wsk_test_one')).status,
    ).toBe(200);
    expect(
      (await api(sim).post('/api/v3/test/image', { prompt: 'a' }, 'wsk_test_two')).status,
    ).toBe(200);
    expect(
      (await api(sim).post('/api/v3/test/image', { prompt: 'a' }, 'wsk_test_one')).status,
    ).toBe(429);
  });
});
