import { onAbort } from '../../core/abort.js';
import { NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { PredictionFailedError, PredictionTimeoutError } from '../../core/prediction-errors.js';
import { isTransient } from '../../core/retry.js';
import { clampTimer } from '../../core/util.js';
import type { DurationLearner } from './learner.js';
import {
  isVideoModel,
  nextPollDelay,
  POLL_SCHEDULE,
  type PollPlan,
  planPolls,
} from './schedule.js';

// The wait loop: sleep by the schedule, fetch, notice a status change, stop at a terminal
// status, the deadline or the caller's abort. Its state is the fields of one Poll.

/** Statuses after which a prediction never changes. Only `completed` is a success. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'failed',
  'cancelled',
  'timeout',
  'deleted',
]);

/**
 * The fields of a prediction the poller reads.
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
  /** Called with the prediction each time its status changes (a throwing callback is logged and ignored). */
  onProgress?: ((prediction: P) => void) | undefined;
}

/**
 * What {@link pollUntilDone} needs.
 */
export interface PollJob<P extends Pollable> extends WaitOptions<P> {
  id: string;
  /**
   * Fetches the prediction once; its errors should carry the id. `signal` is the caller's (none
   * when they passed none); `deadline` (epoch ms) is when the wait ends, which the request
   * should not outlive. The wait itself ends on time whether or not the request does.
   */
  fetch: (signal: AbortSignal | undefined, deadline: number) => Promise<P>;
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

/**
 * Polls a prediction until it reaches a terminal status, on the adaptive schedule, within an
 * overall deadline. Transient failures are retried inside the deadline; the id is never lost.
 * Every timer is cleared when it settles.
 */
export function pollUntilDone<P extends Pollable>(job: PollJob<P>): Promise<P> {
  return new Poll(job).run();
}

/** One wait: what it knows about the job so far, and the loop that learns more. */
class Poll<P extends Pollable> {
  readonly #job: PollJob<P>;
  readonly #timeout: number;
  readonly #submittedAt: number;
  /** Durations only mean something measured from the submit. */
  readonly #knowsSubmit: boolean;
  /** Why the wait stopped ({@link DEADLINE} or the caller's abort reason), once it has. */
  #stopped: { reason: unknown } | undefined;
  /** Rejects the sleep or request in progress: how a stop ends it at once. */
  #interrupt: ((reason: unknown) => void) | undefined;
  /** When the wait ends (epoch ms). */
  #deadlineAt = 0;
  #last: P | undefined;
  #lastStatus: string;
  /**
   * When (ms after submit) the last request that found the job running, or still queued, was
   * sent: the job ended after the first, and started processing after the second.
   */
  #lastRunningAt = 0;
  #lastQueuedAt: number | undefined;
  /** Whether a look has seen the job `processing` (it has left the queue). */
  #seenRunning = false;
  /** ms after submit before which the job cannot be done (it was still queued at a look). */
  #notBefore: number | undefined;
  /** Whether a look of the plan found the job still queued where it expected it nearly done. */
  #queuedLate = false;
  #polls = 0;
  #lastError: unknown;
  #plan: PollPlan | undefined;
  /** Polls sent under the current plan. */
  #planned = 0;
  #model: string | undefined;
  /** While nothing is known about the model, the job counts among its unseen jobs in flight. */
  #unseen: { scout: boolean; leave: () => void } | undefined;

  constructor(job: PollJob<P>) {
    this.#job = job;
    this.#timeout = job.timeout ?? POLL_SCHEDULE.timeout;
    this.#submittedAt = job.submittedAt ?? Date.now();
    this.#knowsSubmit = job.submittedAt !== undefined;
    this.#last = job.initial;
    this.#lastStatus = job.initial?.status ?? 'unknown';
    this.#model = job.initial?.model;
  }

  async run(): Promise<P> {
    const job = this.#job;
    const userSignal = job.signal;
    const wait = clampTimer(this.#timeout);
    this.#deadlineAt = Date.now() + wait;
    const timer = setTimeout(() => this.#stop(DEADLINE), wait);
    // No AbortSignal of its own: the deadline timer and the caller's signal (one shared listener)
    // stop the wait directly, and requests get the caller's signal, if any, and the deadline.
    const detach =
      userSignal === undefined
        ? undefined
        : onAbort(userSignal, () => this.#stop(userSignal.reason));
    try {
      userSignal?.throwIfAborted();
      this.#planFor();
      const initial = job.initial;
      if (initial !== undefined) {
        this.#notify(initial);
        if (TERMINAL_STATUSES.has(initial.status)) return this.#finish(initial, 0);
        if (initial.status === 'created') this.#stillQueued(0);
      }
      return await this.#loop();
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (
        error === DEADLINE ||
        (this.#stopped !== undefined && !(error instanceof PredictionFailedError))
      ) {
        throw this.#timedOut();
      }
      throw error;
    } finally {
      clearTimeout(timer);
      detach?.();
      this.#interrupt = undefined;
      this.#unseen?.leave();
    }
  }

  async #loop(): Promise<P> {
    const job = this.#job;
    for (;;) {
      const delay = nextPollDelay({
        elapsed: Date.now() - this.#submittedAt,
        polls: this.#polls,
        plan: this.#plan,
        planned: this.#planned,
        scout: this.#unseen?.scout,
        video: this.#model !== undefined && isVideoModel(this.#model),
        fixed: job.pollInterval,
        notBefore: this.#notBefore,
        queuedLate: this.#queuedLate,
      });
      if (delay > 0) {
        await this.#sleep(delay);
        if (this.#plan === undefined) {
          this.#planFor();
          // Woken early by what a sibling job showed: sleep again by the new plan.
          if (this.#plan !== undefined) continue;
        }
      }
      this.#polls += 1;
      if (this.#plan !== undefined) this.#planned += 1;
      const sentAt = Date.now() - this.#submittedAt;
      let current: P;
      try {
        current = await this.#fetch();
      } catch (error) {
        if (this.#retryable(error)) continue;
        throw error;
      }
      this.#lastError = undefined;
      this.#model ??= current.model;
      this.#planFor();
      if (current.status !== this.#lastStatus || this.#last === undefined) this.#notify(current);
      this.#last = current;
      if (TERMINAL_STATUSES.has(current.status)) return this.#finish(current, sentAt);
      this.#lastRunningAt = sentAt;
      if (current.status === 'created') this.#stillQueued(sentAt);
      else this.#running(sentAt);
    }
  }

  /**
   * The job was still queued at `sentAt`: it cannot be done before it has run for at least the
   * shortest run time seen of its model, so no look is spent before then. Found queued by a look
   * of its plan, past the time it could still end as planned, it waits for the queue: the plan
   * no longer says anything about its end.
   */
  #stillQueued(sentAt: number): void {
    this.#lastQueuedAt = sentAt;
    const run = this.#runTime();
    this.#notBefore = run === undefined ? undefined : sentAt + run.lo;
    const plan = this.#plan;
    if (plan !== undefined && this.#planned > 0 && (this.#notBefore ?? sentAt) > plan.lateAt) {
      this.#queuedLate = true;
    }
  }

  /**
   * The job was running at `sentAt`. Seen leaving the queue between two close looks, its start is
   * known: when that is later than the plan expected (it waited in the queue), the plan moves to
   * start + the model's run time.
   */
  #running(sentAt: number): void {
    this.#notBefore = undefined;
    if (this.#seenRunning) return;
    this.#seenRunning = true;
    const run = this.#runTime();
    const queuedAt = this.#lastQueuedAt;
    if (run === undefined || queuedAt === undefined) return;
    if (sentAt - queuedAt > Math.max(250, run.lo / 4)) return;
    const lo = queuedAt + run.lo;
    const hi = sentAt + run.hi;
    if (this.#plan !== undefined && lo <= this.#plan.wake) return;
    this.#plan = planPolls({ mean: (lo + hi) / 2, lo, hi, samples: 2 });
    this.#planned = 0;
    this.#queuedLate = false;
  }

  #runTime(): { lo: number; hi: number } | undefined {
    return this.#model === undefined ? undefined : this.#job.learner?.runTime(this.#model);
  }

  /** Whether a failed fetch is worth another poll (the deadline still decides how many). */
  #retryable(error: unknown): boolean {
    const job = this.#job;
    if (job.signal?.aborted || this.#stopped !== undefined) return false;
    const fresh = Date.now() - this.#submittedAt < POLL_SCHEDULE.notFoundGrace;
    if (error instanceof NotFoundError && (job.justCreated ?? true) && fresh) {
      // A job just created may not be visible yet.
      this.#lastError = error;
      return true;
    }
    if (!isTransient(error)) return false;
    this.#lastError = error;
    job.logger?.info(`poll of ${job.id} failed; retrying`, {
      error: error instanceof Error ? error.name : 'unknown',
    });
    return true;
  }

  #planFor(): void {
    // Until the model is known, every poll looks again: a sibling job may have taught it.
    if (this.#plan !== undefined || this.#model === undefined || !this.#knowsSubmit) return;
    const learner = this.#job.learner;
    this.#plan = learner?.plan(this.#model);
    if (this.#plan !== undefined) {
      this.#unseen?.leave();
      this.#unseen = undefined;
    } else if (
      this.#unseen === undefined &&
      this.#job.pollInterval === undefined &&
      !isVideoModel(this.#model)
    ) {
      this.#unseen = learner?.join(this.#model);
    }
  }

  /**
   * Sleeps `ms`; while nothing is known about the model, a sibling job that finishes first ends
   * the sleep, so that this one can plan from what it showed.
   */
  #sleep(ms: number): Promise<void> {
    if (this.#stopped !== undefined) return Promise.reject(this.#stopped.reason);
    const learner = this.#job.learner;
    const model = this.#model;
    const listen =
      this.#plan === undefined &&
      this.#job.pollInterval === undefined &&
      this.#knowsSubmit &&
      model !== undefined;
    return new Promise<void>((resolve, reject) => {
      let stop: (() => void) | undefined;
      const timer = setTimeout(() => {
        stop?.();
        resolve();
      }, clampTimer(ms));
      this.#interrupt = (reason) => {
        clearTimeout(timer);
        stop?.();
        reject(reason);
      };
      if (listen && learner !== undefined) {
        stop = learner.onRecord(model, () => {
          clearTimeout(timer);
          stop?.();
          resolve();
        });
      }
    });
  }

  /** Ends the wait: the sleep or request in progress rejects with `reason` at once. */
  #stop(reason: unknown): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = { reason };
    const interrupt = this.#interrupt;
    this.#interrupt = undefined;
    interrupt?.(reason);
  }

  /** One fetch, unless the wait stops first (the request is bounded by the deadline anyway). */
  #fetch(): Promise<P> {
    if (this.#stopped !== undefined) return Promise.reject(this.#stopped.reason);
    const job = this.#job;
    const work = job.fetch(job.signal, this.#deadlineAt);
    return new Promise<P>((resolve, reject) => {
      this.#interrupt = reject;
      work.then(resolve, reject);
    });
  }

  /** Tells the caller about a status; a throwing callback must not break the wait. */
  #notify(prediction: P): void {
    this.#lastStatus = prediction.status;
    try {
      this.#job.onProgress?.(prediction);
    } catch (error) {
      this.#job.logger?.warn('onProgress threw; ignoring it', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Ends the wait on a terminal status: `completed` resolves (and teaches the learner when
   * the job's start is known), anything else throws {@link PredictionFailedError}. What the
   * learner keeps is when (ms after submit) a request must be sent to find the job done: that is
   * what the schedule decides, and it stays right however long requests take.
   */
  #finish(prediction: P, sentAt: number): P {
    if (prediction.status !== 'completed') throw new PredictionFailedError(prediction);
    const learner = this.#job.learner;
    if (this.#knowsSubmit && this.#polls > 0 && learner !== undefined) {
      // A request sent now found it done; the last one that found it running was too early;
      // and it ran for its inference time after it left the queue, less the time a request
      // takes to reach the server (at most this one's round trip). A look that came late only
      // bounds it from above: it can narrow what is known, never push the estimate up.
      const roundTrip = Date.now() - this.#submittedAt - sentAt;
      const inference = prediction.timings?.inference;
      let lower = this.#lastRunningAt;
      if (typeof inference === 'number' && Number.isFinite(inference) && inference > 0) {
        lower = Math.max(lower, (this.#lastQueuedAt ?? 0) + inference - roundTrip);
      }
      learner.record(prediction.model, Math.min(lower, sentAt), sentAt, inference);
    }
    return prediction;
  }

  #timedOut(): PredictionTimeoutError {
    return new PredictionTimeoutError({
      predictionId: this.#job.id,
      lastStatus: this.#lastStatus,
      timeout: this.#timeout,
      ...(this.#lastError === undefined ? {} : { cause: this.#lastError }),
    });
  }
}
