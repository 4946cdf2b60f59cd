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

/**
 * Poll schedule constants (ms).
 *
 * @example
 * ```ts
 * POLL_SCHEDULE.timeout; // 600000: the default deadline of wait() and run()
 * ```
 */
export const POLL_SCHEDULE = {
  /** First check of a job of a model never seen before. */
  first: 500,
  /** Interval for a model never seen before, and the ceiling of every interval. */
  cap: 1_000,
  /** Intervals tried around a learned expected end. */
  dense: [150, 200, 250, 300, 400] as readonly number[],
  /** Longest single sleep before the expected end, so an early failure is still noticed. */
  maxSleep: 30_000,
  /** How long a 404 for a just-created id is treated as "not visible yet". */
  notFoundGrace: 5_000,
  /** Default overall deadline of wait()/run(). */
  timeout: 600_000,
} as const;

/**
 * What is known about one model's job durations (submit → completed, ms).
 *
 * @example
 * ```ts
 * const estimate: DurationEstimate = { mean: 3000, lo: 2500, hi: 3500, samples: 4 };
 * ```
 */
export interface DurationEstimate {
  /** Mean of the recent durations. */
  mean: number;
  /** Plausible earliest end (recent minimum, widened for the small sample). */
  lo: number;
  /** Plausible latest end (recent maximum, widened likewise). */
  hi: number;
  /** How many durations it is based on. */
  samples: number;
}

const WINDOW = 16;

/**
 * Per-client memory of how long each model's jobs take (the last few observed submit →
 * completion times), used to sleep until just before the expected end.
 *
 * @example
 * ```ts
 * const learner = new DurationLearner();
 * learner.record('wavespeed-ai/flux-dev', 2800, 3000);
 * learner.estimate('wavespeed-ai/flux-dev'); // { mean: 2900, lo: …, hi: …, samples: 1 }
 * ```
 */
export class DurationLearner {
  readonly #samples = new Map<string, number[]>();
  readonly #maxModels: number;

  constructor(options: { maxModels?: number } = {}) {
    this.#maxModels = options.maxModels ?? 500;
  }

  /** What is known about `model`'s durations, if any job of it was seen finishing. */
  estimate(model: string): DurationEstimate | undefined {
    const samples = this.#samples.get(model);
    if (samples === undefined || samples.length === 0) return undefined;
    const n = samples.length;
    const mean = samples.reduce((a, b) => a + b, 0) / n;
    const min = Math.min(...samples);
    const max = Math.max(...samples);
    if (n === 1) return { mean, lo: 0.8 * mean, hi: 1.2 * mean, samples: 1 };
    // A few samples understate the true range: widen it by the expected gap to the unseen
    // extremes, plus a little for measurement error.
    const pad = (max - min) / (n - 1) + 0.05 * mean + 50;
    return { mean, lo: Math.max(0, min - pad), hi: max + pad, samples: n };
  }

  /**
   * Records one finished job: it completed somewhere between `lower` (last poll that saw it
   * running) and `upper` (the poll that saw it done), both ms after submit.
   */
  record(model: string, lower: number, upper: number): void {
    const lo = Math.max(0, Math.min(lower, upper));
    const sample = (lo + Math.max(lower, upper)) / 2;
    let samples = this.#samples.get(model);
    if (samples === undefined) {
      if (this.#samples.size >= this.#maxModels) {
        const oldest = this.#samples.keys().next().value;
        if (oldest !== undefined) this.#samples.delete(oldest);
      }
      samples = [];
      this.#samples.set(model, samples);
    }
    samples.push(sample);
    if (samples.length > WINDOW) samples.shift();
  }
}

/**
 * When to look at a job of a model whose durations are known: the first poll (`wake`, ms after
 * submit), the interval after it, and when the job counts as late (then the interval eases
 * back toward 1 s).
 *
 * @example
 * ```ts
 * const plan: PollPlan = { wake: 2700, interval: 250, lateAt: 3500 };
 * ```
 */
export interface PollPlan {
  wake: number;
  interval: number;
  lateAt: number;
}

const POINTS = 40;

/**
 * Chooses the first poll time and the interval for a known model. The yardstick is a plain 1 s
 * poll: for end times spread over the plausible range, it picks the plan whose worse ratio
 * (requests, or delay between the job ending and the SDK noticing) against that poll is
 * smallest. Short jobs get one late look; long ones a first look near the earliest plausible
 * end, then dense polls.
 *
 * @example
 * ```ts
 * planPolls({ mean: 3000, lo: 2600, hi: 3400, samples: 5 }); // { wake: ~2900, interval: 250, … }
 * ```
 */
export function planPolls(estimate: DurationEstimate): PollPlan {
  const { lo, hi } = estimate;
  const span = Math.max(1, hi - lo);
  // Mostly inside the range, with tails either side: a few recent jobs can misjudge it.
  const inside = Array.from({ length: POINTS }, (_, i) => lo + (span * (i + 0.5)) / POINTS);
  const tail = Array.from({ length: POINTS / 8 }, (_, i) => (span * (i + 0.5)) / POINTS);
  const ends = [...inside, ...tail.map((d) => Math.max(0, lo - d)), ...tail.map((d) => hi + d)];
  let fixedRequests = 0;
  let fixedDelay = 0;
  for (const end of ends) {
    const polls = Math.ceil(end / 1000);
    fixedRequests += 1 + polls;
    fixedDelay += polls * 1000 - end;
  }
  fixedDelay = Math.max(fixedDelay, 50 * ends.length);
  let best: { score: number; wake: number; interval: number } | undefined;
  for (const interval of POLL_SCHEDULE.dense) {
    for (let step = 0; step <= 30; step += 1) {
      const wake = Math.max(0, lo - span * 0.25 + (span * step) / 20);
      let requests = 0;
      let delay = 0;
      for (const end of ends) {
        if (end <= wake) {
          requests += 1;
          delay += wake - end;
        } else {
          const more = Math.ceil((end - wake) / interval);
          requests += 1 + more;
          delay += wake + more * interval - end;
        }
      }
      const score = Math.max(requests / fixedRequests, delay / fixedDelay);
      if (best === undefined || score < best.score) best = { score, wake, interval };
    }
  }
  const chosen = best ?? { wake: lo, interval: POLL_SCHEDULE.cap };
  return {
    wake: Math.max(0, chosen.wake),
    interval: chosen.interval,
    lateAt: hi + 0.3 * span,
  };
}

/**
 * Inputs of {@link nextPollDelay}.
 *
 * @example
 * ```ts
 * const state: PollState = { elapsed: 1200, polls: 2 };
 * ```
 */
export interface PollState {
  /** ms since the job was submitted. */
  elapsed: number;
  /** Polls done so far. */
  polls: number;
  /** The plan for a model with known durations. */
  plan?: PollPlan | undefined;
  /** Fixed interval chosen by the user. */
  fixed?: number | undefined;
}

/**
 * The schedule as a pure function: how long to sleep before the next poll.
 * - the user's fixed interval when set;
 * - unknown model: a first look after 0.5 s, then every second (never slower than a 1 s poll);
 * - known model: one sleep until the planned first look, dense polls, then easing back toward
 *   1 s once the job is later than any recent one.
 *
 * @example
 * ```ts
 * nextPollDelay({ elapsed: 0, polls: 0 }); // 500
 * nextPollDelay({ elapsed: 0, polls: 0, plan: { wake: 2700, interval: 250, lateAt: 3600 } }); // 2700
 * ```
 */
export function nextPollDelay(state: PollState): number {
  const { elapsed, polls, plan, fixed } = state;
  if (fixed !== undefined) return fixed;
  if (plan === undefined) {
    return polls === 0 ? Math.max(0, POLL_SCHEDULE.first - elapsed) : POLL_SCHEDULE.cap;
  }
  if (elapsed < plan.wake) {
    return Math.min(POLL_SCHEDULE.maxSleep, plan.wake - elapsed);
  }
  const late = elapsed - plan.lateAt;
  if (late <= 0) return plan.interval;
  return Math.min(POLL_SCHEDULE.cap, Math.round(plan.interval + late * 0.25));
}

/**
 * The fields of a prediction the poller reads.
 *
 * @example
 * ```ts
 * const p: Pollable = { id: 'abc', model: 'wavespeed-ai/flux-dev', status: 'processing' };
 * ```
 */
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

/**
 * What {@link pollUntilDone} needs.
 *
 * @example
 * ```ts
 * const job: PollJob<Pollable> = { id, fetch: (signal) => client.predictions.get(id, { signal }) };
 * ```
 */
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
  // Durations are only meaningful measured from the submit.
  const knowsSubmit = job.submittedAt !== undefined;
  let plan: PollPlan | undefined;
  let planned = false;
  const planFor = (model: string | undefined): void => {
    if (planned || model === undefined || !knowsSubmit) return;
    planned = true;
    const estimate = job.learner?.estimate(model);
    if (estimate !== undefined) plan = planPolls(estimate);
  };
  planFor(job.initial?.model);

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
      if (knowsSubmit && polls > 0 && job.learner !== undefined) {
        const known = job.learner.estimate(prediction.model);
        if (plan !== undefined && polls === 1 && known !== undefined) {
          // One planned look only bounds the end from above: it may only pull the estimate
          // down (the model got faster), never up, or a late look would feed on itself.
          const guess = upper - plan.interval;
          if (guess < known.mean)
            job.learner.record(prediction.model, guess - plan.interval, upper);
        } else {
          job.learner.record(
            prediction.model,
            Math.max(lastRunningAt, upper - POLL_SCHEDULE.cap),
            upper,
          );
        }
      }
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
        plan,
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
      planFor(current.model);
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
