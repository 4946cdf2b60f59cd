import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addBatch,
  createQueue,
  createWorker,
  type WaveSpeedQueue,
  type WaveSpeedWorker,
} from '../../src/bullmq/index.js';
import { WaveSpeedClient } from '../../src/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { settled, submissionsPerPrompt } from './helpers.js';

const MODEL = 'wavespeed-ai/flux-dev';
let redis: TestRedis;
let sim: Simulator;
let queue: WaveSpeedQueue;
let workers: WaveSpeedWorker[] = [];
let dir: string;
let name = '';
let round = 0;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'ws-bullmq-'));
});

afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  workers = [];
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await sim.close();
});

async function setUp(options: Parameters<typeof createSimulator>[0] = {}): Promise<void> {
  sim = await createSimulator({ speed: 20, seed: 5, ...options });
  round += 1;
  name = `worker-test-${process.pid}-${round}`;
  queue = createQueue({ connection: { host: redis.host, port: redis.port }, name });
}

function client(): WaveSpeedClient {
  return new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
}

async function worker(options: Partial<Parameters<typeof createWorker>[0]> = {}) {
  const started = await createWorker({
    connection: { host: redis.host, port: redis.port },
    name,
    clientOptions: { apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' },
    concurrency: 4,
    ...options,
  });
  workers.push(started);
  return started;
}

describe('createWorker', () => {
  it('runs each job once, records its prediction id, reports progress, saves outputs', async () => {
    await setUp();
    const progress: unknown[] = [];
    const out = join(dir, 'outputs');
    const w = await worker({ download: { dir: out } });
    w.on('progress', (_job, value) => progress.push(value));
    const { keys } = await addBatch(
      queue,
      Array.from({ length: 6 }, (_, i) => ({ model: MODEL, input: { prompt: `job ${i}` } })),
    );
    await settled(queue, 6);
    expect(await queue.getJobCounts('completed', 'failed')).toMatchObject({
      completed: 6,
      failed: 0,
    });
    for (const key of keys) {
      const job = await queue.getJob(key);
      const result = job?.returnvalue;
      expect(result?.predictionId).toBe(job?.data.wavespeed?.predictionId);
      expect(result?.outputs).toHaveLength(1);
      expect(result?.files?.[0]).toMatch(new RegExp(`${key}-0\\.(png|jpeg|jpg|webp)$`));
    }
    expect((await readdir(out)).filter((f) => !f.endsWith('.part'))).toHaveLength(6);
    expect([...submissionsPerPrompt(sim).values()].every((n) => n === 1)).toBe(true);
    expect(progress.some((p) => (p as { status?: string }).status === 'completed')).toBe(true);
  });

  it('fails only the jobs whose prediction failed, with its id and status in the reason', async () => {
    await setUp();
    await worker();
    await addBatch(queue, [
      { model: MODEL, input: { prompt: 'fine' } },
      { model: MODEL, input: { prompt: 'broken [[fail]]' }, key: 'broken' },
    ]);
    await settled(queue, 2);
    const broken = await queue.getJob('broken');
    const failedId = sim.state.jobs.find((j) => j.input.prompt === 'broken [[fail]]')?.id;
    expect(await broken?.getState()).toBe('failed');
    expect(broken?.failedReason).toContain(`prediction ${failedId}`);
    expect(broken?.failedReason).toContain('"failed"');
    expect(await queue.getJobCounts('completed')).toMatchObject({ completed: 1 });
  });

  it('waits on the prediction a job already holds instead of submitting again', async () => {
    await setUp();
    const existing = await client().predictions.submit(MODEL, { prompt: 'taken over' });
    await queue.add(
      MODEL,
      {
        model: MODEL,
        input: { prompt: 'taken over' },
        wavespeed: { intentAt: Date.now(), predictionId: existing.id },
      },
      { jobId: 'taken-over' },
    );
    await worker();
    await settled(queue, 1);
    expect((await queue.getJob('taken-over'))?.returnvalue?.predictionId).toBe(existing.id);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it("finds the submit of a job that crashed before writing the id; never takes another job's", async () => {
    await setUp();
    // Two jobs with one input, both crashed after writing their intent; only one submit landed.
    const intentAt = Date.now();
    const landed = await client().predictions.submit(MODEL, { prompt: 'twins' });
    for (const id of ['twin-a', 'twin-b']) {
      await queue.add(
        MODEL,
        { model: MODEL, input: { prompt: 'twins' }, wavespeed: { intentAt } },
        { jobId: id },
      );
    }
    await worker();
    await settled(queue, 2);
    const ids = await Promise.all(
      ['twin-a', 'twin-b'].map(async (id) => (await queue.getJob(id))?.returnvalue?.predictionId),
    );
    // One recovered the landed prediction; the other submitted its own (its submit never landed).
    expect(ids).toContain(landed.id);
    expect(new Set(ids).size).toBe(2);
    expect(sim.state.jobs).toHaveLength(2);
  });

  it('a 429 pauses the whole queue, and the jobs still run once each', async () => {
    await setUp();
    sim.inject({ route: 'submit', status: 429, headers: { 'retry-after-ms': '400' }, times: 3 });
    const w = await worker({ concurrency: 2 });
    let limited = false;
    const watching = (async () => {
      while (!limited) {
        limited = (await queue.getRateLimitTtl()) > 0;
        if (!limited) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await addBatch(
      queue,
      Array.from({ length: 4 }, (_, i) => ({ model: MODEL, input: { prompt: `storm ${i}` } })),
    );
    await watching;
    await settled(queue, 4);
    expect(limited).toBe(true);
    expect(await queue.getJobCounts('completed')).toMatchObject({ completed: 4 });
    expect([...submissionsPerPrompt(sim).values()].every((n) => n === 1)).toBe(true);
    expect(w.isRunning()).toBe(true);
  });
});
