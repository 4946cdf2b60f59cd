import { type DurationEstimate, POLL_SCHEDULE, type PollPlan, planPolls } from './schedule.js';

// What a client has learnt about each model's job durations, and the plan it makes from them.

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
  /** Recent run times (`timings.inference`, processing → completed), ms. */
  runs: number[];
  /** Jobs in a row that ended outside the range the others agree on (a duration shift). */
  outliers: number;
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

  /**
   * The range of `model`'s run times (processing → completed, from `timings.inference`), if any
   * job of it reported one: a job seen starting at `t` cannot be done before `t + lo`.
   */
  runTime(model: string): { lo: number; hi: number } | undefined {
    const runs = this.#models.get(model)?.runs;
    if (runs === undefined || runs.length === 0) return undefined;
    const lo = Math.min(...runs);
    const hi = Math.max(...runs);
    return { lo: Math.max(0, lo - slack(lo)), hi: hi + slack(hi) };
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
   * ms after submit; `runMs` is how long it ran (`timings.inference`), when reported.
   */
  record(model: string, lower: number, upper: number, runMs?: number): void {
    const hi = Math.max(0, lower, upper);
    const lo = Math.max(0, Math.min(lower, upper));
    let memory = this.#models.get(model);
    if (memory === undefined) {
      if (this.#models.size >= this.#maxModels) {
        const oldest = this.#models.keys().next().value;
        if (oldest !== undefined) this.#models.delete(oldest);
      }
      memory = { samples: [], runs: [], outliers: 0 };
      this.#models.set(model, memory);
    }
    this.#noteShift(memory, lo, hi);
    memory.samples.push({ lo, hi });
    if (memory.samples.length > WINDOW) memory.samples.shift();
    if (runMs !== undefined && Number.isFinite(runMs) && runMs > 0) {
      memory.runs.push(runMs);
      if (memory.runs.length > WINDOW) memory.runs.shift();
    }
    if (memory.plan !== undefined) memory.previous = memory.plan;
    memory.plan = undefined;
    const listeners = this.#waiting.get(model);
    if (listeners !== undefined) for (const listener of [...listeners]) listener();
  }

  /**
   * A job that ended well outside the range the recent ones agree on may be noise; a second in
   * a row means the model's durations shifted (another input size, another load): the older
   * samples (and run times) are dropped, so the next jobs plan for what is happening now.
   */
  #noteShift(memory: ModelMemory, lo: number, hi: number): void {
    // Judged against the jobs before the run of outliers, which must not blur the range.
    const settled = memory.samples.slice(0, memory.samples.length - memory.outliers);
    if (settled.length < 2) return;
    const estimate = estimateOf(settled);
    const outside = lo > estimate.hi * 1.25 || hi < estimate.lo / 1.25;
    if (!outside) {
      memory.outliers = 0;
      return;
    }
    memory.outliers += 1;
    if (memory.outliers < 2) return;
    memory.samples.splice(0, memory.samples.length - 1);
    memory.runs.splice(0, Math.max(0, memory.runs.length - 1));
    memory.outliers = 0;
  }
}
