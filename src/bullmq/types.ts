import type { ConnectionOptions } from 'bullmq';
import type { RunOptions } from '../index.js';

// The shapes of `wavespeed-sdk/bullmq`: what a queued job carries, what it returns, the tier.

/** Where the queue lives: a Redis connection (options or an ioredis instance), name and prefix. */
export interface QueueLocation {
  /** Redis connection options (`{ host, port }`, `{ url }`…) or an ioredis instance. */
  connection: ConnectionOptions;
  /** The queue's name. @default 'wavespeed' */
  name?: string | undefined;
  /** Prefix of every Redis key (use a hash tag, `{wavespeed}`, on Redis Cluster). @default 'bull' */
  prefix?: string | undefined;
}

/** The JSON-safe options of a run that a queued job may carry. */
export type QueuedRunOptions = Pick<
  RunOptions,
  'timeout' | 'pollInterval' | 'sync' | 'webhook' | 'base64'
>;

/**
 * One job to enqueue: a model and its input (JSON: files must already be URLs), an optional key
 * (default: a hash of model and input) and run options.
 */
export interface WaveSpeedJob {
  model: string;
  input: Record<string, unknown>;
  /** The job's key, its BullMQ job id: adding a key twice adds the job once. */
  key?: string | undefined;
  runOptions?: QueuedRunOptions | undefined;
}

/**
 * What the worker writes into a job as it goes, so that a worker taking the job over after a
 * crash continues it instead of paying for it again.
 */
export interface WaveSpeedJobProgress {
  /** When (epoch ms) a submit was about to be sent. */
  intentAt?: number | undefined;
  /** The prediction the submit created. */
  predictionId?: string | undefined;
  /** Predictions of earlier attempts that failed (a retry submits anew). */
  failed?: string[] | undefined;
}

/** The data of a queued job: the job as added, plus what the worker recorded. */
export interface WaveSpeedJobData extends WaveSpeedJob {
  wavespeed?: WaveSpeedJobProgress | undefined;
}

/** What a finished job returns. */
export interface WaveSpeedJobResult {
  predictionId: string;
  outputs: string[];
  /** Where the outputs were saved, when the worker downloads them. */
  files?: string[] | undefined;
}

/**
 * The account's rate tier, shared by every worker of the queue: `concurrency` jobs at once and
 * `perMinute` jobs started per minute across all of them.
 */
export interface TierLimits {
  concurrency?: number | undefined;
  perMinute?: number | undefined;
}
