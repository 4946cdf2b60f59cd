import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { api, FIXTURE_MODELS } from './fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  sim = await createSimulator({ speed: 200, seed: 3, models: FIXTURE_MODELS, ...options });
  return sim;
}

async function submit(body: Record<string, unknown> = { prompt: 'x' }): Promise<Response> {
  return api(sim).post('/api/v3/test/image', body);
}

describe('status faults', () => {
  it('answers with the status and the error envelope, `times` times, then normally', async () => {
    await start();
    const handle = sim.inject({ route: 'balance', status: 503, times: 2 });
    expect(handle.remaining).toBe(2);
    const first = await api(sim).get('/api/v3/balance');
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ code: 503, message: expect.any(String) });
    expect(handle.remaining).toBe(1);
    expect((await api(sim).get('/api/v3/balance')).status).toBe(503);
    expect((await api(sim).get('/api/v3/balance')).status).toBe(200);
    expect(handle.remaining).toBe(0);
  });

  it('does not create a job when a submit is faulted before handling', async () => {
    await start();
    sim.inject({ route: 'submit', status: 500 });
    expect((await submit()).status).toBe(500);
    expect(sim.state.jobs).toHaveLength(0);
    expect((await submit()).status).toBe(200);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('sets Retry-After and extra headers; retryAfter alone means 429', async () => {
    await start();
    sim.inject({ route: 'result', retryAfter: 2, headers: { 'x-request-id': 'req-123' } });
    const res = await api(sim).get('/api/v3/predictions/0123456789abcdef0123456789abcdef/result');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(await res.json()).toMatchObject({ code: 429 });
  });

  it('sends html, empty, string and object bodies', async () => {
    await start();
    sim.inject({ route: 'models', body: 'html' });
    sim.inject({ route: 'models', status: 503, body: 'empty' });
    sim.inject({ route: 'models', status: 500, body: { detail: 'boom' } });
    sim.inject({ route: 'models', status: 502, body: '{"code":502,"message":"upstream"}' });
    const html = await api(sim).get('/api/v3/models');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toMatch(/<h1>502 Bad Gateway<\/h1>/);
    const empty = await api(sim).get('/api/v3/models');
    expect(empty.status).toBe(503);
    expect(await empty.text()).toBe('');
    const object = await api(sim).get('/api/v3/models');
    expect(await object.json()).toEqual({ detail: 'boom' });
    const text = await api(sim).get('/api/v3/models');
    expect(text.status).toBe(502);
    expect(await text.json()).toEqual({ code: 502, message: 'upstream' });
  });

  it('truncates the real JSON answer', async () => {
    await start();
    sim.inject({ route: 'balance', body: 'truncated' });
    const res = await api(sim).get('/api/v3/balance');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(JSON.stringify({ code: 200, message: 'success', data: { balance: 100 } })).toContain(
      text,
    );
  });
});

describe('connection faults', () => {
  it("reset: 'before' drops the connection and creates nothing", async () => {
    await start();
    sim.inject({ route: 'submit', reset: 'before' });
    await expect(submit()).rejects.toThrow();
    expect(sim.state.jobs).toHaveLength(0);
    expect(sim.state.requests[0]).toMatchObject({ route: 'submit', status: 0 });
  });

  it("reset: 'after-create' creates the job, then drops the connection", async () => {
    await start();
    sim.inject({ route: 'submit', reset: 'after-create' });
    await expect(submit()).rejects.toThrow();
    expect(sim.state.jobs).toHaveLength(1);
    const done = await api(sim).waitDone(sim.state.jobs[0]?.id ?? '');
    expect(done.status).toBe('completed');
  });

  it('afterCreate on a sync submit gives the gateway 504 while the job exists', async () => {
    await start();
    sim.inject({ route: 'sync-submit', status: 504, body: 'html', afterCreate: true });
    const plain = await submit();
    expect(plain.status).toBe(200);
    const res = await submit({ prompt: 'x', enable_sync_mode: true });
    expect(res.status).toBe(504);
    expect(await res.text()).toMatch(/504 Gateway Time-out/);
    expect(sim.state.jobs).toHaveLength(2);
    expect(sim.state.jobs[1]?.sync).toBe(true);
  });

  it('delays answers by delayMs', async () => {
    await start();
    sim.inject({ route: 'balance', delayMs: 120 });
    const started = Date.now();
    const res = await api(sim).get('/api/v3/balance');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('matching', () => {
  it('applies in injection order, first match wins; clear() and clearFaults() remove faults', async () => {
    await start();
    const a = sim.inject({ route: 'any', status: 500 });
    sim.inject({ route: 'balance', status: 502 });
    expect((await api(sim).get('/api/v3/balance')).status).toBe(500);
    expect((await api(sim).get('/api/v3/balance')).status).toBe(502);
    sim.inject({ route: 'balance', status: 503, times: Number.POSITIVE_INFINITY });
    a.clear();
    expect((await api(sim).get('/api/v3/balance')).status).toBe(503);
    sim.clearFaults();
    expect((await api(sim).get('/api/v3/balance')).status).toBe(200);
  });

  it('matches RegExp routes on "METHOD path" and filters by method', async () => {
    await start();
    sim.inject({ route: /^GET \/api\/v3\/webhook\//, status: 500 });
    sim.inject({ route: 'any', method: 'POST', status: 418 });
    expect((await api(sim).get('/api/v3/webhook/secret')).status).toBe(500);
    expect((await api(sim).get('/api/v3/balance')).status).toBe(200);
    expect((await api(sim).post('/api/v3/model/price', { model_id: 'test/image' })).status).toBe(
      418,
    );
  });

  it('`submit` covers sync submits; `sync-submit` only those', async () => {
    await start();
    sim.inject({ route: 'sync-submit', status: 500, times: 5 });
    expect((await submit()).status).toBe(200);
    expect((await submit({ prompt: 'x', enable_sync_mode: true })).status).toBe(500);
    sim.clearFaults();
    sim.inject({ route: 'submit', status: 503 });
    expect((await submit({ prompt: 'x', enable_sync_mode: true })).status).toBe(503);
  });

  it('rolls probabilities from the seed, identically for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      await start({ seed: 99 });
      sim.inject({ route: 'balance', status: 500, probability: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api(sim).get('/api/v3/balance')).status);
      await sim.close();
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it('faults the storage origin (download, upload-put)', async () => {
    await start();
    const { id } = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'x' });
    const done = await api(sim).waitDone(id);
    const url = (done.outputs as string[])[0] ?? '';
    sim.inject({ route: 'download', status: 503, body: 'html' });
    const failed = await fetch(url);
    expect(failed.status).toBe(503);
    await failed.arrayBuffer();
    expect((await fetch(url)).status).toBe(200);
    const ticket = await api(sim).data<{
      upload: { url: string; headers: Record<string, string> };
    }>('/api/v3/media/uploads', { filename: 'a.png', size: 3 });
    sim.inject({ route: 'upload-put', reset: 'before' });
    await expect(
      fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: 'abc' }),
    ).rejects.toThrow();
  });

  it('rejects invalid probabilities', async () => {
    await start();
    expect(() => sim.inject({ route: 'any', probability: 2 })).toThrow(RangeError);
  });
});
