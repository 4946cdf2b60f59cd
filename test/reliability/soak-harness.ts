import { WaveSpeedClient } from '../../src/client.js';
import { isWaveSpeedError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { createSimulator, type SimFault } from '../../src/testing/index.js';

/**
 * The fault soak: many predictions through `client.run` against the simulator with faults
 * injected at fixed rates, then a check of what the caller got against what the server created.
 * Shared by test/reliability/soak.test.ts (500 calls) and scripts/soak.ts (5,000).
 */

/** One kind of injected fault, as the report lists it. */
export interface FaultPlan {
  /** Short name; also the `x-soak-fault` header value the faulted responses carry. */
  id: string;
  /** What is injected, for the report. */
  description: string;
  /** Nominal rate, as a fraction of the requests it targets (or of all calls for sync 5004). */
  rate: number;
  /** What the rate is a fraction of. */
  of: string;
  /** Simulator faults that implement it (empty when it is produced another way). */
  faults: SimFault[];
}

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Predictions to run. */
  calls: number;
  /** The client's `maxConcurrency`. @default 24 */
  concurrency?: number;
  /** Simulator seed: fault draws and ids are deterministic for a given seed. @default 7 */
  seed?: number;
  /** Simulator speed. @default 50 */
  speed?: number;
  /** Called after each settled call. */
  onSettled?: (settled: number) => void;
}

/** What a soak found. Every count but `calls`, `resolved`, `rejected` and `jobs` must be 0. */
export interface SoakReport {
  calls: number;
  syncCalls: number;
  /** Calls whose job is made to fail. */
  failingCalls: number;
  /** Calls given a deadline shorter than their job. */
  deadlineCalls: number;
  concurrency: number;
  seed: number;
  speed: number;
  resolved: number;
  rejected: number;
  /** Rejections by error class name. */
  errors: Record<string, number>;
  /** Jobs the simulator created. */
  jobs: number;
  /** Requests the simulator received. */
  requests: number;
  /** Extra jobs created for one call (a re-sent submit). */
  duplicates: number;
  /** Jobs whose id never reached the caller (no result, no error carrying it). */
  orphans: number;
  /** Jobs that cannot be traced to a call (should never happen: every input is tagged). */
  untraced: number;
  /** Rejections that are not a WaveSpeedError. */
  untyped: number;
  /** Rejections of calls that have a job, carrying that job's id. */
  rejectedWithJob: number;
  /** Rejections of calls that have a job (carrying its id or not). */
  rejectedHavingJob: number;
  /** Resolved calls whose outputs are not their own job's outputs, or empty. */
  wrongResults: number;
  /** Unhandled promise rejections seen while the soak ran. */
  unhandledRejections: number;
  /** Faulted responses observed, by fault id (as the client saw them). */
  observed: Record<string, number>;
  /** Requests of each targeted kind, to put the observed counts in proportion. */
  targeted: { submits: number; results: number; all: number };
  /** Sync submits the server answered with code 5004 (the SDK then polled). */
  syncTimeouts: number;
  /** Submits whose response was lost after the job was created, recovered from the history. */
  recovered: number;
  faults: FaultPlan[];
  durationMs: number;
  startedAt: Date;
  node: string;
}

const MODELS = ['wavespeed-ai/flux-dev', 'wavespeed-ai/flux-schnell', 'wavespeed-ai/z-image/turbo'];
const TAG = /\bsoak#(\d+)\b/;
/** Job duration (ms before speed scaling) of an ordinary job and of one meant to outlast a wait. */
const JOB_MS = 1_000;
const SLOW_JOB_MS = 12_000;
/** The simulator's sync wait, before speed scaling: between the two durations above. */
const SYNC_TIMEOUT_MS = 4_000;
/** The `run` deadline of the calls meant to hit it (real ms; a slow job takes 12 000 / speed). */
const DEADLINE_MS = 60;

/** Header every faulted response carries, so the client side can count what it was hit by. */
export const FAULT_HEADER = 'x-soak-fault';

function tagged(id: string, extra: Omit<SimFault, 'headers'>): SimFault {
  const headers: Record<string, string> = { [FAULT_HEADER]: id };
  if (extra.retryAfter !== undefined) headers['retry-after-ms'] = '40';
  return { ...extra, headers };
}

/**
 * The faults of the soak and their rates. Retry-After is 1 s with `retry-after-ms: 40` beside
 * it (the SDK honours the ms header first), which keeps the soak fast.
 */
export function faultPlan(): FaultPlan[] {
  return [
    {
      id: 'slow',
      description: 'Slow response (150 ms before answering)',
      rate: 0.02,
      of: 'all requests',
      faults: [tagged('slow', { route: 'any', delayMs: 150, probability: 0.02 })],
    },
    {
      id: '5xx',
      description: 'HTTP 500 / 502 / 503 / 504 (JSON error envelope) on GET',
      rate: 0.05,
      of: 'GET /result',
      faults: [500, 502, 503, 504].map((status) =>
        tagged('5xx', { route: 'result', method: 'GET', status, probability: 0.0125 }),
      ),
    },
    {
      id: '429',
      description: 'HTTP 429 with Retry-After (submit and GET)',
      rate: 0.02,
      of: 'submits and GET /result',
      faults: [
        tagged('429', { route: 'submit', status: 429, retryAfter: 1, probability: 0.02 }),
        tagged('429', { route: 'result', status: 429, retryAfter: 1, probability: 0.02 }),
      ],
    },
    {
      id: 'reset',
      description: 'Connection reset after the job was created (submit)',
      rate: 0.01,
      of: 'submits',
      faults: [{ route: 'submit', reset: 'after-create', probability: 0.01 }],
    },
    {
      id: 'truncated',
      description: 'HTTP 200 with the JSON cut in half (submit after create, and GET)',
      rate: 0.01,
      of: 'submits and GET /result',
      faults: [
        tagged('truncated', { route: 'submit', body: 'truncated', probability: 0.01 }),
        tagged('truncated', { route: 'result', body: 'truncated', probability: 0.01 }),
      ],
    },
    {
      id: 'html',
      description: 'HTML 502 page from a proxy (submit and GET)',
      rate: 0.01,
      of: 'submits and GET /result',
      faults: [
        tagged('html', { route: 'submit', status: 502, body: 'html', probability: 0.01 }),
        tagged('html', { route: 'result', status: 502, body: 'html', probability: 0.01 }),
      ],
    },
    {
      id: 'sync-5004',
      description: 'Sync submit whose job outlasts the server sync wait (code 5004)',
      rate: 0.01,
      of: 'all calls',
      faults: [],
    },
  ];
}

/**
 * What each call does: 10 % use sync mode, and 1 % of all calls run past the server's sync wait
 * (5004); 1 % ask for a job that fails (PredictionFailedError), 1 % give `run` a deadline shorter
 * than the job (PredictionTimeoutError). Both errors must carry the job's id.
 */
export function callShape(index: number): {
  sync: boolean;
  slow: boolean;
  fail: boolean;
  deadline: boolean;
} {
  return {
    sync: index % 10 === 3,
    slow: index % 100 === 3,
    fail: index % 100 === 51,
    deadline: index % 100 === 77,
  };
}

interface Outcome {
  ok: boolean;
  outputs?: string[];
  error?: unknown;
}

function recorder(): { logger: Logger; count(pattern: RegExp): number } {
  const lines: string[] = [];
  const push = (message: string): void => {
    lines.push(message);
  };
  return {
    logger: { debug: push, info: push, warn: push, error: push },
    count: (pattern) => lines.filter((line) => pattern.test(line)).length,
  };
}

/**
 * Runs the soak and returns the report. Throws only if the harness itself breaks (not for a
 * broken invariant: those are counts in the report).
 *
 * @example
 * ```ts
 * const report = await runSoak({ calls: 500 });
 * expect(report.duplicates).toBe(0);
 * ```
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const concurrency = options.concurrency ?? 24;
  const seed = options.seed ?? 7;
  const speed = options.speed ?? 50;
  const plan = faultPlan();
  const sim = await createSimulator({
    seed,
    speed,
    syncTimeoutMs: SYNC_TIMEOUT_MS,
    balance: 1_000_000,
    jobDuration: (job) =>
      String(job.input.prompt ?? '').includes('[slow]') ? SLOW_JOB_MS : JOB_MS,
  });
  const observed: Record<string, number> = {};
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled += 1;
  };
  process.on('unhandledRejection', onUnhandled);
  const log = recorder();
  try {
    for (const fault of plan.flatMap((p) => p.faults)) sim.inject(fault);
    const client = new WaveSpeedClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      maxConcurrency: concurrency,
      logger: log.logger,
      logLevel: 'info',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const fault = response.headers.get(FAULT_HEADER);
        if (fault !== null) observed[fault] = (observed[fault] ?? 0) + 1;
        return response;
      },
    });
    const startedAt = new Date();
    const started = performance.now();
    let settled = 0;
    const outcomes: Outcome[] = await Promise.all(
      Array.from({ length: options.calls }, async (_, index): Promise<Outcome> => {
        const { sync, slow, fail, deadline } = callShape(index);
        const model = MODELS[index % MODELS.length] as (typeof MODELS)[number];
        const marks = `${slow || deadline ? ' [slow]' : ''}${fail ? ' [[fail]]' : ''}`;
        const prompt = `soak#${index} a lighthouse at dusk${marks}`;
        try {
          const outputs = await client.run(
            model,
            { prompt, seed: index },
            { ...(sync ? { sync } : {}), ...(deadline ? { timeout: DEADLINE_MS } : {}) },
          );
          return { ok: true, outputs };
        } catch (error) {
          return { ok: false, error };
        } finally {
          settled += 1;
          options.onSettled?.(settled);
        }
      }),
    );
    const durationMs = performance.now() - started;
    // Let any late rejection surface before counting.
    await new Promise((resolve) => setImmediate(resolve));

    const state = sim.state;
    const jobsByCall = new Map<number, typeof state.jobs>();
    let untraced = 0;
    for (const job of state.jobs) {
      const match = TAG.exec(String(job.input.prompt ?? ''));
      if (!match) {
        untraced += 1;
        continue;
      }
      const index = Number(match[1]);
      const list = jobsByCall.get(index) ?? [];
      list.push(job);
      jobsByCall.set(index, list);
    }
    let duplicates = 0;
    let orphans = 0;
    let wrongResults = 0;
    let rejectedWithJob = 0;
    let rejectedHavingJob = 0;
    let untyped = 0;
    const errors: Record<string, number> = {};
    for (const [index, outcome] of outcomes.entries()) {
      const jobs = jobsByCall.get(index) ?? [];
      duplicates += Math.max(0, jobs.length - 1);
      if (outcome.ok) {
        const own = jobs.find(
          (job) => JSON.stringify(job.outputs) === JSON.stringify(outcome.outputs),
        );
        if (own === undefined || (outcome.outputs ?? []).length === 0) wrongResults += 1;
        orphans += jobs.filter((job) => job !== own).length;
        continue;
      }
      const error = outcome.error;
      const name = error instanceof Error ? error.name : typeof error;
      errors[name] = (errors[name] ?? 0) + 1;
      if (!isWaveSpeedError(error)) untyped += 1;
      const carried = (error as { predictionId?: unknown } | undefined)?.predictionId;
      if (jobs.length > 0) rejectedHavingJob += 1;
      for (const job of jobs) {
        if (job.id === carried) rejectedWithJob += 1;
        else orphans += 1;
      }
    }
    const submits = state.requests.filter((r) => r.route === 'submit' || r.route === 'sync-submit');
    const results = state.requests.filter((r) => r.route === 'result');
    observed.reset = submits.filter((r) => r.status === 0).length;
    return {
      calls: options.calls,
      syncCalls: outcomes.filter((_, index) => callShape(index).sync).length,
      failingCalls: outcomes.filter((_, index) => callShape(index).fail).length,
      deadlineCalls: outcomes.filter((_, index) => callShape(index).deadline).length,
      concurrency,
      seed,
      speed,
      resolved: outcomes.filter((o) => o.ok).length,
      rejected: outcomes.filter((o) => !o.ok).length,
      errors,
      jobs: state.jobs.length,
      requests: state.requests.length,
      duplicates,
      orphans,
      untraced,
      untyped,
      rejectedWithJob,
      rejectedHavingJob,
      wrongResults,
      unhandledRejections: unhandled,
      observed,
      targeted: { submits: submits.length, results: results.length, all: state.requests.length },
      syncTimeouts: log.count(/timed out on the server; polling instead/),
      recovered: log.count(/recovered job|failed after creating/),
      faults: plan,
      durationMs,
      startedAt,
      node: process.version,
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await sim.close();
  }
}
