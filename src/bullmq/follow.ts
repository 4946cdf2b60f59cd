import type { Job } from 'bullmq';
import { bullmq } from './peers.js';
import type { WaveSpeedQueue } from './queue.js';
import type { WaveSpeedJobData, WaveSpeedJobResult } from './types.js';

// Following jobs that workers run: the producer's view of a batch on the queue.

/** How a followed job ended. */
export type FollowedJob =
  | {
      key: string;
      status: 'completed';
      result: WaveSpeedJobResult;
      /** Finished before following started (an earlier run of the producer saw it, or not). */
      earlier: boolean;
    }
  | { key: string; status: 'failed'; reason: string; earlier: boolean };

/** Where a followed batch stands. */
export interface FollowProgress {
  done: number;
  failed: number;
  /** Taken by a worker. */
  running: number;
  /** Waiting for a worker (or missing from the queue). */
  queued: number;
  total: number;
}

/** Options of {@link followBatch}. */
export interface FollowOptions {
  /** Stops following (the jobs keep running on the workers). */
  signal?: AbortSignal | undefined;
  /** Called when the counts change. */
  onProgress?: ((progress: FollowProgress) => void) | undefined;
}

const CHUNK = 500;

function parsed(value: unknown): WaveSpeedJobResult {
  if (typeof value === 'string') return JSON.parse(value) as WaveSpeedJobResult;
  return value as WaveSpeedJobResult;
}

/**
 * Yields each of `keys`' jobs as it finishes on the workers (those already finished first), from
 * the queue's events: a producer's progress view, which can stop and start again at any time
 * (the jobs run on whatever happens to the follower). A key missing from the queue (removed, or
 * never added) ends as failed.
 *
 * @example
 * ```ts
 * const { keys } = await addBatch(queue, jobs);
 * for await (const job of followBatch(queue, keys)) console.log(job.key, job.status);
 * ```
 */
export async function* followBatch(
  queue: WaveSpeedQueue,
  keys: readonly string[],
  options: FollowOptions = {},
): AsyncGenerator<FollowedJob> {
  const { signal } = options;
  signal?.throwIfAborted();
  const pending = new Set(keys);
  const running = new Set<string>();
  const ready: FollowedJob[] = [];
  const tally = { done: 0, failed: 0 };
  let wake: (() => void) | undefined;
  const report = () =>
    options.onProgress?.({
      ...tally,
      running: running.size,
      queued: pending.size - running.size,
      total: keys.length,
    });
  const settle = (job: FollowedJob) => {
    if (!pending.delete(job.key)) return;
    running.delete(job.key);
    if (job.status === 'completed') tally.done += 1;
    else tally.failed += 1;
    ready.push(job);
    report();
    wake?.();
  };
  const events = new bullmq.QueueEvents(queue.name, {
    connection: queue.opts.connection,
    ...(queue.opts.prefix === undefined ? {} : { prefix: queue.opts.prefix }),
  });
  const stopped = () => wake?.();
  signal?.addEventListener('abort', stopped, { once: true });
  try {
    events.on('active', ({ jobId }) => {
      if (pending.has(jobId) && !running.has(jobId)) {
        running.add(jobId);
        report();
      }
    });
    events.on('waiting', ({ jobId }) => {
      // Back in the queue: its worker stopped (or vanished) and another will take it.
      if (running.delete(jobId)) report();
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      settle({ key: jobId, status: 'completed', result: parsed(returnvalue), earlier: false });
    });
    events.on('failed', ({ jobId, failedReason }) => {
      // A failed attempt with attempts left goes back to the queue: only the last one ends it.
      queue.getJobState(jobId).then(
        (state) => {
          if (state === 'failed') {
            settle({ key: jobId, status: 'failed', reason: failedReason, earlier: false });
          }
        },
        () => undefined,
      );
    });
    // Listening first, then looking: a job finishing in between is seen either way.
    await events.waitUntilReady();
    for (let start = 0; start < keys.length; start += CHUNK) {
      signal?.throwIfAborted();
      const chunk = keys.slice(start, start + CHUNK);
      const states = await Promise.all(chunk.map((key) => queue.getJobState(key)));
      const finished = chunk.filter((_, i) => states[i] === 'completed' || states[i] === 'failed');
      const jobs = await Promise.all(finished.map((key) => queue.getJob(key)));
      chunk.forEach((key, i) => {
        if (states[i] === 'active' && pending.has(key)) running.add(key);
        if (states[i] === 'unknown') {
          settle({ key, status: 'failed', reason: 'not in the queue', earlier: true });
        }
      });
      for (const job of jobs as Array<Job<WaveSpeedJobData, WaveSpeedJobResult> | undefined>) {
        if (job?.id === undefined) continue;
        settle(
          job.failedReason !== undefined && job.returnvalue == null
            ? { key: job.id, status: 'failed', reason: job.failedReason, earlier: true }
            : { key: job.id, status: 'completed', result: parsed(job.returnvalue), earlier: true },
        );
      }
    }
    report();
    while (pending.size > 0 || ready.length > 0) {
      const next = ready.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener('abort', stopped);
    await events.close();
  }
}
