/**
 * `wavespeed-sdk/bullmq`: run WaveSpeed jobs on BullMQ + Redis, many workers sharing one
 * account's rate tier, re-attaching to their predictions after a crash. Needs the optional
 * peers `bullmq` (6) and `ioredis` (5): importing this without them fails with the install
 * command.
 *
 * @example
 * ```ts
 * import { addBatch, createQueue, createWorker } from 'wavespeed-sdk/bullmq';
 *
 * const connection = { host: '127.0.0.1', port: 6379 };
 * await addBatch(createQueue({ connection }), [{ model: 'wavespeed-ai/flux-dev', input: { prompt: 'A fox' } }]);
 * const worker = await createWorker({ connection, tier: { concurrency: 2, perMinute: 10 } });
 * ```
 *
 * @module
 */
export {
  type FollowedJob,
  type FollowOptions,
  type FollowProgress,
  followBatch,
} from './follow.js';
export { addBatch, createQueue, DEFAULT_QUEUE, type WaveSpeedQueue } from './queue.js';
export type {
  QueuedRunOptions,
  QueueLocation,
  TierLimits,
  WaveSpeedJob,
  WaveSpeedJobData,
  WaveSpeedJobProgress,
  WaveSpeedJobResult,
} from './types.js';
export { createWorker, type WaveSpeedWorker, type WorkerOptions } from './worker.js';
