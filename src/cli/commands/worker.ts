import { parsePositiveInt } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { parseRedisUrl, parseTier } from '../redis.js';

/**
 * `wavespeed worker`: a BullMQ worker that runs the queue's WaveSpeed jobs until stopped.
 */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run queued jobs from Redis (BullMQ), sharing the account tier with other workers',
  usage:
    'wavespeed worker --redis <url> [--queue <name>] [--concurrency <n>] [--tier concurrency=2,perMinute=10] [--output-dir <dir>]',
  description:
    'Takes jobs from the BullMQ queue (enqueue them with `wavespeed batch <file> --redis <url>` ' +
    'or addBatch() from wavespeed-sdk/bullmq) and runs them until Ctrl-C or SIGTERM: the first ' +
    'stops taking jobs and finishes the running ones; a second stops at once, and the running ' +
    'jobs go back to the queue, where another worker continues them (never submitting twice). ' +
    'The tier is account-wide: every worker of the queue shares it. Needs the optional packages ' +
    'bullmq and ioredis (npm i bullmq@6 ioredis@5) and a Redis server.',
  options: {
    redis: { type: 'string', value: 'url', description: 'Redis URL, e.g. redis://127.0.0.1:6379' },
    queue: { type: 'string', value: 'name', description: 'Queue name (default: wavespeed)' },
    concurrency: {
      type: 'string',
      value: 'n',
      description: 'Jobs this worker runs at once (default 10)',
    },
    tier: {
      type: 'string',
      value: 'limits',
      description: 'Account tier for all workers: concurrency=<n>,perMinute=<n>',
    },
    'output-dir': { type: 'string', value: 'dir', description: 'Save outputs into this folder' },
    'stall-timeout': {
      type: 'string',
      value: 'seconds',
      description: 'How soon a job whose worker vanished is taken over (default 30)',
    },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed worker --redis redis://127.0.0.1:6379 --tier concurrency=2,perMinute=10',
    'wavespeed worker --redis redis://127.0.0.1:6379 --concurrency 20 --output-dir ./out',
  ],
  async run(ctx) {
    const rawRedis = ctx.flags.string('redis') ?? ctx.env.REDIS_URL;
    if (rawRedis === undefined) {
      throw new UsageError('--redis <url> is required (or set REDIS_URL)', 'worker');
    }
    const connection = parseRedisUrl(rawRedis, 'worker');
    const rawConcurrency = ctx.flags.string('concurrency');
    const rawTier = ctx.flags.string('tier');
    const rawStall = ctx.flags.string('stall-timeout');
    const stallMs =
      rawStall === undefined
        ? 30_000
        : parsePositiveInt('--stall-timeout', rawStall, 'worker') * 1000;
    const outputDir = ctx.flags.string('output-dir');
    const clientOptions = ctx.clientOptions();
    // Loaded only now: nothing else in the CLI needs bullmq, and without it this explains how
    // to install it.
    const { createWorker } = await import('../../bullmq/index.js');
    const worker = await createWorker({
      connection,
      name: ctx.flags.string('queue'),
      clientOptions,
      ...(rawConcurrency === undefined
        ? {}
        : { concurrency: parsePositiveInt('--concurrency', rawConcurrency, 'worker') }),
      ...(rawTier === undefined ? {} : { tier: parseTier(rawTier, 'worker') }),
      ...(outputDir === undefined ? {} : { download: { dir: outputDir } }),
      bullmq: { lockDuration: stallMs, stalledInterval: stallMs, maxStalledCount: 5 },
    });
    let done = 0;
    let failed = 0;
    worker.on('completed', (job, result) => {
      done += 1;
      ctx.out.note(`done ${job.id} (prediction ${result.predictionId})`);
    });
    worker.on('failed', (job, error) => {
      failed += 1;
      ctx.out.warn(`failed ${job?.id ?? '?'}: ${error.message}`);
    });
    worker.on('error', (error) => ctx.out.warn(`worker: ${error.message}`));
    ctx.out.note(
      `Worker on queue "${worker.name}" at ${connection.host}:${connection.port}; Ctrl-C stops it.`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.out.note('Stopping: finishing the running jobs (Ctrl-C again to stop at once)…');
    await worker.close();
    ctx.out.result({ done, failed }, `Worker stopped: ${done} done, ${failed} failed.`);
    return undefined;
  },
};
