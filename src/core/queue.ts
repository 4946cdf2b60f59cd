import PQueue from 'p-queue';
import { clampTimer } from './util.js';

/**
 * Bounds the predictions a client has in flight (submit → terminal) and, optionally, how many
 * jobs start per minute. A 429 pauses the whole queue for the Retry-After time instead of
 * letting every waiting job hit the limit too.
 */
export class JobQueue {
  readonly #queue: PQueue;
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #resumeAt = 0;
  #active = 0;
  #peak = 0;

  constructor(options: { concurrency: number; jobsPerMinute?: number | undefined }) {
    const { concurrency, jobsPerMinute } = options;
    this.#queue = new PQueue({
      concurrency,
      ...(jobsPerMinute === undefined
        ? {}
        : { interval: 60_000, intervalCap: jobsPerMinute, strict: true }),
    });
    this.#queue.addEventListener('idle', () => this.#clearPause());
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
    return this.#queue.size;
  }

  /**
   * Runs `task` when a slot is free. Aborting `signal` while it waits removes it from the queue
   * and rejects with `signal.reason`.
   */
  async run<T>(
    task: () => Promise<T>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    options.signal?.throwIfAborted();
    const queue = this.#queue;
    const wrapped = async (): Promise<T> => {
      this.#active += 1;
      this.#peak = Math.max(this.#peak, this.#active);
      try {
        return await task();
      } finally {
        this.#active -= 1;
      }
    };
    try {
      return await queue.add(wrapped, options.signal ? { signal: options.signal } : {});
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
    this.#queue.pause();
    if (this.#resumeTimer !== undefined) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => this.#clearPause(), clampTimer(ms));
  }

  #clearPause(): void {
    if (this.#resumeTimer !== undefined) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = undefined;
    this.#resumeAt = 0;
    if (this.#queue.isPaused) this.#queue.start();
  }
}
