import type { Random } from './ids.js';
import { type MediaExt, type MediaParams, makeMedia } from './media.js';
import type { SimJob, SimJobDescriptor, SimModelKind } from './types.js';

/**
 * Default job durations (ms, before speed scaling) per model kind.
 *
 * @example
 * ```ts
 * DEFAULT_DURATIONS.video; // 60_000
 * ```
 */
export const DEFAULT_DURATIONS: Readonly<Record<SimModelKind, number>> = {
  image: 3_000,
  video: 60_000,
  audio: 10_000,
  '3d': 40_000,
  llm: 1_500,
  upscale: 4_000,
  utility: 4_000,
};

/** The realistic text a `[[fail]]` prompt produces. */
const BUILT_IN_FAILURE =
  'Inference failed: the model returned an error while processing the request (code: MODEL_EXECUTION_ERROR). Please check your inputs and try again.';

/**
 * A job as the engine keeps it: the public fields plus scheduling details.
 */
export interface JobRecord extends SimJob {
  ext: MediaExt;
  /** Size, length and seed of the output files. */
  media: MediaParams;
  outputCount: number;
  /** When the job entered `processing`. */
  processingAt?: number;
  timers: NodeJS.Timeout[];
  failure?: string;
}

/**
 * What the engine needs from the simulator.
 */
export interface JobEngineOptions {
  speed: number;
  random: Random;
  jobDuration?: number | ((job: SimJobDescriptor) => number);
  failWhen?: (job: SimJobDescriptor) => string | undefined;
  /** Concurrently running jobs per key; over it, jobs stay `created`. */
  concurrency?: number;
  outputUrl(id: string, index: number, ext: MediaExt): string;
  onTerminal(job: JobRecord): void;
}

/**
 * Everything needed to create a job.
 */
export interface NewJob {
  id: string;
  model: string;
  kind: SimModelKind;
  input: Record<string, unknown>;
  apiKey: string;
  sync: boolean;
  base64: boolean;
  webhook?: string;
  price: number;
  ext: MediaExt;
  /** Size, length and seed of the output files. */
  media: MediaParams;
  outputCount: number;
}

/**
 * Runs simulated predictions: created → processing → completed | failed, on scaled timers,
 * honouring per-key concurrency (jobs over it wait in `created`).
 */
export class JobEngine {
  private readonly byId = new Map<string, JobRecord>();
  private readonly ordered: JobRecord[] = [];
  private readonly running = new Map<string, number>();
  private readonly queued = new Map<string, JobRecord[]>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;
  private pending = 0;

  constructor(private readonly options: JobEngineOptions) {}

  /** Every job in creation order (live records). */
  all(): readonly JobRecord[] {
    return this.ordered;
  }

  get(id: string): JobRecord | undefined {
    return this.byId.get(id);
  }

  /** Sum of prices of jobs that may still be charged (kept incrementally: submits stay O(1)). */
  reserved(): number {
    return Math.max(0, this.pending);
  }

  create(spec: NewJob): JobRecord {
    const job: JobRecord = {
      ...spec,
      status: 'created',
      createdAt: Date.now(),
      outputs: [],
      error: '',
      deleted: false,
      timers: [],
    };
    this.byId.set(job.id, job);
    this.ordered.push(job);
    this.pending += job.price;
    const limit = this.options.concurrency;
    if (limit !== undefined && (this.running.get(job.apiKey) ?? 0) >= limit) {
      const queue = this.queued.get(job.apiKey) ?? [];
      queue.push(job);
      this.queued.set(job.apiKey, queue);
    } else {
      this.start(job);
    }
    return job;
  }

  private describe(job: JobRecord): SimJobDescriptor {
    return { model: job.model, kind: job.kind, input: job.input };
  }

  private durationOf(job: JobRecord): number {
    const option = this.options.jobDuration;
    let ms: number;
    if (typeof option === 'function') ms = option(this.describe(job));
    else if (typeof option === 'number') ms = option;
    else ms = DEFAULT_DURATIONS[job.kind] * (0.9 + this.options.random.next() * 0.2);
    if (!Number.isFinite(ms) || ms < 0) ms = 0;
    return ms / this.options.speed;
  }

  private start(job: JobRecord): void {
    this.running.set(job.apiKey, (this.running.get(job.apiKey) ?? 0) + 1);
    job.startedAt = Date.now();
    const duration = this.durationOf(job);
    const queuedShare = 0.1 + this.options.random.next() * 0.1;
    job.failure = this.failureOf(job);
    // Chained, not parallel: timers with sub-millisecond delays may fire out of order.
    this.later(job, duration * queuedShare, () => {
      job.status = 'processing';
      job.processingAt = Date.now();
      this.later(job, duration * (1 - queuedShare), () => this.finish(job));
    });
  }

  private failureOf(job: JobRecord): string | undefined {
    const custom = this.options.failWhen?.(this.describe(job));
    if (custom) return custom;
    const prompt = job.input.prompt;
    if (typeof prompt === 'string' && prompt.includes('[[fail]]')) return BUILT_IN_FAILURE;
    return undefined;
  }

  private later(job: JobRecord, ms: number, fn: () => void): void {
    const timer = setTimeout(
      () => {
        job.timers = job.timers.filter((t) => t !== timer);
        if (!this.closed) fn();
      },
      Math.max(0, ms),
    );
    job.timers.push(timer);
  }

  private finish(job: JobRecord): void {
    const now = Date.now();
    job.processingAt ??= now;
    job.status = job.failure ? 'failed' : 'completed';
    job.completedAt = now;
    this.pending -= job.price;
    if (job.failure) {
      job.error = job.failure;
    } else {
      job.outputs = this.outputsOf(job);
    }
    this.release(job.apiKey);
    this.options.onTerminal(job);
    this.notify(job.id);
  }

  private outputsOf(job: JobRecord): string[] {
    const outputs: string[] = [];
    for (let index = 0; index < job.outputCount; index++) {
      if (job.ext === 'txt') {
        outputs.push(llmAnswer(job.input, index));
      } else if (job.base64) {
        outputs.push(makeMedia(job.ext, job.media, index).toString('base64'));
      } else {
        outputs.push(this.options.outputUrl(job.id, index, job.ext));
      }
    }
    return outputs;
  }

  private release(apiKey: string): void {
    this.running.set(apiKey, Math.max(0, (this.running.get(apiKey) ?? 1) - 1));
    const queue = this.queued.get(apiKey);
    const next = queue?.shift();
    if (next) this.start(next);
  }

  /** Resolves when the job is terminal (`done`), after `timeoutMs` (`timeout`), or on close. */
  waitTerminal(id: string, timeoutMs: number): Promise<'done' | 'timeout' | 'closed'> {
    const job = this.byId.get(id);
    if (!job || isTerminal(job.status)) return Promise.resolve('done');
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, set);
      const done = (): void => {
        clearTimeout(timer);
        set.delete(done);
        resolve(this.closed ? 'closed' : 'done');
      };
      const timer = setTimeout(
        () => {
          set.delete(done);
          resolve('timeout');
        },
        Math.max(0, timeoutMs),
      );
      set.add(done);
    });
  }

  private notify(id: string): void {
    const set = this.waiters.get(id);
    if (!set) return;
    this.waiters.delete(id);
    for (const fn of [...set]) fn();
  }

  /** Marks the caller's jobs deleted; stops the ones still running. Returns how many. */
  delete(ids: readonly string[], apiKey: string): string[] {
    const deleted: string[] = [];
    for (const id of new Set(ids)) {
      const job = this.byId.get(id);
      if (!job || job.deleted || job.apiKey !== apiKey) continue;
      job.deleted = true;
      deleted.push(id);
      if (!isTerminal(job.status)) {
        this.pending -= job.price;
        for (const timer of job.timers) clearTimeout(timer);
        job.timers = [];
        const queue = this.queued.get(job.apiKey);
        const index = queue?.indexOf(job) ?? -1;
        if (queue && index >= 0) queue.splice(index, 1);
        else this.release(job.apiKey);
      }
      this.notify(id);
    }
    return deleted;
  }

  /** Drops every job (timers included). */
  clear(): void {
    for (const job of this.ordered) {
      for (const timer of job.timers) clearTimeout(timer);
      job.timers = [];
    }
    this.byId.clear();
    this.ordered.length = 0;
    this.running.clear();
    this.queued.clear();
    this.pending = 0;
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    for (const set of waiting) for (const fn of [...set]) fn();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}

/**
 * Whether a status is final.
 *
 * @example
 * ```ts
 * isTerminal('failed'); // true
 * ```
 */
export function isTerminal(status: string): boolean {
  return status === 'completed' || status === 'failed';
}

function llmAnswer(input: Record<string, unknown>, index: number): string {
  const prompt = typeof input.prompt === 'string' ? input.prompt : '';
  const topic = prompt.length > 80 ? `${prompt.slice(0, 77)}...` : prompt;
  const suffix = index > 0 ? ` (variant ${index + 1})` : '';
  return topic
    ? `Here is a simulated answer to "${topic}"${suffix}.`
    : `Here is a simulated answer${suffix}.`;
}
