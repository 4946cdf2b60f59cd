import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../../src/bullmq/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { submissionsPerPrompt } from '../../bullmq/helpers.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { type CliProcess, runCli, simEnv, startCli } from '../helpers.js';

// `wavespeed batch <file> --redis`: enqueue for worker processes, follow them, follow again.

const MODEL = 'wavespeed-ai/flux-dev';
let redis: TestRedis;
let sim: Simulator;
let dir: string;
let workers: CliProcess[] = [];
let round = 0;

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
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function setUp(count: number): Promise<{ file: string; queue: string }> {
  sim = await createSimulator({ speed: 20, seed: 21, jobDuration: 2_000 });
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-enqueue-'));
  round += 1;
  const file = join(dir, 'jobs.jsonl');
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ prompt: `queued ${i}` }));
  await writeFile(file, `${lines.join('\n')}\n`);
  return { file, queue: `enqueue-test-${process.pid}-${round}` };
}

function worker(queue: string): CliProcess {
  const w = startCli(['worker', '--redis', redis.url, '--queue', queue, '--concurrency', '4'], {
    env: simEnv(sim),
  });
  workers.push(w);
  return w;
}

describe('wavespeed batch --redis', () => {
  it('enqueues for the workers, follows them to the end, and a re-run adds nothing', async () => {
    const { file, queue } = await setUp(10);
    await worker(queue).waitFor(/Worker on queue/);
    const args = ['batch', file, '--model', MODEL, '--redis', redis.url, '--queue', queue];
    const first = await runCli([...args, '--json'], { env: simEnv(sim) });
    expect(first.code, first.stderr).toBe(0);
    const results = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; status: string; predictionId: string });
    expect(results.map((r) => r.line).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(results.every((r) => r.status === 'completed' && r.predictionId)).toBe(true);

    const again = await runCli(args, { env: simEnv(sim) });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Queued 0 new job\(s\) .*\(10 were there already\)/);
    expect(again.stderr).toMatch(/10 completed \(10 before this run\), 0 failed/);
    const perPrompt = submissionsPerPrompt(sim);
    expect(perPrompt.size).toBe(10);
    expect([...perPrompt.values()].every((n) => n === 1)).toBe(true);
    const q = createQueue({ connection: { host: redis.host, port: redis.port }, name: queue });
    await q.obliterate({ force: true });
    await q.close();
  });

  it('Ctrl-C stops following, not the jobs; a re-run follows them to the end', async () => {
    const { file, queue } = await setUp(6);
    const args = ['batch', file, '--model', MODEL, '--redis', redis.url, '--queue', queue];
    // No worker yet: the jobs wait in the queue while the first run follows them.
    const follower = startCli(args, { env: simEnv(sim) });
    await follower.waitFor(/Queued 6 new job/);
    follower.child.kill('SIGINT');
    const stopped = await follower.exited;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/workers keep running them; run the same command again/);
    await worker(queue).waitFor(/Worker on queue/);
    const resumed = await runCli(args, { env: simEnv(sim) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/Queued 0 new job/);
    expect(resumed.stderr).toMatch(/6 completed/);
    expect(sim.state.jobs).toHaveLength(6);
    const q = createQueue({ connection: { host: redis.host, port: redis.port }, name: queue });
    await q.obliterate({ force: true });
    await q.close();
  });

  it('refuses the flags of a local run', async () => {
    const { file } = await setUp(1);
    const result = await runCli(
      ['batch', file, '--model', MODEL, '--redis', redis.url, '--output-dir', dir],
      { env: simEnv(sim) },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--output-dir is for local runs, not with --redis: pass it to `wavespeed worker`/,
    );
    expect(sim.state.jobs).toHaveLength(0);
  });
});
