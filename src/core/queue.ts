import type PQueue from 'p-queue';
import { clampTimer, lazy } from './util.js';

// The client's job queue, on p-queue. p-queue loads with the first job, so that importing the
// SDK does not pay for it.

const loadPQueue = lazy(() => import('p-queue'));

/** An empty add() option bag, shared: most jobs pass no signal. */
const NO_OPTIONS = {};

/**
 * Bounds the predictions a client has in flight (submit → terminal) and, optionally, how many
 * jobs start per minute. A 429 pauses the whole queue for the Retry-After time instead of
 * letting every waiting job hit the limit too.
 */
export class JobQueue {
  readonly #options: { concurrency: number; jobsPerMinute?: number | undefined };
  #queue: PQueue | undefined;
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #resumeAt = 0;
  #active = 0;
  #peak = 0;

  constructor(options: { concurrency: number; jobsPerMinute?: number | undefined }) {
    this.#options = options;
  }

  /** Jobs running now. */
  get active(): number {
    return this.#active;
  }

  /** Most jobs ever running at once on this queue. */
  get peak(): number {
    return this.#peak;
  }

  /** Jobs waiting for a slot. */
  get waiting(): number {
    return this.#queue?.size ?? 0;
  }

  /**
   * Runs `task` when a slot is free. Aborting `signal` while it waits removes it from the queue
   * and rejects with `signal.reason`.
   */
  async run<T>(
    task: () => Promise<T>,
    options: { signal?: AbortSignal | undefined } = NO_OPTIONS,
  ): Promise<T> {
    options.signal?.throwIfAborted();
    // Jobs queued while p-queue loads resume in the order they came, so they keep their turn.
    const queue = this.#queue ?? (await this.#create());
    try {
      return await queue.add(
        async () => {
          this.#active += 1;
          if (this.#active > this.#peak) this.#peak = this.#active;
          try {
            return await task();
          } finally {
            this.#active -= 1;
          }
        },
        options.signal === undefined ? NO_OPTIONS : { signal: options.signal },
      );
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw error;
    }
  }

  /** Stops starting new jobs for `ms` (running ones continue). Overlapping pauses extend it. */
  pauseFor(ms: number): void {
    const until = Date.now() + Math.max(0, ms);
    if (until <= this.#resumeAt && this.#resumeTimer !== undefined) return;
    this.#resumeAt = until;
    this.#queue?.pause();
    if (this.#resumeTimer !== undefined) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => this.#clearPause(), clampTimer(ms));
  }

  async #create(): Promise<PQueue> {
    const { default: PQueueClass } = await loadPQueue();
    if (this.#queue !== undefined) return this.#queue;
    const { concurrency, jobsPerMinute } = this.#options;
    const queue = new PQueueClass({
      concurrency,
      ...(jobsPerMinute === undefined
        ? {}
        : { interval: 60_000, intervalCap: jobsPerMinute, strict: true }),
    });
    queue.addEventListener('idle', () => this.#clearPause());
    // A pause asked for before the queue existed still holds.
    if (this.#resumeTimer !== undefined) queue.pause();
    this.#queue = queue;
    return queue;
  }

  #clearPause(): void {
    if (this.#resumeTimer !== undefined) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = undefined;
    this.#resumeAt = 0;
    if (this.#queue?.isPaused) this.#queue.start();
  }
}
