import { onAbort } from './abort.js';
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
  /**
   * First check of a job of a model never seen before. A fixed 1 s poll spends its first request
   * at once, when no job can be done yet; this look replaces it, early enough to catch the
   * fastest models and to learn their durations from the start.
   */
  first: 250,
  /**
   * With several jobs of a model never seen before in flight, one of them (the scout) also
   * looks at these times (ms after submit) before `first`; what it finds lets the others plan.
   */
  scout: [10, 20, 40, 80, 160] as readonly number[],
  /** Jobs of an unseen model in flight before one of them scouts. */
  scoutAfter: 4,
  /** Interval for a model never seen before, and the ceiling of every interval. */
  cap: 1_000,
  /**
   * A video model never seen before: video jobs take tens of seconds to minutes, so the first
   * look waits `videoFirst` ms, and the requests saved pay for an interval of `videoInterval`
   * until `videoUntil` ms (never more requests than a 1 s poll for jobs of 5 s or more).
   */
  videoFirst: 5_000,
  videoInterval: 900,
  videoUntil: 45_000,
  /** Intervals tried around a learned expected end (scaled down for sub-second jobs). */
  dense: [150, 200, 250, 300, 400] as readonly number[],
  /** Shortest interval or sleep of a plan. */
  minInterval: 1,
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
  /** Typical duration. */
  mean: number;
  /** Plausible earliest end (recent minimum, widened for the small sample). */
  lo: number;
  /** Plausible latest end (recent maximum, widened likewise). */
  hi: number;
  /** How many durations it is based on. */
  samples: number;
}

const WINDOW = 16;

/** One finished job: it ended after `lo` and before `hi` (ms after submit). */
interface Bracket {
  lo: number;
  hi: number;
}

/**
 * Widening of a range for measurement error (timers, round trips): 5 %, plus 50 ms, or for jobs
 * under half a second a tenth of the duration (at least 2 ms).
 */
function slack(mean: number): number {
  return 0.05 * mean + Math.min(50, Math.max(2, 0.1 * mean));
}

/**
 * The estimate from what recent jobs showed. When one duration fits every job's bracket, the
 * plausible range is their overlap: a single tight bracket then sharpens it at once, however wide
 * the others (a job first seen done long after it ended still says it ended early enough). When
 * no duration fits them all (durations vary), each job counts at the point of its bracket
 * nearest to what the tightest half of the brackets agree on.
 */
function estimateOf(samples: readonly Bracket[]): DurationEstimate {
  const n = samples.length;
  let overlapLo = 0;
  let overlapHi = Number.POSITIVE_INFINITY;
  for (const { lo, hi } of samples) {
    overlapLo = Math.max(overlapLo, lo);
    overlapHi = Math.min(overlapHi, hi);
  }
  if (overlapLo <= overlapHi) {
    if (overlapHi - overlapLo > 0.125 * (overlapLo + overlapHi)) {
      // A wide window that every job fits (seen done long after it could have ended): plan for
      // its first quarter. Whether the next job is done by then or not, the window shrinks.
      overlapHi = overlapLo + (overlapHi - overlapLo) / 4;
    }
    const mean = (overlapLo + overlapHi) / 2;
    if (n === 1) {
      // One job says little about the next: allow ±20 % around it.
      return {
        mean,
        lo: Math.min(overlapLo, 0.8 * mean),
        hi: Math.max(overlapHi, 1.2 * mean),
        samples: 1,
      };
    }
    const pad = slack(mean);
    return { mean, lo: Math.max(0, overlapLo - pad), hi: overlapHi + pad, samples: n };
  }
  const byWidth = [...samples].sort((a, b) => a.hi - a.lo - (b.hi - b.lo));
  const tight = byWidth.slice(0, Math.max(1, Math.ceil(n / 2)));
  const centre = tight.reduce((sum, { lo, hi }) => sum + (lo + hi) / 2, 0) / tight.length;
  const points = samples.map(({ lo, hi }) => Math.min(hi, Math.max(lo, centre)));
  const mean = points.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...points);
  const max = Math.max(...points);
  // A few samples understate the true range: widen it by the expected gap to the unseen
  // extremes, plus a little for measurement error.
  const pad = (max - min) / (n - 1) + slack(mean);
  return { mean, lo: Math.max(0, min - pad), hi: max + pad, samples: n };
}

interface ModelMemory {
  samples: Bracket[];
  /** The plan for the current samples, once asked for. */
  plan?: PollPlan | undefined;
  /** The last plan made, and the estimate it was made from. */
  previous?: PollPlan | undefined;
  planned?: DurationEstimate | undefined;
}

/**
 * Per-client memory of how long each model's jobs take (the last few finished jobs, each as the
 * window in which it ended), used to sleep until just before the expected end.
 *
 * @example
 * ```ts
 * const learner = new DurationLearner();
 * learner.record('wavespeed-ai/flux-dev', 2800, 3000);
 * learner.estimate('wavespeed-ai/flux-dev'); // { mean: 2900, lo: …, hi: …, samples: 1 }
 * ```
 */
export class DurationLearner {
  readonly #models = new Map<string, ModelMemory>();
  readonly #waiting = new Map<string, Set<() => void>>();
  /** Jobs in flight of models with nothing learnt yet, and whether one of them scouts. */
  readonly #unseen = new Map<string, { jobs: number; scouted: boolean }>();
  readonly #maxModels: number;

  constructor(options: { maxModels?: number } = {}) {
    this.#maxModels = options.maxModels ?? 500;
  }

  /** What is known about `model`'s durations, if any job of it was seen finishing. */
  estimate(model: string): DurationEstimate | undefined {
    const memory = this.#models.get(model);
    if (memory === undefined || memory.samples.length === 0) return undefined;
    return estimateOf(memory.samples);
  }

  /** The poll plan for `model`'s next job (kept until the next record), if anything is known. */
  plan(model: string): PollPlan | undefined {
    const memory = this.#models.get(model);
    if (memory === undefined || memory.samples.length === 0) return undefined;
    if (memory.plan === undefined) {
      const estimate = estimateOf(memory.samples);
      // Planning is the costly part; a new sample that leaves the range as it was (the steady
      // state of a busy model) keeps the plan.
      const kept = memory.planned;
      const tolerance = 0.01 * (estimate.hi - estimate.lo);
      const same =
        kept !== undefined &&
        Math.abs(kept.lo - estimate.lo) <= tolerance &&
        Math.abs(kept.hi - estimate.hi) <= tolerance;
      if (same && memory.previous !== undefined) {
        memory.plan = memory.previous;
      } else {
        memory.plan = planPolls(estimate);
        memory.planned = estimate;
      }
    }
    return memory.plan;
  }

  /**
   * Registers a job waiting on `model` while nothing is known about it. Returns whether this job
   * should scout (look early for all of them: enough jobs of the model are in flight that a few
   * extra requests on one are worth a quick answer for every one), and the function to call when
   * the job stops waiting.
   */
  join(model: string): { scout: boolean; leave: () => void } {
    let entry = this.#unseen.get(model);
    if (entry === undefined) {
      entry = { jobs: 0, scouted: false };
      this.#unseen.set(model, entry);
    }
    const current = entry;
    current.jobs += 1;
    const scout = !current.scouted && current.jobs >= POLL_SCHEDULE.scoutAfter;
    if (scout) current.scouted = true;
    let left = false;
    return {
      scout,
      leave: () => {
        if (left) return;
        left = true;
        current.jobs -= 1;
        if (scout) current.scouted = false;
        if (current.jobs === 0 && this.#unseen.get(model) === current) this.#unseen.delete(model);
      },
    };
  }

  /**
   * Calls `listener` the next times a job of `model` is recorded, until the returned function
   * detaches it: a job waiting on a model it knew nothing about can then plan at once.
   */
  onRecord(model: string, listener: () => void): () => void {
    let listeners = this.#waiting.get(model);
    if (listeners === undefined) {
      listeners = new Set();
      this.#waiting.set(model, listeners);
    }
    const entry = (): void => listener();
    listeners.add(entry);
    const current = listeners;
    return () => {
      current.delete(entry);
      if (current.size === 0 && this.#waiting.get(model) === current) this.#waiting.delete(model);
    };
  }

  /**
   * Records one finished job: it completed after `lower` (e.g. the last poll that saw it
   * running, or its reported inference time) and by `upper` (the poll that saw it done), both
   * ms after submit.
   */
  record(model: string, lower: number, upper: number): void {
    const hi = Math.max(0, lower, upper);
    const lo = Math.max(0, Math.min(lower, upper));
    let memory = this.#models.get(model);
    if (memory === undefined) {
      if (this.#models.size >= this.#maxModels) {
        const oldest = this.#models.keys().next().value;
        if (oldest !== undefined) this.#models.delete(oldest);
      }
      memory = { samples: [] };
      this.#models.set(model, memory);
    }
    memory.samples.push({ lo, hi });
    if (memory.samples.length > WINDOW) memory.samples.shift();
    if (memory.plan !== undefined) memory.previous = memory.plan;
    memory.plan = undefined;
    const listeners = this.#waiting.get(model);
    if (listeners !== undefined) for (const listener of [...listeners]) listener();
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
 * smallest, and among equals the one with the smaller other ratio. Short jobs get one late
 * look; long ones a first look near the earliest plausible end, then dense polls (intervals
 * shrink in proportion for jobs under a second).
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
  const tails = POINTS / 8;
  const ends: number[] = new Array(POINTS + 2 * tails).fill(0);
  for (let i = 0; i < POINTS; i += 1) ends[i] = lo + (span * (i + 0.5)) / POINTS;
  for (let i = 0; i < tails; i += 1) {
    const d = (span * (i + 0.5)) / POINTS;
    ends[POINTS + i] = Math.max(0, lo - d);
    ends[POINTS + tails + i] = hi + d;
  }
  // The yardstick polls at once, then every second; for jobs under a second, every `mean` ms
  // (but no more often than every 50 ms, where round trips dominate), so that a job of a few ms
  // is held to a poll on its own timescale. Its phase against the job's end is anybody's guess,
  // so it is averaged: half an interval late, half a poll more.
  const every = Math.max(50, Math.min(POLL_SCHEDULE.cap, estimate.mean));
  let fixedRequests = 0;
  for (const end of ends) fixedRequests += 1.5 + end / every;
  const fixedDelay = (every / 2) * ends.length;
  const scale = Math.min(1, Math.max(estimate.mean, span) / POLL_SCHEDULE.cap);
  let best: { score: number; tie: number; wake: number; interval: number } | undefined;
  for (const dense of POLL_SCHEDULE.dense) {
    const interval = Math.max(POLL_SCHEDULE.minInterval, Math.round(dense * scale));
    for (let step = 0; step <= 30; step += 1) {
      const wake = Math.max(0, lo - span * 0.25 + (span * step) / 20);
      let requests = 0;
      let delay = 0;
      for (let i = 0; i < ends.length; i += 1) {
        const end = ends[i] as number;
        if (end <= wake) {
          requests += 1;
          delay += wake - end;
        } else {
          const more = Math.ceil((end - wake) / interval);
          requests += 1 + more;
          delay += wake + more * interval - end;
        }
      }
      const r = requests / fixedRequests;
      const d = delay / fixedDelay;
      const score = Math.max(r, d);
      const tie = Math.min(r, d);
      if (
        best === undefined ||
        score < best.score - 1e-9 ||
        (score <= best.score + 1e-9 && tie < best.tie - 1e-9)
      ) {
        best = { score, tie, wake, interval };
      }
    }
  }
  const chosen = best ?? { wake: lo, interval: POLL_SCHEDULE.cap };
  return {
    wake: Math.max(0, chosen.wake),
    interval: chosen.interval,
    lateAt: hi + 0.3 * span,
  };
}

const VIDEO = /video|[-/](?:t2v|i2v|v2v)(?:[-/]|$)/i;

/**
 * Whether a model id names a video model (`…/text-to-video`, `…-t2v-480p`, `…/i2v-…`): what the
 * schedule assumes about a model it has not seen finish yet.
 *
 * @example
 * ```ts
 * isVideoModel('alibaba/wan-2.5/text-to-video'); // true
 * isVideoModel('wavespeed-ai/flux-dev'); // false
 * ```
 */
export function isVideoModel(model: string): boolean {
  return VIDEO.test(model);
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
  /** Polls sent since the plan was made; a plan made mid-wait whose first look is due polls now. */
  planned?: number | undefined;
  /** Whether this job scouts for others of a model never seen before. */
  scout?: boolean | undefined;
  /** Whether the model makes videos (slow jobs); see {@link isVideoModel}. */
  video?: boolean | undefined;
  /** Fixed interval chosen by the user. */
  fixed?: number | undefined;
}

/**
 * The schedule as a pure function: how long to sleep before the next poll.
 * - the user's fixed interval when set;
 * - unknown model: a first look after 0.25 s, then every second (never slower than a 1 s poll);
 *   a video model: a first look after 5 s, then every 0.9 s up to 45 s, then every second;
 * - known model: one sleep until the planned first look, dense polls, then easing back toward
 *   1 s once the job is later than any recent one.
 *
 * @example
 * ```ts
 * nextPollDelay({ elapsed: 0, polls: 0 }); // 250
 * nextPollDelay({ elapsed: 0, polls: 0, plan: { wake: 2700, interval: 250, lateAt: 3600 } }); // 2700
 * ```
 */
export function nextPollDelay(state: PollState): number {
  const { elapsed, polls, plan, fixed } = state;
  if (fixed !== undefined) return fixed;
  if (plan === undefined) {
    if (state.video) {
      if (polls === 0) return Math.max(0, POLL_SCHEDULE.videoFirst - elapsed);
      return elapsed < POLL_SCHEDULE.videoUntil ? POLL_SCHEDULE.videoInterval : POLL_SCHEDULE.cap;
    }
    if (state.scout) {
      const probe = POLL_SCHEDULE.scout.find((at) => at > elapsed);
      if (probe !== undefined) return probe - elapsed;
      if (elapsed < POLL_SCHEDULE.first) return POLL_SCHEDULE.first - elapsed;
    }
    return polls === 0 ? Math.max(0, POLL_SCHEDULE.first - elapsed) : POLL_SCHEDULE.cap;
  }
  if (elapsed < plan.wake) {
    return Math.min(POLL_SCHEDULE.maxSleep, plan.wake - elapsed);
  }
  if (state.planned === 0) return 0;
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
  /** Prediction id. */
  id: string;
  /** Model id. */
  model: string;
  /** Its status. */
  status: string;
  /** The server's error text, when it failed. */
  error?: string | undefined;
  /** `inference`: how long the model ran, once completed (a lower bound of the job's time). */
  timings?:
    | {
        /** Model run time in ms. */
        inference?: number | undefined;
      }
    | undefined;
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
  // The caller's signal ends the wait through the deadline's controller (shared listener, no
  // AbortSignal.any per wait).
  const userSignal = job.signal;
  const detach =
    userSignal === undefined
      ? undefined
      : onAbort(userSignal, () => deadline.abort(userSignal.reason));
  const signal = deadline.signal;
  let last: P | undefined = job.initial;
  let lastStatus = job.initial?.status ?? 'unknown';
  // When (ms after submit) the last request that found the job running, or still queued, was
  // sent: the job ended after the first, and started processing after the second.
  let lastRunningAt = 0;
  let lastQueuedAt: number | undefined;
  let polls = 0;
  let lastError: unknown;
  // Durations are only meaningful measured from the submit.
  const knowsSubmit = job.submittedAt !== undefined;
  let plan: PollPlan | undefined;
  // Polls sent under the current plan.
  let planned = 0;
  let model = job.initial?.model;
  // While nothing is known about the model, the job is counted among its unseen jobs in flight.
  let unseen: { scout: boolean; leave: () => void } | undefined;
  const planFor = (): void => {
    // Until the model is known, every poll looks again: a sibling job may have taught it.
    if (plan !== undefined || model === undefined || !knowsSubmit) return;
    plan = job.learner?.plan(model);
    if (plan !== undefined) {
      unseen?.leave();
      unseen = undefined;
    } else if (unseen === undefined && job.pollInterval === undefined && !isVideoModel(model)) {
      unseen = job.learner?.join(model);
    }
  };
  planFor();

  /**
   * Sleeps `ms`; while nothing is known about the model, a sibling job that finishes first ends
   * the sleep, so that this one can plan from what it showed.
   */
  const sleep = (ms: number): Promise<void> => {
    const learner = job.learner;
    if (
      plan !== undefined ||
      job.pollInterval !== undefined ||
      learner === undefined ||
      model === undefined ||
      !knowsSubmit
    ) {
      return abortableSleep(ms, signal);
    }
    const watched = model;
    return new Promise<void>((resolve, reject) => {
      let stop: (() => void) | undefined;
      const done = (): void => {
        clearTimeout(timer);
        stopAbort();
        stop?.();
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2_147_483_647));
      const stopAbort = onAbort(signal, () => {
        clearTimeout(timer);
        stop?.();
        reject(signal.reason);
      });
      stop = learner.onRecord(watched, done);
    });
  };

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

  // What the learner keeps is when (ms after submit) a request must be sent to find the job
  // done: that is what the schedule decides, and it stays right however long requests take.
  const finish = (prediction: P, sentAt: number): P => {
    if (prediction.status === 'completed') {
      if (knowsSubmit && polls > 0 && job.learner !== undefined) {
        // A request sent now found it done; the last one that found it running was too early;
        // and it ran for its inference time after it left the queue, less the time a request
        // takes to reach the server (at most this one's round trip). A look that came late only
        // bounds it from above: it can narrow what is known, never push the estimate up.
        const roundTrip = Date.now() - submittedAt - sentAt;
        const inference = prediction.timings?.inference;
        let lower = lastRunningAt;
        if (typeof inference === 'number' && Number.isFinite(inference) && inference > 0) {
          lower = Math.max(lower, (lastQueuedAt ?? 0) + inference - roundTrip);
        }
        job.learner.record(prediction.model, Math.min(lower, sentAt), sentAt);
      }
      return prediction;
    }
    throw new PredictionFailedError(prediction);
  };

  try {
    userSignal?.throwIfAborted();
    if (job.initial !== undefined) {
      job.onProgress?.(job.initial);
      if (TERMINAL_STATUSES.has(job.initial.status)) return finish(job.initial, 0);
      if (job.initial.status === 'created') lastQueuedAt = 0;
    }
    for (;;) {
      const delay = nextPollDelay({
        elapsed: Date.now() - submittedAt,
        polls,
        plan,
        planned,
        scout: unseen?.scout,
        video: model !== undefined && isVideoModel(model),
        fixed: job.pollInterval,
      });
      if (delay > 0) {
        await sleep(delay);
        if (plan === undefined) {
          planFor();
          // Woken early by what a sibling job showed: sleep again by the new plan.
          if (plan !== undefined) continue;
        }
      }
      polls += 1;
      if (plan !== undefined) planned += 1;
      const sentAt = Date.now() - submittedAt;
      let current: P;
      try {
        current = await job.fetch(signal);
      } catch (error) {
        if (userSignal?.aborted) throw userSignal.reason;
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
      model ??= current.model;
      planFor();
      progress(current);
      last = current;
      if (TERMINAL_STATUSES.has(current.status)) return finish(current, sentAt);
      lastRunningAt = sentAt;
      if (current.status === 'created') lastQueuedAt = sentAt;
    }
  } catch (error) {
    if (userSignal?.aborted) throw userSignal.reason;
    if (
      error === DEADLINE ||
      (deadline.signal.aborted && !(error instanceof PredictionFailedError))
    ) {
      throw timedOut();
    }
    throw error;
  } finally {
    clearTimeout(timer);
    detach?.();
    unseen?.leave();
  }
}
