import {
  APIError,
  ConnectionError,
  NotFoundError,
  PredictionFailedError,
  PredictionTimeoutError,
  RequestTimeoutError,
} from './errors.js';
import type { Logger } from './logger.js';
import { abortableSleep, isTransient } from './retry.js';

/**
 * Statuses after which a prediction never changes. Only `completed` is a success.
 *
 * @example
 * ```ts
 * TERMINAL_STATUSES.has('failed'); // true
 * ```
 */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'failed',
  'cancelled',
  'timeout',
  'deleted',
]);

/** Poll schedule constants (ms). */
export const POLL_SCHEDULE = {
  /** First check of a job of a model never seen before. */
  first: 250,
  /** Interval ceiling; a fixed 1 s poll is never beaten on latency by anything slower. */
  cap: 1_000,
  /** Dense interval around a learned expected end. */
  dense: 200,
  /** Longest single sleep before the expected end, so an early failure is still noticed. */
  maxSleep: 15_000,
  /** How long a 404 for a just-created id is treated as "not visible yet". */
  notFoundGrace: 5_000,
  /** Default overall deadline of wait()/run(). */
  timeout: 600_000,
} as const;

/** What the learner knows about one model's job duration (submit → completed), in ms. */
export interface DurationEstimate {
  mean: number;
  deviation: number;
  samples: number;
}

/**
 * Per-client memory of how long each model's jobs take (EWMA of observed submit → completion
 * time and its mean absolute deviation), used to sleep until just before the expected end.
 *
 * @example
 * ```ts
 * const learner = new DurationLearner();
 * learner.record('wavespeed-ai/flux-dev', 2800, 3000);
 * learner.estimate('wavespeed-ai/flux-dev'); // { mean: 2900, … }
 * ```
 */
export class DurationLearner {
  readonly #stats = new Map<string, DurationEstimate>();
  readonly #alpha: number;
  readonly #maxModels: number;

  constructor(options: { alpha?: number; maxModels?: number } = {}) {
    this.#alpha = options.alpha ?? 0.3;
    this.#maxModels = options.maxModels ?? 500;
  }

  /** The current estimate for `model`, if any job of it was seen finishing. */
  estimate(model: string): DurationEstimate | undefined {
    return this.#stats.get(model);
  }

  /**
   * Records one finished job: it completed somewhere between `lower` (last poll that saw it
   * running) and `upper` (the poll that saw it done), both ms after submit.
   */
  record(model: string, lower: number, upper: number): void {
    const lo = Math.max(0, Math.min(lower, upper));
    const sample = (lo + Math.max(lower, upper)) / 2;
    const spread = (Math.max(lower, upper) - lo) / 2;
    const previous = this.#stats.get(model);
    if (previous === undefined) {
      if (this.#stats.size >= this.#maxModels) {
        const oldest = this.#stats.keys().next().value;
        if (oldest !== undefined) this.#stats.delete(oldest);
      }
      this.#stats.set(model, {
        mean: sample,
        deviation: Math.max(spread, sample * 0.1),
        samples: 1,
      });
      return;
    }
    const a = this.#alpha;
    const error = Math.abs(sample - previous.mean);
    this.#stats.set(model, {
      mean: previous.mean + a * (sample - previous.mean),
      deviation: Math.max(spread, previous.deviation + a * (error - previous.deviation)),
      samples: previous.samples + 1,
    });
  }
}

/** Inputs of {@link nextPollDelay}. */
export interface PollState {
  /** ms since the job was submitted. */
  elapsed: number;
  /** Polls done so far. */
  polls: number;
  /** Learned duration of this model, if any. */
  estimate?: DurationEstimate | undefined;
  /** Fixed interval chosen by the user. */
  fixed?: number | undefined;
}

/**
 * The adaptive schedule as a pure function: how long to sleep before the next poll.
 * - fixed interval when the user chose one;
 * - unknown model: a quick first look, then a ramp up to 1 s (never slower than a 1 s poll);
 * - learned model: one sleep to just before the expected end, then dense polls, easing back
 *   toward 1 s once the job is clearly later than usual.
 *
 * @example
 * ```ts
 * nextPollDelay({ elapsed: 0, polls: 0 }); // 250
 * nextPollDelay({ elapsed: 0, polls: 0, estimate: { mean: 5000, deviation: 100, samples: 3 } }); // ~4500
 * ```
 */
export function nextPollDelay(state: PollState): number {
  const { elapsed, polls, estimate, fixed } = state;
  if (fixed !== undefined) return fixed;
  if (estimate === undefined) {
    if (polls === 0) return Math.max(0, POLL_SCHEDULE.first - elapsed);
    return Math.min(POLL_SCHEDULE.cap, 250 + 250 * polls);
  }
  const margin = Math.max(150, 2 * estimate.deviation + 0.03 * estimate.mean);
  const wakeAt = estimate.mean - margin;
  if (elapsed < wakeAt) {
    return Math.min(POLL_SCHEDULE.maxSleep, Math.max(POLL_SCHEDULE.dense, wakeAt - elapsed));
  }
  const late = elapsed - (estimate.mean + margin);
  if (late <= 0) return POLL_SCHEDULE.dense;
  return Math.min(POLL_SCHEDULE.cap, Math.round(POLL_SCHEDULE.dense + late * 0.25));
}

/** The fields of a prediction the poller reads. */
export interface Pollable {
  id: string;
  model: string;
  status: string;
  error?: string | undefined;
}

/**
 * Options of a wait.
 *
 * @example
 * ```ts
 * const options: WaitOptions = { timeout: 120_000, onProgress: (p) => console.log(p.status) };
 * ```
 */
export interface WaitOptions<P extends Pollable = Pollable> {
  /**
   * Overall deadline in ms; on expiry a `PredictionTimeoutError` carries the id.
   * @default 600_000
   */
  timeout?: number | undefined;
  /** Fixed interval in ms instead of the adaptive schedule. */
  pollInterval?: number | undefined;
  /** Stops waiting at once; the promise rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Called with the prediction each time its status changes. */
  onProgress?: ((prediction: P) => void) | undefined;
}

/** What {@link pollUntilDone} needs. */
export interface PollJob<P extends Pollable> extends WaitOptions<P> {
  id: string;
  /** Fetches the prediction once. */
  fetch: (signal: AbortSignal) => Promise<P>;
  /** The prediction as known at the start (e.g. the submit response). */
  initial?: P | undefined;
  /** When the job was submitted (epoch ms); defaults to now. */
  submittedAt?: number | undefined;
  /** Whether the job was just created by this client (a 404 then means "not visible yet"). */
  justCreated?: boolean;
  learner?: DurationLearner | undefined;
  logger?: Logger | undefined;
}

const DEADLINE = Symbol('deadline');

function attachId(error: unknown, id: string): unknown {
  if (
    (error instanceof APIError ||
      error instanceof ConnectionError ||
      error instanceof RequestTimeoutError) &&
    error.predictionId === undefined
  ) {
    Object.defineProperty(error, 'predictionId', { value: id, enumerable: true });
  }
  return error;
}

/**
 * Polls a prediction until it reaches a terminal status, on the adaptive schedule, within an
 * overall deadline. Transient failures are retried inside the deadline; the id is never lost.
 * Every timer is cleared when it settles.
 *
 * @example
 * ```ts
 * const done = await pollUntilDone({ id, fetch: (signal) => client.predictions.get(id, { signal }) });
 * ```
 */
export async function pollUntilDone<P extends Pollable>(job: PollJob<P>): Promise<P> {
  const timeout = job.timeout ?? POLL_SCHEDULE.timeout;
  const startedAt = Date.now();
  const submittedAt = job.submittedAt ?? startedAt;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(DEADLINE), Math.min(timeout, 2_147_483_647));
  const signal = job.signal ? AbortSignal.any([job.signal, deadline.signal]) : deadline.signal;
  let last: P | undefined = job.initial;
  let lastStatus = job.initial?.status ?? 'unknown';
  let lastRunningAt = 0;
  let polls = 0;
  let lastError: unknown;
  const model = job.initial?.model;
  const estimate = (): DurationEstimate | undefined =>
    model === undefined ? undefined : job.learner?.estimate(model);

  const timedOut = (): PredictionTimeoutError =>
    new PredictionTimeoutError({
      predictionId: job.id,
      lastStatus,
      timeout,
      ...(lastError === undefined ? {} : { cause: lastError }),
    });

  const progress = (prediction: P): void => {
    if (prediction.status === lastStatus && last !== undefined) return;
    lastStatus = prediction.status;
    try {
      job.onProgress?.(prediction);
    } catch (error) {
      job.logger?.warn('onProgress threw; ignoring it', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const finish = (prediction: P): P => {
    if (prediction.status === 'completed') {
      const upper = Date.now() - submittedAt;
      job.learner?.record(prediction.model, Math.max(lastRunningAt, upper - 1_000), upper);
      return prediction;
    }
    throw new PredictionFailedError(prediction);
  };

  try {
    if (job.initial !== undefined) {
      job.onProgress?.(job.initial);
      if (TERMINAL_STATUSES.has(job.initial.status)) return finish(job.initial);
      lastRunningAt = Date.now() - submittedAt;
    }
    for (;;) {
      const delay = nextPollDelay({
        elapsed: Date.now() - submittedAt,
        polls,
        estimate: estimate(),
        fixed: job.pollInterval,
      });
      if (delay > 0) await abortableSleep(delay, signal);
      polls += 1;
      let current: P;
      try {
        current = await job.fetch(signal);
      } catch (error) {
        if (job.signal?.aborted) throw job.signal.reason;
        if (deadline.signal.aborted) throw timedOut();
        const fresh = Date.now() - submittedAt < POLL_SCHEDULE.notFoundGrace;
        if (error instanceof NotFoundError && (job.justCreated ?? true) && fresh) {
          lastError = error;
          continue;
        }
        if (isTransient(error)) {
          lastError = error;
          job.logger?.info(`poll of ${job.id} failed; retrying`, {
            error: error instanceof Error ? error.name : 'unknown',
          });
          continue;
        }
        throw attachId(error, job.id);
      }
      lastError = undefined;
      progress(current);
      last = current;
      if (TERMINAL_STATUSES.has(current.status)) return finish(current);
      lastRunningAt = Date.now() - submittedAt;
    }
  } catch (error) {
    if (job.signal?.aborted) throw job.signal.reason;
    if (
      error === DEADLINE ||
      (deadline.signal.aborted && !(error instanceof PredictionFailedError))
    ) {
      throw timedOut();
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
