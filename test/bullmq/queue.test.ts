import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBatch, createQueue, type WaveSpeedQueue } from '../../src/bullmq/index.js';
import { jobKey, ValidationError } from '../../src/index.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

let redis: TestRedis;
let queue: WaveSpeedQueue;
const MODEL = 'wavespeed-ai/flux-dev';

beforeAll(async () => {
  redis = await startRedis();
  queue = createQueue({
    connection: { host: redis.host, port: redis.port },
    name: `queue-test-${process.pid}`,
  });
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await redis?.stop();
});

describe('addBatch', () => {
  it('adds each key once: running the same enqueue again adds nothing', async () => {
    const jobs = [
      { model: MODEL, input: { prompt: 'a fox' } },
      { model: MODEL, input: { prompt: 'a cat' }, key: 'my-cat' },
    ];
    const first = await addBatch(queue, jobs);
    expect(first).toMatchObject({ added: 2, existing: 0 });
    expect(first.keys).toEqual([jobKey(MODEL, { prompt: 'a fox' }), 'my-cat']);
    const again = await addBatch(queue, jobs);
    expect(again).toMatchObject({ added: 0, existing: 2 });
    expect(await queue.count()).toBe(2);
    const job = await queue.getJob('my-cat');
    expect(job?.data).toMatchObject({ model: MODEL, input: { prompt: 'a cat' }, key: 'my-cat' });
  });

  it('checks every job before adding any', async () => {
    const before = await queue.count();
    const calls = [
      [{ model: 'flux', input: { prompt: 'x' } }],
      [{ model: MODEL, input: { image: new Blob(['x']) } }],
      [{ model: MODEL, input: { prompt: 'x' }, key: '42' }],
      [
        { model: MODEL, input: { prompt: 'same' } },
        { model: MODEL, input: { prompt: 'same' } },
      ],
    ];
    for (const jobs of calls) {
      await expect(addBatch(queue, jobs)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await queue.count()).toBe(before);
  });
});
