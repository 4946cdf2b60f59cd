import type { Queue } from 'bullmq';
import { jobKey, ValidationError } from '../index.js';
import { modelIdIssues } from '../models/model-id.js';
import { bullmq } from './peers.js';
import type { QueueLocation, WaveSpeedJob, WaveSpeedJobData, WaveSpeedJobResult } from './types.js';

// Producers: the queue, and adding a batch of jobs to it under stable ids.

/** A BullMQ queue of WaveSpeed jobs. */
export type WaveSpeedQueue = Queue<WaveSpeedJobData, WaveSpeedJobResult, string>;

/** The default queue name. */
export const DEFAULT_QUEUE = 'wavespeed';
const CHUNK = 500;

/**
 * A BullMQ queue for WaveSpeed jobs (close it with `queue.close()`).
 *
 * @example
 * ```ts
 * const queue = createQueue({ connection: { host: '127.0.0.1', port: 6379 } });
 * await addBatch(queue, prompts.map((prompt) => ({ model: 'wavespeed-ai/flux-dev', input: { prompt } })));
 * ```
 */
export function createQueue(location: QueueLocation): WaveSpeedQueue {
  return new bullmq.Queue<WaveSpeedJobData, WaveSpeedJobResult, string>(
    location.name ?? DEFAULT_QUEUE,
    {
      connection: location.connection,
      ...(location.prefix === undefined ? {} : { prefix: location.prefix }),
    },
  );
}

/** Whether a value holds data that does not survive JSON (a queued job is stored as JSON). */
function holdsFiles(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (value instanceof Blob || value instanceof Uint8Array || value instanceof URL) return true;
  return Object.values(value).some((item) => holdsFiles(item, depth + 1));
}

/** Checks one job before anything is enqueued; returns its key. */
function checked(job: WaveSpeedJob, index: number): string {
  const issues = modelIdIssues(job?.model, `jobs[${index}].model`);
  const input: unknown = job?.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.push({ path: `jobs[${index}].input`, message: 'must be an object of model fields' });
  } else if (holdsFiles(input)) {
    issues.push({
      path: `jobs[${index}].input`,
      message: 'holds a file (Blob, bytes or URL object): upload it first and pass its URL',
    });
  }
  const key: unknown = job?.key;
  if (key !== undefined && (typeof key !== 'string' || key.trim() === '' || /^\d+$/.test(key))) {
    issues.push({
      path: `jobs[${index}].key`,
      message: 'must be a non-empty string that is not a plain number (BullMQ ids)',
    });
  }
  if (issues.length > 0) throw ValidationError.fromIssues('Invalid batch', issues);
  return job.key ?? jobKey(job.model, job.input);
}

/**
 * Adds jobs to the queue, each under its key as the BullMQ job id: adding the same key twice
 * adds the job once, so running an enqueue script again does not double the work (or the bill).
 * Every job is checked before any is added; two jobs with one key in a call is an error.
 *
 * @example
 * ```ts
 * const { added, existing } = await addBatch(queue, jobs); // run it again: added 0
 * ```
 */
export async function addBatch(
  queue: WaveSpeedQueue,
  jobs: Iterable<WaveSpeedJob>,
): Promise<{ added: number; existing: number; keys: string[] }> {
  const list = [...jobs];
  const keys = list.map(checked);
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = seen.get(key);
    if (first !== undefined) {
      throw ValidationError.fromIssues('Invalid batch', [
        {
          path: `jobs[${index}].key`,
          message: `the same key as jobs[${first}] (${key}): give the jobs their own keys`,
        },
      ]);
    }
    seen.set(key, index);
  });
  let added = 0;
  for (let start = 0; start < list.length; start += CHUNK) {
    const slice = list.slice(start, start + CHUNK);
    const ids = keys.slice(start, start + CHUNK);
    const before = await Promise.all(ids.map((id) => queue.getJob(id)));
    await queue.addBulk(
      slice.map((job, i) => ({
        name: job.model,
        data: {
          model: job.model,
          input: job.input,
          ...(job.key === undefined ? {} : { key: job.key }),
          ...(job.runOptions === undefined ? {} : { runOptions: job.runOptions }),
        },
        opts: { jobId: ids[i] as string },
      })),
    );
    added += before.filter((existing) => existing === undefined).length;
  }
  return { added, existing: list.length - added, keys };
}
