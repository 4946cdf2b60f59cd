import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  PredictionFailedError,
  PredictionTimeoutError,
  ValidationError,
} from '../../src/core/errors.js';
import {
  DurationLearner,
  nextPollDelay,
  POLL_SCHEDULE,
  pollUntilDone,
} from '../../src/core/polling.js';

interface P {
  id: string;
  model: string;
  status: string;
  error?: string;
}

describe('nextPollDelay', () => {
  it('never waits more than 1 s between polls for a model it knows nothing about', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (elapsed, polls) => {
          const delay = nextPollDelay({ elapsed, polls });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(POLL_SCHEDULE.cap);
        },
      ),
    );
  });

  it('looks soon after submit, then ramps up to the 1 s cap', () => {
    expect(nextPollDelay({ elapsed: 0, polls: 0 })).toBe(250);
    const ramp = [1, 2, 3, 4, 5].map((polls) => nextPollDelay({ elapsed: 5000, polls }));
    expect(ramp).toEqual([500, 750, 1000, 1000, 1000]);
  });

  it('sleeps to just before the expected end, then polls densely, then eases off', () => {
    const estimate = { mean: 5000, deviation: 50, samples: 4 };
    const first = nextPollDelay({ elapsed: 0, polls: 0, estimate });
    expect(first).toBeGreaterThan(4000);
    expect(first).toBeLessThan(5000);
    expect(nextPollDelay({ elapsed: 4900, polls: 1, estimate })).toBe(POLL_SCHEDULE.dense);
    expect(nextPollDelay({ elapsed: 60_000, polls: 10, estimate })).toBe(POLL_SCHEDULE.cap);
  });

  it('always returns a delay within (0, maxSleep] once a duration is known', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (elapsed, mean, deviation) => {
          const delay = nextPollDelay({
            elapsed,
            polls: 1,
            estimate: { mean, deviation, samples: 2 },
          });
          expect(delay).toBeGreaterThan(0);
          expect(delay).toBeLessThanOrEqual(POLL_SCHEDULE.maxSleep);
        },
      ),
    );
  });

  it('uses the fixed interval when one is set', () => {
    expect(nextPollDelay({ elapsed: 0, polls: 0, fixed: 123 })).toBe(123);
  });
});

describe('DurationLearner', () => {
  it('converges on the typical duration of a model', () => {
    const learner = new DurationLearner();
    learner.record('m/a', 900, 1100);
    for (let i = 0; i < 20; i += 1) learner.record('m/a', 2950, 3050);
    const estimate = learner.estimate('m/a');
    expect(estimate?.mean).toBeGreaterThan(2900);
    expect(estimate?.mean).toBeLessThan(3100);
    expect(estimate?.samples).toBe(21);
    expect(learner.estimate('m/b')).toBeUndefined();
  });

  it('forgets the oldest model beyond its capacity', () => {
    const learner = new DurationLearner({ maxModels: 2 });
    learner.record('a/1', 1, 2);
    learner.record('a/2', 1, 2);
    learner.record('a/3', 1, 2);
    expect(learner.estimate('a/1')).toBeUndefined();
    expect(learner.estimate('a/3')).toBeDefined();
  });
});

describe('pollUntilDone', () => {
  const base = { id: 'p1', model: 'm/x' };

  it('resolves on completed, reports each status once, and learns the duration', async () => {
    const statuses = ['created', 'processing', 'processing', 'completed'];
    const seen: string[] = [];
    const learner = new DurationLearner();
    const done = await pollUntilDone<P>({
      id: 'p1',
      pollInterval: 5,
      learner,
      initial: { ...base, status: 'created' },
      fetch: async () => ({ ...base, status: statuses.shift() ?? 'completed' }),
      onProgress: (p) => seen.push(p.status),
    });
    expect(done.status).toBe('completed');
    expect(seen).toEqual(['created', 'processing', 'completed']);
    expect(learner.estimate('m/x')?.samples).toBe(1);
  });

  it('throws PredictionFailedError with the prediction for terminal failures', async () => {
    for (const status of ['failed', 'cancelled', 'timeout', 'deleted']) {
      const error = await pollUntilDone<P>({
        id: 'p1',
        pollInterval: 1,
        fetch: async () => ({ ...base, status, error: 'nope' }),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PredictionFailedError);
      expect((error as PredictionFailedError).predictionId).toBe('p1');
    }
  });

  it('retries transient poll failures and keeps going', async () => {
    let calls = 0;
    const done = await pollUntilDone<P>({
      id: 'p1',
      pollInterval: 1,
      fetch: async () => {
        calls += 1;
        if (calls < 3) throw new ConnectionError('flaky');
        return { ...base, status: 'completed' };
      },
    });
    expect(done.status).toBe('completed');
    expect(calls).toBe(3);
  });

  it('attaches the id to a non-transient poll failure', async () => {
    const error = await pollUntilDone<P>({
      id: 'p9',
      pollInterval: 1,
      fetch: async () => {
        throw new ValidationError('bad');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).predictionId).toBe('p9');
  });

  it('ends at the deadline with the id and last status, even mid-request', async () => {
    const started = Date.now();
    const error = await pollUntilDone<P>({
      id: 'p1',
      timeout: 150,
      pollInterval: 1,
      initial: { ...base, status: 'processing' },
      fetch: (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PredictionTimeoutError);
    expect(error).toMatchObject({ predictionId: 'p1', lastStatus: 'processing', timeout: 150 });
    expect((error as Error).message).toContain('client.predictions.wait("p1")');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const promise = pollUntilDone<P>({
      id: 'p1',
      pollInterval: 10_000,
      signal: controller.signal,
      fetch: async () => ({ ...base, status: 'processing' }),
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(promise).rejects.toBe(reason);
  });
});
