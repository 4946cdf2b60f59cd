import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addBatch, createQueue, type WaveSpeedQueue } from '../../src/bullmq/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { type CliProcess, simEnv, startCli } from '../cli/helpers.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { peakInFlight, settled, submissionsPerPrompt } from './helpers.js';

// Real worker processes (the `wavespeed worker` CLI) against one simulator and one Redis.

const MODEL = 'wavespeed-ai/flux-dev';
let redis: TestRedis;
let sim: Simulator;
let queue: WaveSpeedQueue;
let workers: CliProcess[] = [];
let round = 0;
let name = '';

beforeAll(async () => {
  redis = await startRedis({ own: true });
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await sim.close();
});

async function setUp(options: Parameters<typeof createSimulator>[0]): Promise<void> {
  sim = await createSimulator(options);
  round += 1;
  name = `proc-test-${process.pid}-${round}`;
  queue = createQueue({ connection: { host: redis.host, port: redis.port }, name });
}

function startWorker(...extra: string[]): CliProcess {
  const worker = startCli(['worker', '--redis', redis.url, '--queue', name, ...extra], {
    env: simEnv(sim),
  });
  workers.push(worker);
  return worker;
}

function jobs(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    model: MODEL,
    input: { prompt: `${prefix} ${i}` },
  }));
}

describe('wavespeed worker processes', () => {
  it('3 workers × 10 share a 3-concurrent tier: never more in flight, no 429', async () => {
    // The simulator's tier: 3 concurrent, 30 per (speed-scaled) minute of 3 s.
    await setUp({
      speed: 20,
      seed: 11,
      tier: { concurrency: 3, perMinute: 30 },
      jobDuration: 3_000,
    });
    // BullMQ counts its rate in fixed windows: half the tier's rate never passes a sliding one.
    const tier = 'concurrency=3,perMinute=15,minuteMs=3000';
    await Promise.all(
      [1, 2, 3].map(async () => {
        const worker = startWorker('--concurrency', '10', '--tier', tier);
        await worker.waitFor(/Worker on queue/);
      }),
    );
    await addBatch(queue, jobs(24, 'tier'));
    await settled(queue, 24);
    expect(await queue.getJobCounts('completed')).toMatchObject({ completed: 24 });
    expect(peakInFlight(sim)).toBeLessThanOrEqual(3);
    expect(sim.state.requests.filter((r) => r.status === 429)).toEqual([]);
    expect([...submissionsPerPrompt(sim).values()].every((n) => n === 1)).toBe(true);
  });

  it('a worker killed mid-job: another takes its jobs over, every job runs once', async () => {
    await setUp({ speed: 20, seed: 12, jobDuration: 4_000 });
    // Some submits are answered late, after the job exists: a kill can land between the two.
    sim.inject({ route: 'submit', delayMs: 300, afterCreate: true, times: 4 });
    const doomed = startWorker('--concurrency', '4', '--stall-timeout', '1');
    await doomed.waitFor(/Worker on queue/);
    await addBatch(queue, jobs(12, 'crash'));
    // Kill it once it has jobs in flight, some of them inside a delayed submit.
    while (sim.state.jobs.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const survivor = startWorker('--concurrency', '4', '--stall-timeout', '1');
    await survivor.waitFor(/Worker on queue/);
    await settled(queue, 12);
    expect(await queue.getJobCounts('completed', 'failed')).toMatchObject({
      completed: 12,
      failed: 0,
    });
    const perPrompt = submissionsPerPrompt(sim);
    expect(perPrompt.size).toBe(12);
    expect([...perPrompt.entries()].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('Redis restarted mid-batch: the workers reconnect and finish', async () => {
    await setUp({ speed: 20, seed: 13, jobDuration: 3_000 });
    for (let i = 0; i < 2; i += 1) {
      const worker = startWorker('--concurrency', '3', '--stall-timeout', '2');
      await worker.waitFor(/Worker on queue/);
    }
    await addBatch(queue, jobs(12, 'restart'));
    while (sim.state.jobs.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await redis.restart(500);
    await settled(queue, 12);
    expect(await queue.getJobCounts('completed', 'failed')).toMatchObject({
      completed: 12,
      failed: 0,
    });
    expect([...submissionsPerPrompt(sim).values()].every((n) => n === 1)).toBe(true);
  });
});
