import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abortableSleep } from '../../src/core/abort.js';
import {
  APIError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from '../../src/core/errors.js';
import {
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  RETRY_POLICY,
  type RetryMode,
  submitNotCreated,
  submitOutcomeUnknown,
  withRetry,
} from '../../src/core/retry.js';

const unit = fc.double({ min: 0, max: 1, noNaN: true });

/** Every failure the core can produce, with whether a job may exist after it. */
const failures = fc.oneof(
  fc
    .constantFrom(408, 429, 500, 502, 503, 504, 400, 401, 403, 404)
    .map((status) =>
      status === 429
        ? new RateLimitError('rate', { status })
        : status >= 500
          ? new ServerError('server', { status, body: { code: status } })
          : status === 404
            ? new NotFoundError('nf', { status })
            : status === 408
              ? new APIError('request timeout', { status })
              : new ValidationError('bad', { status }),
    ),
  fc.boolean().map((maybeSent) => new ConnectionError('net', { maybeSent })),
  fc.constant(new RequestTimeoutError('slow', { timeout: 10 })),
  fc.constant(new ServerError('empty 503', { status: 503 })),
  fc.constant(new ServerError('truncated', { status: 200, body: '{"code":200,"da' })),
);

describe('backoffDelay', () => {
  it('stays within [0, min(8 s, 0.5 s · 2^(n-1))] for any retry and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), unit, (retry, r) => {
        const delay = backoffDelay(retry, () => r);
        const ceiling = Math.min(
          RETRY_POLICY.maxDelay,
          RETRY_POLICY.baseDelay * 2 ** Math.min(30, retry - 1),
        );
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(delay).toBeLessThanOrEqual(RETRY_POLICY.maxDelay);
      }),
    );
  });

  it('uses the whole range (full jitter)', () => {
    expect(backoffDelay(1, () => 0)).toBe(0);
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(50, () => 1)).toBe(8000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter({ 'Retry-After': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('honours any Retry-After up to the cap and refuses beyond it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 5 }),
        (seconds, n) => {
          const error = new RateLimitError('rate', {
            status: 429,
            headers: { 'retry-after': String(seconds) },
            retryAfter: seconds * 1000,
          });
          const decision = decideRetry(error, 'idempotent', n);
          if (seconds * 1000 > RETRY_POLICY.maxRetryAfter) {
            expect(decision.retry).toBe(false);
          } else {
            expect(decision).toMatchObject({ retry: true, delay: seconds * 1000 });
          }
        },
      ),
    );
  });
});

describe('decideRetry', () => {
  it('never re-sends a submit whose outcome is ambiguous', () => {
    fc.assert(
      fc.property(failures, fc.integer({ min: 1, max: 10 }), unit, (error, n, r) => {
        const decision = decideRetry(error, 'submit', n, () => r);
        if (decision.retry) expect(submitNotCreated(error)).toBe(true);
        if (submitOutcomeUnknown(error)) expect(decision.retry).toBe(false);
      }),
    );
  });

  it('re-sends a submit only on 429, refused connections and empty 503s', () => {
    expect(decideRetry(new RateLimitError('r', { status: 429 }), 'submit', 1).retry).toBe(true);
    expect(decideRetry(new ConnectionError('c', { maybeSent: false }), 'submit', 1).retry).toBe(
      true,
    );
    expect(decideRetry(new ServerError('s', { status: 503 }), 'submit', 1).retry).toBe(true);
    expect(decideRetry(new ServerError('s', { status: 503, body: 'x' }), 'submit', 1).retry).toBe(
      false,
    );
    expect(decideRetry(new ConnectionError('c', { maybeSent: true }), 'submit', 1).retry).toBe(
      false,
    );
    expect(decideRetry(new ServerError('s', { status: 500 }), 'submit', 1).retry).toBe(false);
  });

  it('retries idempotent calls on transient failures only, and never in "never" mode', () => {
    fc.assert(
      fc.property(failures, fc.constantFrom<RetryMode>('idempotent', 'never'), (error, mode) => {
        const decision = decideRetry(error, mode, 1, () => 0.5);
        const transient =
          (error instanceof APIError && error.status === 408) ||
          error instanceof ConnectionError ||
          error instanceof RequestTimeoutError ||
          error instanceof ServerError ||
          error instanceof RateLimitError;
        expect(decision.retry).toBe(mode === 'idempotent' && transient);
      }),
    );
  });

  it('lets rate-limit waits of a submit not use up maxRetries', () => {
    const decision = decideRetry(
      new RateLimitError('r', { status: 429, retryAfter: 10 }),
      'submit',
      1,
    );
    expect(decision).toEqual({ retry: true, delay: 10, consume: false });
  });
});

describe('withRetry', () => {
  it('retries up to maxRetries and returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new ServerError('boom', { status: 502 });
        return 'ok';
      },
      { mode: 'idempotent', maxRetries: 2, random: () => 0 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after maxRetries with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new ServerError(`boom ${calls}`, { status: 500 });
        },
        { mode: 'idempotent', maxRetries: 2, random: () => 0 },
      ),
    ).rejects.toThrow('boom 3');
    expect(calls).toBe(3);
  });

  it('does not retry what the policy refuses', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new ServerError('boom', { status: 500, body: {} });
        },
        { mode: 'submit', maxRetries: 5 },
      ),
    ).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it('rejects with the signal reason as soon as it aborts during a backoff', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const started = Date.now();
    const promise = withRetry(
      async () => {
        throw new RateLimitError('r', { status: 429, retryAfter: 30_000 });
      },
      {
        mode: 'idempotent',
        maxRetries: 2,
        signal: controller.signal,
        onRetry: () => controller.abort(reason),
      },
    );
    await expect(promise).rejects.toBe(reason);
    // The Retry-After was 30 s: only the abort can have ended the wait before it.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reports each retry with its delay', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new RateLimitError('r', { status: 429, retryAfter: 5 });
        return calls;
      },
      { mode: 'submit', maxRetries: 1, onRetry: (info) => delays.push(info.delay) },
    );
    expect(delays).toEqual([5]);
  });
});

describe('abortableSleep', () => {
  it('rejects at once for an aborted signal and clears its timer on abort', async () => {
    const reason = new Error('gone');
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });
});
