import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBatch,
  createQueue,
  createWorker,
  type FollowedJob,
  type FollowProgress,
  followBatch,
} from '../../src/bullmq/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { settled } from './helpers.js';

const MODEL = 'wavespeed-ai/flux-dev';
let redis: TestRedis;
let sim: Simulator;

beforeAll(async () => {
  redis = await startRedis();
  sim = await createSimulator({ speed: 20, seed: 31, jobDuration: 2_000 });
});

afterAll(async () => {
  await sim?.close();
  await redis?.stop();
});

describe('followBatch', () => {
  it('yields finished jobs first, then each one as a worker ends it; unknown keys fail', async () => {
    const name = `follow-test-${process.pid}`;
    const connection = { host: redis.host, port: redis.port };
    const queue = createQueue({ connection, name });
    const worker = await createWorker({
      connection,
      name,
      clientOptions: { apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' },
      concurrency: 4,
    });
    try {
      const early = await addBatch(queue, [{ model: MODEL, input: { prompt: 'early' } }]);
      await settled(queue, 1);
      const late = await addBatch(
        queue,
        Array.from({ length: 5 }, (_, i) => ({ model: MODEL, input: { prompt: `late ${i}` } })),
      );
      const keys = [...early.keys, ...late.keys, 'never-added'];
      const seen: FollowedJob[] = [];
      const progress: FollowProgress[] = [];
      for await (const job of followBatch(queue, keys, { onProgress: (p) => progress.push(p) })) {
        seen.push(job);
      }
      expect(seen).toHaveLength(7);
      const byKey = new Map(seen.map((job) => [job.key, job]));
      expect(byKey.get(early.keys[0] as string)).toMatchObject({
        status: 'completed',
        earlier: true,
      });
      for (const key of late.keys) {
        const job = byKey.get(key);
        expect(job?.status).toBe('completed');
        if (job?.status === 'completed') expect(job.result.predictionId).toMatch(/\w+/);
      }
      expect(byKey.get('never-added')).toMatchObject({
        status: 'failed',
        reason: 'not in the queue',
      });
      expect(progress.at(-1)).toEqual({ done: 6, failed: 1, running: 0, queued: 0, total: 7 });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('stops following when the signal aborts', async () => {
    const queue = createQueue({
      connection: { host: redis.host, port: redis.port },
      name: `follow-abort-${process.pid}`,
    });
    try {
      const { keys } = await addBatch(queue, [
        { model: MODEL, input: { prompt: 'nobody runs me' } },
      ]);
      const controller = new AbortController();
      const following = followBatch(queue, keys, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('enough')),
      });
      await expect(following.next()).rejects.toThrow('enough');
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
