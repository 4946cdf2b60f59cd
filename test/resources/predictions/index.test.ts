import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../../src/client.js';
import { PermissionDeniedError, ValidationError } from '../../../src/core/errors.js';
import {
  PredictionFailedError,
  PredictionTimeoutError,
  SubmissionUnknownError,
} from '../../../src/core/prediction-errors.js';
import type { Prediction } from '../../../src/resources/predictions/prediction.js';
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/testing/index.js';

const MODEL = 'wavespeed-ai/flux-dev';
let sim: Simulator;
let client: WaveSpeedClient;

async function start(options: SimulatorOptions = {}, clientOptions = {}): Promise<void> {
  await sim?.close();
  sim = await createSimulator({ speed: 100, seed: 7, ...options });
  client = new WaveSpeedClient({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    logLevel: 'off',
    ...clientOptions,
  });
}

function routeCount(route: string): number {
  return sim.state.requests.filter((r) => r.route === route).length;
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await sim.close();
});

describe('predictions.run / client.run', () => {
  it('submits once, polls, and returns the completed prediction', async () => {
    const prediction = await client.predictions.run(MODEL, { prompt: 'A cat' });
    expect(prediction.status).toBe('completed');
    expect(prediction.outputs).toHaveLength(1);
    expect(prediction.outputs[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/outputs\//);
    expect(prediction.model).toBe(MODEL);
    expect(prediction.createdAt).not.toBe('');
    expect(sim.state.jobs).toHaveLength(1);
    const submit = sim.state.requests.find((r) => r.route === 'submit');
    expect(submit?.headers['x-client-name']).toBe('wavespeed-sdk');
    expect(submit?.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
  });

  it('client.run returns the output URLs', async () => {
    const outputs = await client.run(MODEL, { prompt: 'A cat' });
    expect(outputs).toEqual(sim.state.jobs[0]?.outputs);
  });

  it('reports each status change through onProgress', async () => {
    await start({ jobDuration: 3_000 });
    const statuses: string[] = [];
    await client.run(MODEL, { prompt: 'A cat' }, { onProgress: (p) => statuses.push(p.status) });
    expect(statuses[0]).toBe('created');
    expect(statuses.at(-1)).toBe('completed');
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it('throws PredictionFailedError with the id and server error for a failed job', async () => {
    const error = await client.run(MODEL, { prompt: 'A cat [[fail]]' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PredictionFailedError);
    const failed = error as PredictionFailedError;
    expect(failed.predictionId).toBe(sim.state.jobs[0]?.id);
    expect(failed.error).toContain('Inference failed');
    expect(failed.message).toContain(failed.predictionId);
  });

  it('rejects bad calls before any request', async () => {
    const cases: Array<[string, unknown, object]> = [
      ['', { prompt: 'x' }, {}],
      ['flux-dev', { prompt: 'x' }, {}],
      [MODEL, 'a prompt', {}],
      [MODEL, { prompt: 'x' }, { timeout: 0 }],
      [MODEL, { prompt: 'x' }, { timeout: Number.NaN }],
      [MODEL, { prompt: 'x' }, { webhook: 'not a url' }],
      [MODEL, { prompt: 'x' }, { webhook: 'https://example.com/h', base64: true }],
    ];
    for (const [model, input, options] of cases) {
      const error = await client.predictions
        .run(model, input as Record<string, unknown>, options)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    }
    expect(sim.state.requests).toHaveLength(0);
  });

  it('rejects with the reason of an already aborted signal, sending nothing', async () => {
    const reason = new Error('cancelled by user');
    await expect(
      client.run(MODEL, { prompt: 'x' }, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('rejects promptly with the abort reason while waiting, keeping no timers', async () => {
    await start({ jobDuration: 60_000, speed: 1 });
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = client.run(MODEL, { prompt: 'x' }, { signal: controller.signal });
    while (sim.state.jobs.length === 0) await new Promise((r) => setImmediate(r));
    const aborted = Date.now();
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    // The job runs a minute: only the abort can have ended the wait this soon.
    expect(Date.now() - aborted).toBeLessThan(30_000);
  });

  it('throws PredictionTimeoutError with the id, and the job can be waited on again', async () => {
    await start({ jobDuration: 900, speed: 1 });
    const error = await client
      .run(MODEL, { prompt: 'x' }, { timeout: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PredictionTimeoutError);
    const timeout = error as PredictionTimeoutError;
    expect(timeout.predictionId).toBe(sim.state.jobs[0]?.id);
    expect(['created', 'processing']).toContain(timeout.lastStatus);
    const done = await client.predictions.wait(timeout.predictionId, { pollInterval: 50 });
    expect(done.status).toBe('completed');
    expect(sim.state.jobs).toHaveLength(1);
  });
});

describe('predictions.submit / get / wait', () => {
  it('submit returns the created prediction; get and wait follow it', async () => {
    await start({ jobDuration: 1_000 });
    const created = await client.predictions.submit(MODEL, { prompt: 'A cat' });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(['created', 'processing']).toContain(created.status);
    const fetched = await client.predictions.get(created.id);
    expect(fetched.id).toBe(created.id);
    const done = await client.predictions.wait(created);
    expect(done.status).toBe('completed');
    expect(done.timings?.inference).toBeGreaterThan(0);
    const again = await client.predictions.wait(created.id);
    expect(again.outputs).toEqual(done.outputs);
  });

  it('get of an unknown id throws NotFoundError after the grace period only in wait', async () => {
    const error = await client.predictions.get('0'.repeat(32)).catch((e: unknown) => e);
    expect((error as Error).name).toBe('NotFoundError');
    await expect(client.predictions.get('')).rejects.toBeInstanceOf(ValidationError);
  });

  it('sync mode returns the finished job from one POST', async () => {
    const done = await client.predictions.run(MODEL, { prompt: 'A cat' }, { sync: true });
    expect(done.status).toBe('completed');
    expect(routeCount('sync-submit')).toBe(1);
    expect(routeCount('result')).toBe(0);
    const submitted = await client.predictions.submit(MODEL, { prompt: 'A dog' }, { sync: true });
    expect(submitted.status).toBe('completed');
  });

  it('falls back to polling the same id when the server-side sync wait times out (5004)', async () => {
    await start({ jobDuration: 500, syncTimeoutMs: 100, speed: 1 });
    const done = await client.predictions.run(
      MODEL,
      { prompt: 'A cat' },
      { sync: true, pollInterval: 50 },
    );
    expect(done.status).toBe('completed');
    expect(done.error).toBeUndefined();
    expect(sim.state.jobs).toHaveLength(1);
    expect(routeCount('sync-submit')).toBe(1);
    expect(routeCount('result')).toBeGreaterThan(0);
  });

  it('sends base64 and webhook flags the way the API expects', async () => {
    await client.predictions.run(MODEL, { prompt: 'A cat' }, { base64: true });
    expect(sim.state.jobs[0]?.base64).toBe(true);
    await client.predictions.submit(
      MODEL,
      { prompt: 'A cat' },
      { webhook: 'http://127.0.0.1:9/h' },
    );
    const submit = sim.state.requests.filter((r) => r.route === 'submit').at(-1);
    expect(submit?.query.webhook).toBe('http://127.0.0.1:9/h');
    expect(sim.state.jobs[1]?.webhook).toBe('http://127.0.0.1:9/h');
  });
});

describe('predictions.list / delete', () => {
  it('lists newest first, paginating lazily', async () => {
    const ids: string[] = [];
    for (const prompt of ['a', 'b', 'c']) {
      ids.push((await client.predictions.submit(MODEL, { prompt })).id);
    }
    const seen: Prediction[] = [];
    for await (const p of client.predictions.list({ pageSize: 1 })) seen.push(p);
    expect(seen.map((p) => p.id)).toEqual([...ids].reverse());
    expect(routeCount('history')).toBe(3);

    const before = routeCount('history');
    for await (const p of client.predictions.list({ pageSize: 1, model: MODEL })) {
      expect(p.id).toBe(ids[2]);
      break;
    }
    expect(routeCount('history')).toBe(before + 1);
    const history = sim.state.requests.filter((r) => r.route === 'history');
    expect(history).toHaveLength(before + 1);
  });

  it('filters by status and time window', async () => {
    await client.run(MODEL, { prompt: 'ok' });
    await client.run(MODEL, { prompt: '[[fail]]' }).catch(() => undefined);
    const failed = [];
    for await (const p of client.predictions.list({ status: 'failed' })) failed.push(p);
    expect(failed.map((p) => p.status)).toEqual(['failed']);
    const none = [];
    for await (const p of client.predictions.list({ to: new Date(Date.now() - 3_600_000) })) {
      none.push(p);
    }
    expect(none).toEqual([]);
    expect(() => client.predictions.list({ from: 'yesterday' })).toThrow(ValidationError);
    expect(() => client.predictions.list({ pageSize: 101 })).toThrow(ValidationError);
  });

  it('deletes one or many ids, in chunks of 100', async () => {
    const { id } = await client.predictions.submit(MODEL, { prompt: 'a' });
    await client.predictions.delete(id);
    expect(sim.state.deletedIds).toContain(id);
    const many = Array.from({ length: 150 }, (_, i) => i.toString(16).padStart(32, '0'));
    await client.predictions.delete(many);
    expect(routeCount('delete')).toBe(3);
    await expect(client.predictions.delete([])).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('predictions.find', () => {
  it('finds the jobs whose stored input matches, newest first, across pages', async () => {
    const from = new Date(Date.now() - 60_000);
    const a = await client.predictions.submit(MODEL, { prompt: 'same', seed: 1 });
    await client.predictions.submit(MODEL, { prompt: 'other', seed: 1 });
    const b = await client.predictions.submit(MODEL, { seed: 1, prompt: 'same' });
    for (let i = 0; i < 120; i += 1) await client.predictions.submit(MODEL, { prompt: `n${i}` });
    const found = await client.predictions.find({
      model: MODEL,
      input: { prompt: 'same', seed: 1 },
      from,
    });
    expect(found.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(routeCount('history')).toBe(2);
    const none = await client.predictions.find({
      model: MODEL,
      input: { prompt: 'never sent' },
      from,
    });
    expect(none).toEqual([]);
  });

  it('rejects a bad model or input before any request', async () => {
    const from = new Date();
    await expect(
      client.predictions.find({ model: 'flux', input: { prompt: 'x' }, from }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      client.predictions.find({
        model: MODEL,
        input: 'x' as unknown as Record<string, unknown>,
        from,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('submit faults never bill twice', () => {
  it('re-sends after a 429 and honours its Retry-After', async () => {
    sim.inject({ route: 'submit', status: 429, headers: { 'retry-after-ms': '150' } });
    const started = Date.now();
    await client.run(MODEL, { prompt: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(routeCount('submit')).toBe(2);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('re-sends after a 503 with an empty body (the gateway, not the API)', async () => {
    sim.inject({ route: 'submit', status: 503, body: 'empty' });
    await client.run(MODEL, { prompt: 'x' });
    expect(routeCount('submit')).toBe(2);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('does not re-send after a 500 with a body; nothing found → SubmissionUnknownError', async () => {
    sim.inject({ route: 'submit', status: 500 });
    const error = await client.run(MODEL, { prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionUnknownError);
    const unknown = error as SubmissionUnknownError;
    expect(unknown.model).toBe(MODEL);
    expect(unknown.windowStart.getTime()).toBeLessThan(unknown.windowEnd.getTime());
    expect(routeCount('submit')).toBe(1);
    expect(routeCount('history')).toBeGreaterThan(0);
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('recovers the job from the history after a 500 sent once the job existed', async () => {
    sim.inject({ route: 'submit', status: 500, afterCreate: true });
    const done = await client.predictions.run(MODEL, { prompt: 'x', seed: 3 });
    expect(done.status).toBe('completed');
    expect(done.id).toBe(sim.state.jobs[0]?.id);
    expect(routeCount('submit')).toBe(1);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('recovers after the connection is reset once the job was created', async () => {
    sim.inject({ route: 'submit', reset: 'after-create' });
    const done = await client.predictions.run(MODEL, { prompt: 'x' });
    expect(done.id).toBe(sim.state.jobs[0]?.id);
    expect(routeCount('submit')).toBe(1);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('does not re-send after a reset before the job was created', async () => {
    sim.inject({ route: 'submit', reset: 'before' });
    const error = await client.run(MODEL, { prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionUnknownError);
    expect(routeCount('submit')).toBe(1);
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('keeps the id from a truncated submit answer', async () => {
    sim.inject({ route: 'submit', body: 'truncated' });
    const done = await client.predictions.run(MODEL, { prompt: 'x' });
    expect(done.id).toBe(sim.state.jobs[0]?.id);
    expect(routeCount('submit')).toBe(1);
    expect(routeCount('history')).toBe(0);
  });

  it('never claims a job this client already owns during recovery', async () => {
    const first = await client.predictions.submit(MODEL, { prompt: 'same' });
    sim.inject({ route: 'submit', reset: 'before' });
    const error = await client.predictions
      .submit(MODEL, { prompt: 'same' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionUnknownError);
    expect(sim.state.jobs.map((j) => j.id)).toEqual([first.id]);
  });

  it('re-sends a sync submit after a 429 (no job was created)', async () => {
    sim.inject({ route: 'sync-submit', status: 429, headers: { 'retry-after-ms': '20' } });
    const done = await client.predictions.run(MODEL, { prompt: 'x' }, { sync: true });
    expect(done.status).toBe('completed');
    expect(routeCount('sync-submit')).toBe(2);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('recovers a sync submit answered with a 504 after the job was created', async () => {
    sim.inject({ route: 'sync-submit', status: 504, afterCreate: true });
    const done = await client.predictions.run(MODEL, { prompt: 'x' }, { sync: true });
    expect(done.status).toBe('completed');
    expect(routeCount('sync-submit')).toBe(1);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('lists several candidates instead of guessing when they are not this client’s', async () => {
    const other = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
    await other.predictions.submit(MODEL, { prompt: 'twin' });
    await other.predictions.submit(MODEL, { prompt: 'twin' });
    sim.inject({ route: 'submit', reset: 'before' });
    const error = await client.predictions
      .submit(MODEL, { prompt: 'twin' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionUnknownError);
    expect((error as SubmissionUnknownError).candidates).toHaveLength(2);
    expect(sim.state.jobs).toHaveLength(2);
  });
});

describe('poll faults', () => {
  it('a poll failure that is not transient carries the prediction id', async () => {
    const { id } = await client.predictions.submit(MODEL, { prompt: 'A cat' });
    sim.inject({ route: 'result', status: 403, body: { code: 403, message: 'Forbidden' } });
    const error = await client.predictions.wait(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).predictionId).toBe(id);
  });

  it('retries failed polls (5xx, HTML pages, truncated bodies, resets) without losing the id', async () => {
    await start({ jobDuration: 500 });
    sim.inject({ route: 'result', status: 500, times: 2 });
    sim.inject({ route: 'result', body: 'html', times: 1 });
    sim.inject({ route: 'result', body: 'truncated', times: 1 });
    sim.inject({ route: 'result', reset: 'before', times: 1 });
    const done = await client.predictions.run(MODEL, { prompt: 'x' });
    expect(done.status).toBe('completed');
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('keeps the id when polls keep failing until the deadline', async () => {
    await start({ jobDuration: 60_000, speed: 1 });
    sim.inject({ route: 'result', status: 502, times: Number.POSITIVE_INFINITY });
    const error = await client
      .run(MODEL, { prompt: 'x' }, { timeout: 400 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PredictionTimeoutError);
    expect((error as PredictionTimeoutError).predictionId).toBe(sim.state.jobs[0]?.id);
  });
});

describe('queue', () => {
  it('never has more than maxConcurrency jobs in flight', async () => {
    await start({ jobDuration: 2_000 }, { maxConcurrency: 2 });
    const outputs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.run(MODEL, { prompt: `p${i}` })),
    );
    expect(outputs).toHaveLength(6);
    const jobs = sim.state.jobs;
    expect(jobs).toHaveLength(6);
    for (const job of jobs) {
      const overlapping = jobs.filter(
        (other) =>
          other.createdAt <= job.createdAt && (other.completedAt ?? Infinity) > job.createdAt,
      );
      expect(overlapping.length).toBeLessThanOrEqual(2);
    }
  });

  it('Promise.all of many runs just works on the default (bronze) tier', async () => {
    // 2 jobs per (scaled) minute of 1 s: jobs finish faster than that, so the tier's 429s hit.
    await start({ tier: 'bronze', speed: 60 });
    const outputs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.run(MODEL, { prompt: `p${i}` })),
    );
    expect(outputs.flat()).toHaveLength(6);
    expect(sim.state.jobs).toHaveLength(6);
    expect(sim.state.requests.some((r) => r.route === 'submit' && r.status === 429)).toBe(true);
  });

  it('holds jobs beyond maxJobsPerMinute until their turn; aborting frees them', async () => {
    await start({}, { maxJobsPerMinute: 2 });
    const controller = new AbortController();
    const reason = new Error('not now');
    const first = client.run(MODEL, { prompt: '1' });
    const second = client.run(MODEL, { prompt: '2' });
    const third = client.run(MODEL, { prompt: '3' }, { signal: controller.signal });
    await Promise.all([first, second]);
    expect(sim.state.jobs).toHaveLength(2);
    controller.abort(reason);
    await expect(third).rejects.toBe(reason);
    expect(sim.state.jobs).toHaveLength(2);
  });
});
