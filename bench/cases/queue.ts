import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { startRedis } from '../../test/helpers/redis.js';
import { startSimProcess } from '../lib/child.js';
import { DIST } from '../lib/paths.js';
import { type CaseResult, compare } from '../lib/results.js';
import { round } from '../lib/stats.js';

const JOBS = 200;
const JOB_MS = 1_000;
const WORKERS = 4;
const TIER = 8;
const MODEL = 'wavespeed-ai/flux-dev';

async function commandsProcessed(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

function startWorker(
  redisUrl: string,
  queue: string,
  sim: { url: string; apiKey: string },
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      `${DIST}/cli/index.js`,
      'worker',
      '--redis',
      redisUrl,
      '--queue',
      queue,
      '--concurrency',
      String(TIER),
      '--tier',
      `concurrency=${TIER},perMinute=100000`,
    ],
    {
      env: {
        ...process.env,
        WAVESPEED_BASE_URL: sim.url,
        WAVESPEED_API_KEY: sim.apiKey,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stderr as NonNullable<ChildProcess['stderr']> });
    lines.on('line', (line) => {
      if (/Worker on queue/.test(line)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before it started`)));
  });
}

/**
 * 200 jobs of 1 s through 4 `wavespeed worker` processes sharing a tier of 8 concurrent jobs:
 * the wall time against the ideal (jobs × duration ÷ tier), and Redis commands per job.
 */
export async function queueCase(): Promise<CaseResult> {
  const redis = await startRedis({ own: true });
  const sim = await startSimProcess({
    jobDuration: JOB_MS,
    balance: 1e9,
    seed: 5,
    tier: { concurrency: TIER, perMinute: 100_000 },
  });
  const workers: ChildProcess[] = [];
  const { addBatch, createQueue } = await import(`${DIST}/bullmq/index.js`);
  const name = `bench-${process.pid}`;
  const queue = createQueue({ connection: { host: redis.host, port: redis.port }, name });
  const monitor = new Redis({ host: redis.host, port: redis.port });
  try {
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(redis.url, name, sim));
    const jobs = Array.from({ length: JOBS }, (_, i) => ({
      model: MODEL,
      input: { prompt: `queue bench ${i}` },
    }));
    const before = await commandsProcessed(monitor);
    const started = performance.now();
    await addBatch(queue, jobs);
    let polls = 0;
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      polls += 1;
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= JOBS) {
        if (counts.failed) throw new Error(`${counts.failed} job(s) failed`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const commands = (await commandsProcessed(monitor)) - before;
    const ideal = (JOBS * JOB_MS) / 1000 / TIER;
    const stats = await sim.stats();
    return {
      name: 'queue',
      title: 'BullMQ workers',
      details: {
        jobs: JOBS,
        workers: WORKERS,
        tier: TIER,
        seconds,
        ideal,
        commands,
        polls,
        sim: stats,
      },
      comparisons: [
        compare({
          id: 'queue.wall',
          group: 'Queue',
          label: `${JOBS} jobs of ${JOB_MS / 1000} s, ${WORKERS} worker processes, tier of ${TIER}: wall time`,
          unit: 's',
          ours: seconds,
          baseline: ideal,
          baselineName: 'ideal (jobs × duration ÷ tier)',
          better: 'lower',
          target: { on: 'ratio', op: '<=', value: 1.15 },
          why: `Redis processed ${commands} commands for the run: ${round(commands / JOBS, 1)} per job (this monitor's ${polls} count checks included).`,
        }),
        compare({
          id: 'queue.redis',
          group: 'Queue',
          label: 'Redis commands per job (producer, workers, the tier, this monitor)',
          unit: 'commands',
          ours: commands / JOBS,
          baseline: commands / JOBS,
          baselineName: 'itself',
          better: 'lower',
          note: 'informational',
        }),
      ],
      method: [
        `A redis-server of its own; the simulator in its own process with a tier of ${TIER} concurrent jobs; ${WORKERS} \`wavespeed worker\` processes (concurrency ${TIER} each, \`--tier concurrency=${TIER}\`), then \`addBatch\` of ${JOBS} jobs of ${JOB_MS} ms. Wall time from the add to the last completion; Redis \`total_commands_processed\` over the same span.`,
      ],
      tables: [],
    };
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    monitor.disconnect();
    await sim.close();
    await redis.stop();
  }
}
