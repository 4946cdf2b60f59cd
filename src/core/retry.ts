import { abortableSleep } from './abort.js';
import {
  APIError,
  ConnectionError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
} from './errors.js';
import { lazy } from './util.js';

/**
 * How a request may be retried: `'idempotent'` on any transient failure, `'submit'` only when
 * the request provably created no job, `'never'` not at all.
 */
export type RetryMode = 'idempotent' | 'submit' | 'never';

/**
 * The retry policy's constants.
 *
 * @example
 * ```ts
 * RETRY_POLICY.maxDelay; // 8000
 * ```
 */
export const RETRY_POLICY = {
  /** First backoff ceiling, ms. */
  baseDelay: 500,
  /** Backoff ceiling, ms. */
  maxDelay: 8_000,
  /** Longest Retry-After the SDK waits for, ms; a longer one fails the call instead. */
  maxRetryAfter: 60_000,
  /** Rate-limit waits of a submit that do not use up `maxRetries`. */
  maxRateLimitWaits: 30,
  /** HTTP statuses retried for idempotent calls. */
  retryableStatuses: [408, 429, 500, 502, 503, 504] as readonly number[],
} as const;

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxDelay, baseDelay·2^(n-1))]`
 * for retry number `n` (1-based).
 *
 * @example
 * ```ts
 * backoffDelay(1, () => 1); // 500
 * backoffDelay(10, () => 1); // 8000
 * ```
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(30, retry - 1));
  const ceiling = Math.min(RETRY_POLICY.maxDelay, RETRY_POLICY.baseDelay * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(r * ceiling);
}

function header(
  headers: Headers | Record<string, string> | undefined,
  name: string,
): string | null {
  if (headers === undefined) return null;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name);
  const record = headers as Record<string, string>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

/**
 * Reads how long the server asked to wait, in ms: `retry-after-ms`, else `Retry-After` as
 * seconds or an HTTP date. `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 */
export function parseRetryAfter(
  headers: Headers | Record<string, string> | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const raw = header(headers, 'retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** How long the API asked to wait before retrying `error`, in ms. */
function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof RateLimitError && error.retryAfter !== undefined) return error.retryAfter;
  if (error instanceof APIError) return parseRetryAfter(error.headers);
  return undefined;
}

/**
 * True when a failed submit provably created no job, so re-sending it cannot bill twice:
 * 429, connection refused (nothing sent), or 503 with an empty body (gateway, not the API).
 *
 * @example
 * ```ts
 * submitNotCreated(new RateLimitError('slow down', { status: 429 })); // true
 * ```
 */
export function submitNotCreated(error: unknown): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof ConnectionError) return !error.maybeSent;
  if (error instanceof ServerError) {
    return error.status === 503 && (error.body === undefined || error.body === '');
  }
  return false;
}

/**
 * True when a failed submit may have created a job the client does not know about (a response
 * was lost or unreadable): the caller must look for it instead of re-sending.
 *
 * @example
 * ```ts
 * submitOutcomeUnknown(new ConnectionError('reset', { maybeSent: true })); // true
 * ```
 */
export function submitOutcomeUnknown(error: unknown): boolean {
  if (submitNotCreated(error)) return false;
  if (error instanceof ConnectionError || error instanceof RequestTimeoutError) return true;
  if (error instanceof ServerError) return true;
  return false;
}

/**
 * Whether an error is transient (worth another attempt of an idempotent call).
 *
 * @example
 * ```ts
 * isTransient(new ServerError('busy', { status: 503 })); // true
 * ```
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof RequestTimeoutError) return true;
  if (error instanceof ServerError) return true;
  if (error instanceof APIError && error.status !== undefined) {
    return RETRY_POLICY.retryableStatuses.includes(error.status);
  }
  return false;
}

/**
 * One retry decision: whether to retry, after how long, and whether it uses up one of
 * `maxRetries` (rate-limit waits of a submit do not).
 */
export type RetryDecision =
  | { retry: false; reason: string }
  | { retry: true; delay: number; consume: boolean };

/**
 * The retry policy as a pure function of the failure, the mode and the retry number (1-based).
 *
 * @example
 * ```ts
 * decideRetry(new ServerError('boom', { status: 502 }), 'submit', 1); // { retry: false, … }
 * ```
 */
export function decideRetry(
  error: unknown,
  mode: RetryMode,
  retry: number,
  random: () => number = Math.random,
): RetryDecision {
  if (mode === 'never') return { retry: false, reason: 'retries are off for this call' };
  const allowed = mode === 'submit' ? submitNotCreated(error) : isTransient(error);
  if (!allowed) {
    return {
      retry: false,
      reason:
        mode === 'submit' ? 'the submit may have created a job' : 'the failure is not transient',
    };
  }
  const hint = retryAfterOf(error);
  if (hint !== undefined && hint > RETRY_POLICY.maxRetryAfter) {
    return { retry: false, reason: `the server asked to wait ${hint} ms (over the cap)` };
  }
  const delay = hint ?? backoffDelay(retry, random);
  const consume = !(mode === 'submit' && error instanceof RateLimitError);
  return { retry: true, delay, consume };
}

/**
 * What a retry notification carries.
 */
export interface RetryInfo {
  error: unknown;
  /** The retry about to happen, 1-based. */
  retry: number;
  /** How long the SDK waits before it, ms. */
  delay: number;
}

/**
 * Runs `attempt` under the retry policy (p-retry underneath): transient failures are retried up
 * to `maxRetries` times with backoff or the server's Retry-After; a submit only when no job can
 * exist. The abort signal ends the waits at once. The first attempt runs on its own: the retry
 * loop (and p-retry, loaded on first use) only comes in once an attempt has failed.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: {
    mode: RetryMode;
    maxRetries: number;
    signal?: AbortSignal | undefined;
    /** Epoch ms after which no retry starts (and no backoff waits past it). */
    deadline?: number | undefined;
    onRetry?: ((info: RetryInfo) => void) | undefined;
    random?: () => number;
  },
): Promise<T> {
  if (options.mode === 'never' || options.maxRetries <= 0) {
    return attempt(1);
  }
  let first: unknown;
  try {
    const result = await attempt(1);
    options.signal?.throwIfAborted();
    return result;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    first = error;
  }
  return retryAfterFailure(first, attempt, options);
}

/** p-retry, loaded when the first retry is needed: most calls never retry. */
const loadPRetry = lazy(() => import('p-retry'));

/**
 * The retry loop after a failed first attempt (p-retry sees that failure as its attempt 1): for
 * callers that run the first attempt themselves, so the common, successful call builds none of
 * this.
 */
export async function retryAfterFailure<T>(
  first: unknown,
  attempt: (attemptNumber: number) => Promise<T>,
  options: Parameters<typeof withRetry>[1],
): Promise<T> {
  const { default: pRetry } = await loadPRetry();
  let decision: RetryDecision = { retry: false, reason: '' };
  let retries = 0;
  let rateLimitWaits = 0;
  const { deadline } = options;
  return pRetry((n) => (n === 1 ? Promise.reject(first) : attempt(n)), {
    retries: options.maxRetries,
    minTimeout: 0,
    // Past the deadline p-retry ends with the last attempt's (typed) error.
    ...(deadline === undefined ? {} : { maxRetryTime: Math.max(0, deadline - Date.now()) }),
    signal: options.signal,
    shouldConsumeRetry: ({ error }) => {
      decision = decideRetry(error, options.mode, retries + 1, options.random);
      if (decision.retry && !decision.consume) {
        rateLimitWaits += 1;
        if (rateLimitWaits <= RETRY_POLICY.maxRateLimitWaits) return false;
      }
      return true;
    },
    shouldRetry: async ({ error }) => {
      if (!decision.retry) return false;
      if (decision.consume) retries += 1;
      options.onRetry?.({ error, retry: retries, delay: decision.delay });
      const wait =
        deadline === undefined ? decision.delay : Math.min(decision.delay, deadline - Date.now());
      await abortableSleep(wait, options.signal);
      return true;
    },
  });
}
