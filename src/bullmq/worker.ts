import type { WorkerOptions as BullWorkerOptions, Worker } from 'bullmq';
import { type ClientOptions, ConfigurationError, WaveSpeedClient } from '../index.js';
import { type Claims, claimsOf } from './claims.js';
import { bullmq } from './peers.js';
import { type ProcessDeps, processorFor } from './process.js';
import { DEFAULT_QUEUE } from './queue.js';
import type { QueueLocation, TierLimits, WaveSpeedJobData, WaveSpeedJobResult } from './types.js';

// Consumers: a BullMQ worker that runs WaveSpeed jobs, sharing the account's tier with every
// other worker of the queue through Redis.

/** A BullMQ worker of WaveSpeed jobs. */
export type WaveSpeedWorker = Worker<WaveSpeedJobData, WaveSpeedJobResult, string>;

/** Options of {@link createWorker}. */
export interface WorkerOptions extends QueueLocation {
  /** The client to run jobs with; by default one is made from `clientOptions` (and the env). */
  client?: WaveSpeedClient | undefined;
  /** Options of the client made when `client` is not given. */
  clientOptions?: ClientOptions | undefined;
  /** The account's tier, across all workers of the queue (kept in Redis). */
  tier?: (TierLimits & { minuteMs?: number | undefined }) | undefined;
  /** Jobs this worker runs at once. @default 10 */
  concurrency?: number | undefined;
  /** Save each job's outputs into `dir` (`<job id>-<n>.<ext>`). */
  download?: { dir: string } | undefined;
  /** BullMQ worker settings passed on (`lockDuration`, `stalledInterval`, `maxStalledCount` …). */
  bullmq?: Omit<BullWorkerOptions, 'connection' | 'concurrency' | 'prefix' | 'autorun'> | undefined;
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new ConfigurationError(`Invalid ${name}: ${String(value)}. Pass a whole number > 0.`);
  }
}

/**
 * Starts a worker that runs the queue's WaveSpeed jobs: it submits each job once (writing the
 * prediction id into the job before waiting), waits with the SDK's polling, reports progress,
 * and returns `{ predictionId, outputs, files? }`. The tier is account-wide: `concurrency` is the
 * queue's global concurrency, `perMinute` its global rate limit, and a 429 pauses every worker.
 * A job taken over after a crash waits on its prediction, or finds its submit in the history;
 * it is never paid for twice. Close it with `worker.close()` (it finishes its running jobs).
 *
 * @example
 * ```ts
 * const worker = await createWorker({
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   tier: { concurrency: 2, perMinute: 10 }, // the default account tier, for all workers together
 * });
 * worker.on('completed', (job, result) => console.log(job.id, result.outputs));
 * ```
 */
export async function createWorker(options: WorkerOptions): Promise<WaveSpeedWorker> {
  const concurrency = options.concurrency ?? 10;
  positive('concurrency', concurrency);
  positive('tier.concurrency', options.tier?.concurrency);
  positive('tier.perMinute', options.tier?.perMinute);
  positive('tier.minuteMs', options.tier?.minuteMs);
  const name = options.name ?? DEFAULT_QUEUE;
  const location = {
    connection: options.connection,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  };
  // The queue object applies the tier and pauses every worker on a 429.
  const queue = new bullmq.Queue(name, location);
  try {
    const { tier } = options;
    if (tier?.concurrency !== undefined) await queue.setGlobalConcurrency(tier.concurrency);
    if (tier?.perMinute !== undefined) {
      await queue.setGlobalRateLimit(tier.perMinute, tier.minuteMs ?? 60_000);
    }
  } catch (error) {
    await queue.close();
    throw error;
  }
  const rateLimit = (ms: number): Promise<void> => queue.rateLimit(Math.max(1, Math.ceil(ms)));
  const client =
    options.client ??
    new WaveSpeedClient({
      maxConcurrency: concurrency,
      ...options.clientOptions,
      onRateLimit: (ms) => {
        options.clientOptions?.onRateLimit?.(ms);
        rateLimit(ms).catch(() => undefined);
      },
    });
  let claims: Claims | undefined;
  const deps: ProcessDeps = {
    client,
    rateLimit,
    download: options.download,
    claims: { claim: (id, jobId) => (claims as Claims).claim(id, jobId) },
  };
  const worker: WaveSpeedWorker = new bullmq.Worker<WaveSpeedJobData, WaveSpeedJobResult, string>(
    name,
    processorFor(deps),
    { ...options.bullmq, ...location, concurrency, autorun: false },
  );
  claims = claimsOf(worker);
  worker.on('closed', () => {
    queue.close().catch(() => undefined);
  });
  worker.run().catch((error: unknown) => {
    worker.emit('error', error instanceof Error ? error : new Error(String(error)));
  });
  return worker;
}
