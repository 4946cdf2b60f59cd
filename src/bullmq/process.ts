import type { Job } from 'bullmq';
import {
  type Prediction,
  PredictionFailedError,
  RateLimitError,
  saveOutputs,
  ValidationError,
  type WaveSpeedClient,
} from '../index.js';
import type { Claims } from './claims.js';
import { bullmq } from './peers.js';
import type { WaveSpeedJobData, WaveSpeedJobProgress, WaveSpeedJobResult } from './types.js';

// One queued job, start to end: submit once (the intent written first, the prediction id
// written right after), or take over a job another worker left (wait on its id, or find its
// submit in the history), then wait with the SDK's polling and return the outputs.

/** How far before the intent the history is searched (clocks of workers and API differ). */
const CLOCK_SLACK_MS = 5_000;

/** What processing a job uses. */
export interface ProcessDeps {
  client: WaveSpeedClient;
  claims: Claims;
  /** Pauses the whole queue (every worker) for `ms`. */
  rateLimit: (ms: number) => Promise<void>;
  download?: { dir: string } | undefined;
}

type WaveSpeedQueueJob = Job<WaveSpeedJobData, WaveSpeedJobResult, string>;

/** The job's model and input, or an unrecoverable error (retrying a malformed job won't help). */
function shapeOf(data: WaveSpeedJobData): { model: string; input: Record<string, unknown> } {
  const input: unknown = data?.input;
  if (typeof data?.model !== 'string' || typeof input !== 'object' || input === null) {
    throw new bullmq.UnrecoverableError(
      'The job has no model and input: add jobs with addBatch(queue, [{ model, input }]).',
    );
  }
  return { model: data.model, input: input as Record<string, unknown> };
}

async function record(job: WaveSpeedQueueJob, progress: WaveSpeedJobProgress): Promise<void> {
  await job.updateData({ ...job.data, wavespeed: progress });
}

/**
 * A submit whose answer was lost (the worker died between the POST and writing the id): the
 * oldest job in the history with this input that no other queued job owns is this one's.
 */
async function recover(
  deps: ProcessDeps,
  job: WaveSpeedQueueJob,
  model: string,
  input: Record<string, unknown>,
  intentAt: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const found = await deps.client.predictions.find({
    model,
    input,
    from: new Date(intentAt - CLOCK_SLACK_MS),
    signal,
  });
  const failed = new Set(job.data.wavespeed?.failed ?? []);
  for (const candidate of [...found].reverse()) {
    if (failed.has(candidate.id)) continue;
    if (await deps.claims.claim(candidate.id, String(job.id))) return candidate.id;
  }
  return undefined;
}

async function submit(
  deps: ProcessDeps,
  job: WaveSpeedQueueJob,
  model: string,
  input: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<string> {
  const progress: WaveSpeedJobProgress = { ...job.data.wavespeed, intentAt: Date.now() };
  delete progress.predictionId;
  // Written before the POST: a worker that takes the job over knows a submit may exist.
  await record(job, progress);
  const options = job.data.runOptions ?? {};
  let prediction: Prediction;
  try {
    prediction = await deps.client.predictions.submit(model, input, {
      ...(options.sync === undefined ? {} : { sync: options.sync }),
      ...(options.webhook === undefined ? {} : { webhook: options.webhook }),
      ...(options.base64 === undefined ? {} : { base64: options.base64 }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      signal,
    });
  } catch (error) {
    if (error instanceof RateLimitError || error instanceof ValidationError) {
      // Both prove that no job was created: the intent goes.
      delete progress.intentAt;
      await record(job, progress);
    }
    throw error;
  }
  await deps.claims.claim(prediction.id, String(job.id));
  await record(job, { ...progress, predictionId: prediction.id });
  return prediction.id;
}

/**
 * The processor of a WaveSpeed worker.
 *
 * @example
 * ```ts
 * const worker = new Worker(name, processorFor({ client, claims, rateLimit }), { connection });
 * ```
 */
export function processorFor(deps: ProcessDeps) {
  return async (
    job: WaveSpeedQueueJob,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<WaveSpeedJobResult> => {
    const { model, input } = shapeOf(job.data);
    const state = job.data.wavespeed ?? {};
    let id = state.predictionId;
    try {
      if (id === undefined && state.intentAt !== undefined) {
        id = await recover(deps, job, model, input, state.intentAt, signal);
      }
      id ??= await submit(deps, job, model, input, signal);
      if (state.predictionId === undefined && job.data.wavespeed?.predictionId !== id) {
        await record(job, { ...job.data.wavespeed, predictionId: id });
      }
      const options = job.data.runOptions ?? {};
      await job.updateProgress({ predictionId: id, status: 'submitted' });
      const done = await deps.client.predictions.wait(id, {
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.pollInterval === undefined ? {} : { pollInterval: options.pollInterval }),
        signal,
        onProgress: (p) => {
          job.updateProgress({ predictionId: p.id, status: p.status }).catch(() => undefined);
        },
      });
      const files =
        deps.download === undefined
          ? undefined
          : await saveOutputs(done.outputs, deps.download.dir, {
              name: String(job.id),
              predictionId: done.id,
              signal,
            });
      return {
        predictionId: done.id,
        outputs: done.outputs,
        ...(files === undefined ? {} : { files }),
      };
    } catch (error) {
      throw await failure(deps, job, error);
    }
  };
}

/** The error the job fails (or is put back) with; what a retry needs is recorded first. */
async function failure(
  deps: ProcessDeps,
  job: WaveSpeedQueueJob,
  error: unknown,
): Promise<unknown> {
  if (error instanceof RateLimitError) {
    // Every worker backs off; the job goes back to the queue without using an attempt.
    await deps.rateLimit(error.retryAfter ?? 1_000);
    return bullmq.Worker.RateLimitError();
  }
  if (error instanceof PredictionFailedError) {
    // The prediction itself failed: a retry (per the queue's attempts) submits a new one.
    const progress = job.data.wavespeed ?? {};
    await record(job, { failed: [...(progress.failed ?? []), error.predictionId] });
    return new Error(
      `PredictionFailedError: prediction ${error.predictionId} ended "${error.status}": ` +
        (error.error || 'no error text'),
    );
  }
  if (error instanceof ValidationError && error.status === undefined) {
    // Found before any request: the same input will fail again.
    return new bullmq.UnrecoverableError(error.message);
  }
  return error;
}
