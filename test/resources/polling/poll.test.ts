import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionError, ValidationError } from '../../../src/core/errors.js';
import {
  PredictionFailedError,
  PredictionTimeoutError,
} from '../../../src/core/prediction-errors.js';
import { DurationLearner } from '../../../src/resources/polling/learner.js';
import { pollUntilDone } from '../../../src/resources/polling/poll.js';
import {
  isVideoModel,
  nextPollDelay,
  POLL_SCHEDULE,
  planPolls,
} from '../../../src/resources/polling/schedule.js';

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
          // (A look a few ms early counts as on its tick: the next one is a tick later.)
          expect(delay).toBeLessThanOrEqual(POLL_SCHEDULE.cap + 5);
        },
      ),
    );
  });

  it('looks after 1 s, then every 0.9 s, then every second, for an unknown model', () => {
    expect(nextPollDelay({ elapsed: 0, polls: 0 })).toBe(1_000);
    expect(nextPollDelay({ elapsed: 40, polls: 0 })).toBe(960);
    // On a grid from the first look: a slow answer does not push the next look later.
    expect([1_000, 1_930, 2_799].map((elapsed) => nextPollDelay({ elapsed, polls: 2 }))).toEqual([
      900, 870, 901,
    ]);
    // The 1 s grid starts at the first 0.9 s tick past 12 s (12.7 s).
    expect(nextPollDelay({ elapsed: 12_700, polls: 14 })).toBe(1_000);
    expect(nextPollDelay({ elapsed: 20_000, polls: 20 })).toBe(700);
  });

  it('spends no look on a queued job before the shortest run of its model could end', () => {
    expect(nextPollDelay({ elapsed: 1_000, polls: 1, notBefore: 3_500 })).toBe(2_500);
    const plan = { wake: 1_200, interval: 100, lateAt: 1_600 };
    expect(nextPollDelay({ elapsed: 1_000, polls: 1, plan, notBefore: 4_000 })).toBe(3_000);
    expect(nextPollDelay({ elapsed: 4_000, polls: 2, plan, notBefore: 4_000 })).toBe(1_000);
  });

  it('sleeps until the planned look, polls densely, then backs off geometrically when late', () => {
    const plan = { wake: 2700, interval: 250, lateAt: 3600 };
    expect(nextPollDelay({ elapsed: 0, polls: 0, plan })).toBe(2700);
    expect(nextPollDelay({ elapsed: 2700, polls: 1, plan })).toBe(250);
    expect(nextPollDelay({ elapsed: 3600, polls: 5, plan })).toBe(250);
    expect(nextPollDelay({ elapsed: 4000, polls: 5, plan })).toBe(POLL_SCHEDULE.late);
    const short = { wake: 330, interval: 45, lateAt: 400 };
    // ×2.5 per look from the time since submit, up to a second apart.
    expect(nextPollDelay({ elapsed: 420, polls: 3, plan: short })).toBe(630);
    expect(nextPollDelay({ elapsed: 1_050, polls: 4, plan: short })).toBe(POLL_SCHEDULE.late);
    expect(nextPollDelay({ elapsed: 60_000, polls: 10, plan })).toBe(POLL_SCHEDULE.late);
    expect(nextPollDelay({ elapsed: 1_050, polls: 4, plan: short, video: true })).toBe(
      POLL_SCHEDULE.lateVideo,
    );
    expect(nextPollDelay({ elapsed: 0, polls: 0, plan: { ...plan, wake: 120_000 } })).toBe(
      POLL_SCHEDULE.maxSleep,
    );
  });

  it('looks a second apart at once at a job found queued where its plan expected it nearly done', () => {
    const short = { wake: 330, interval: 45, lateAt: 400 };
    expect(nextPollDelay({ elapsed: 330, polls: 1, plan: short, queuedLate: true })).toBe(1_000);
    expect(
      nextPollDelay({ elapsed: 330, polls: 1, plan: short, queuedLate: true, video: true }),
    ).toBe(900);
    // Still no look before the shortest run could end.
    expect(
      nextPollDelay({ elapsed: 330, polls: 1, plan: short, queuedLate: true, notBefore: 2_330 }),
    ).toBe(2_000);
  });

  it('uses the fixed interval when one is set', () => {
    expect(nextPollDelay({ elapsed: 0, polls: 0, fixed: 123 })).toBe(123);
  });

  it('polls at once when a plan made mid-wait is already due', () => {
    const plan = { wake: 30, interval: 5, lateAt: 60 };
    expect(nextPollDelay({ elapsed: 120, polls: 1, plan, planned: 0 })).toBe(0);
    expect(nextPollDelay({ elapsed: 10, polls: 1, plan, planned: 0 })).toBe(20);
    expect(nextPollDelay({ elapsed: 40, polls: 2, plan, planned: 1 })).toBe(5);
  });

  it('looks at a video job after 5 s, then every 0.9 s up to 45 s, then every second', () => {
    expect(nextPollDelay({ elapsed: 0, polls: 0, video: true })).toBe(5_000);
    expect(nextPollDelay({ elapsed: 12_200, polls: 8, video: true })).toBe(900);
    expect(nextPollDelay({ elapsed: 50_500, polls: 46, video: true })).toBe(1_000);
  });

  it('lets a scout look early and often before the first look, then as usual', () => {
    const looks: number[] = [];
    let t = 0;
    for (let polls = 0; t < 3_000; polls += 1) {
      t += nextPollDelay({ elapsed: t, polls, scout: true });
      looks.push(t);
    }
    expect(looks.slice(0, POLL_SCHEDULE.scout.length + 2)).toEqual([
      ...POLL_SCHEDULE.scout,
      POLL_SCHEDULE.unseen.first,
      POLL_SCHEDULE.unseen.first + POLL_SCHEDULE.unseen.interval,
    ]);
  });
});

/** Requests and detection delay of a schedule for a job ending at `end` ms after submit. */
function simulate(end: number, next: (elapsed: number, polls: number) => number) {
  let t = 0;
  let polls = 0;
  for (;;) {
    t += next(t, polls);
    polls += 1;
    if (t >= end) return { polls, delay: t - end };
  }
}

describe('planPolls', () => {
  it('keeps every plan inside the plausible range and the interval ceiling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 600_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (lo, width) => {
          const plan = planPolls({ mean: lo + width / 2, lo, hi: lo + width, samples: 4 });
          const span = Math.max(1, width);
          expect(plan.wake).toBeGreaterThanOrEqual(Math.max(0, lo - 0.25 * span) - 1);
          expect(plan.wake).toBeLessThanOrEqual(lo + 1.25 * span + 1);
          expect(plan.interval).toBeLessThanOrEqual(POLL_SCHEDULE.cap);
          expect(plan.lateAt).toBeGreaterThanOrEqual(lo + width);
        },
      ),
    );
  });

  it('halves requests and detection delay of a 1 s poll for repeated jobs (±10% durations)', () => {
    for (const typical of [1_500, 3_000, 10_000, 60_000]) {
      const learner = new DurationLearner();
      let seed = typical;
      const random = (): number => {
        // mulberry32: a small, well-mixed deterministic generator.
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
      };
      const duration = (): number => typical * (0.9 + 0.2 * random());
      for (let i = 0; i < 8; i += 1) {
        const d = duration();
        learner.record('m/x', d - 50, d + 50);
      }
      const estimate = learner.estimate('m/x');
      if (estimate === undefined) throw new Error('no estimate');
      const plan = planPolls(estimate);
      let ours = { polls: 0, delay: 0 };
      let fixed = { polls: 0, delay: 0 };
      for (let i = 0; i < 400; i += 1) {
        const end = duration();
        const a = simulate(end, (elapsed, polls) => nextPollDelay({ elapsed, polls, plan }));
        const b = simulate(end, (_elapsed, polls) => (polls === 0 ? 0 : 1000));
        ours = { polls: ours.polls + a.polls, delay: ours.delay + a.delay };
        fixed = { polls: fixed.polls + b.polls, delay: fixed.delay + b.delay };
      }
      expect(ours.polls / fixed.polls, `requests, ${typical} ms jobs`).toBeLessThanOrEqual(0.5);
      expect(ours.delay / fixed.delay, `delay, ${typical} ms jobs`).toBeLessThanOrEqual(0.5);
    }
  });

  it('looks within a few ms at jobs that take a few ms', () => {
    const plan = planPolls({ mean: 5, lo: 3, hi: 8, samples: 16 });
    expect(plan.wake).toBeLessThanOrEqual(10);
    expect(plan.interval).toBeLessThanOrEqual(5);
  });

  it('spends what a video model saves early on looking more often: fewer requests, less delay', () => {
    const video = (elapsed: number, polls: number): number =>
      nextPollDelay({ elapsed, polls, video: true });
    const fixed = (_elapsed: number, polls: number): number => (polls === 0 ? 0 : 1000);
    for (let end = 5_000; end <= 300_000; end += 997) {
      expect(simulate(end, video).polls, `${end} ms`).toBeLessThanOrEqual(
        simulate(end, fixed).polls,
      );
    }
    // Averaged over where the job ends against either poll's phase (9 s: 9 × 1 s, 10 × 0.9 s).
    for (const from of [5, 15, 30]) {
      const ends = Array.from({ length: 900 }, (_, i) => from * 1000 + i * 10);
      const delay = (next: typeof fixed) =>
        ends.reduce((sum, end) => sum + simulate(end, next).delay, 0) / ends.length;
      expect(delay(video), `${from}–${from + 9} s`).toBeLessThan(0.95 * delay(fixed));
    }
  });

  it('sees a first job done sooner than a 1 s poll, with fewer requests (2 s and 8 s jobs)', () => {
    const fixed = (_elapsed: number, polls: number): number => (polls === 0 ? 0 : 1000);
    const first = (elapsed: number, polls: number): number => nextPollDelay({ elapsed, polls });
    for (const seconds of [2, 8]) {
      // Every phase of the job's end against either poll: ±0.5 s around the length.
      const ends = Array.from({ length: 100 }, (_, i) => seconds * 1000 - 500 + i * 10);
      const total = (next: typeof fixed) =>
        ends.reduce(
          (sum, end) => {
            const run = simulate(end, next);
            return { polls: sum.polls + run.polls, delay: sum.delay + run.delay };
          },
          { polls: 0, delay: 0 },
        );
      const ours = total(first);
      const theirs = total(fixed);
      expect(ours.polls, `requests, ${seconds} s`).toBeLessThan(theirs.polls);
      expect(ours.delay, `delay, ${seconds} s`).toBeLessThan(theirs.delay);
    }
  });

  it('sees a job whose duration shifted done about as soon as a 1 s poll, for a look or two more', () => {
    const fixed = (_elapsed: number, polls: number): number => (polls === 0 ? 0 : 1000);
    for (const [learned, actual] of [
      [300, 3_500],
      [3_000, 30_000],
    ] as const) {
      const learner = new DurationLearner();
      for (let i = 0; i < 8; i += 1) {
        const d = learned * (0.95 + 0.01 * i);
        learner.record('m/s', d - 20, d + 20);
      }
      const plan = learner.plan('m/s');
      const shifted = (elapsed: number, polls: number): number =>
        nextPollDelay({ elapsed, polls, plan, planned: polls });
      const ends = Array.from({ length: 100 }, (_, i) => actual - 500 + i * 10);
      const sum = (next: typeof fixed, key: 'polls' | 'delay') =>
        ends.reduce((total, end) => total + simulate(end, next)[key], 0);
      // Nothing but the time says the job is late here (no queued look: see pollUntilDone's
      // tests for that): the dense looks of the plan and the back-off cost up to two more.
      expect(sum(shifted, 'polls'), `requests, ${learned} → ${actual}`).toBeLessThanOrEqual(
        sum(fixed, 'polls') + 2 * ends.length,
      );
      expect(sum(shifted, 'delay'), `delay, ${learned} → ${actual}`).toBeLessThanOrEqual(
        1.2 * sum(fixed, 'delay'),
      );
    }
  });

  it('is never worse than a 1 s poll for a model seen for the first time', () => {
    for (const end of [100, 700, 1_000, 2_950, 3_000, 3_050, 9_999, 61_234]) {
      const ours = simulate(end, (elapsed, polls) => nextPollDelay({ elapsed, polls }));
      const fixed = simulate(end, (_elapsed, polls) => (polls === 0 ? 0 : 1000));
      expect(ours.polls).toBeLessThanOrEqual(fixed.polls);
    }
  });
});

/**
 * Repeated jobs of `duration` ms through the learner, recorded as pollUntilDone records them
 * (the server reports 85 % of the time as inference); returns the detection delay of each job.
 */
function learnRepeated(duration: number, jobs: number): number[] {
  const learner = new DurationLearner();
  const delays: number[] = [];
  for (let job = 0; job < jobs; job += 1) {
    const plan = learner.plan('m/r');
    let t = 0;
    let polls = 0;
    let planned = 0;
    let lastRunning = 0;
    for (;;) {
      t += nextPollDelay({ elapsed: t, polls, plan, planned });
      polls += 1;
      if (plan !== undefined) planned += 1;
      if (t >= duration) break;
      lastRunning = t;
    }
    learner.record('m/r', Math.min(t, Math.max(lastRunning, 0.85 * duration)), t);
    delays.push(t - duration);
  }
  return delays;
}

describe('isVideoModel', () => {
  it('tells video models by their id', () => {
    for (const id of [
      'alibaba/wan-2.5/text-to-video',
      'bytedance/seedance-v1-pro-t2v-480p',
      'wavespeed-ai/wan-2.2/i2v-720p',
      'wavespeed-ai/video-upscaler',
    ]) {
      expect(isVideoModel(id), id).toBe(true);
    }
    for (const id of ['wavespeed-ai/flux-dev', 'google/imagen4', 'wavespeed-ai/any-llm']) {
      expect(isVideoModel(id), id).toBe(false);
    }
  });
});

describe('DurationLearner', () => {
  it('narrows to what every job showed: one tight window sharpens wide ones at once', () => {
    const learner = new DurationLearner();
    for (let i = 0; i < 5; i += 1) learner.record('m/n', 0, 250);
    const wide = learner.estimate('m/n');
    learner.record('m/n', 4, 6);
    const sharp = learner.estimate('m/n');
    expect(wide?.hi).toBeGreaterThan(50);
    expect(sharp?.lo).toBeGreaterThanOrEqual(0);
    expect(sharp?.hi).toBeLessThan(10);
    expect(sharp?.mean).toBeGreaterThanOrEqual(4);
    expect(sharp?.mean).toBeLessThanOrEqual(6);
  });

  it('converges on short jobs as on long ones: a few ms late for 5 ms jobs', () => {
    for (const duration of [5, 50, 300, 2_000]) {
      const delays = learnRepeated(duration, 25).slice(-5);
      const worst = Math.max(...delays);
      expect(worst, `${duration} ms jobs`).toBeLessThanOrEqual(Math.max(5, 0.3 * duration));
    }
  });

  it('keeps the plan while what is known stays the same', () => {
    const learner = new DurationLearner();
    for (let i = 0; i < 16; i += 1) learner.record('m/p', 2_000, 2_100);
    const plan = learner.plan('m/p');
    expect(learner.plan('m/p')).toBe(plan);
    learner.record('m/p', 2_000, 2_100);
    expect(learner.plan('m/p')).toBe(plan);
    learner.record('m/p', 5_000, 5_100);
    expect(learner.plan('m/p')).not.toBe(plan);
  });

  it('tells waiting jobs when a job of their model is recorded, until they detach', () => {
    const learner = new DurationLearner();
    let calls = 0;
    const detach = learner.onRecord('m/l', () => {
      calls += 1;
    });
    learner.record('m/other', 1, 2);
    learner.record('m/l', 1, 2);
    detach();
    learner.record('m/l', 1, 2);
    expect(calls).toBe(1);
  });

  it('picks one scout once enough jobs of an unseen model are in flight', () => {
    const learner = new DurationLearner();
    const jobs = Array.from({ length: 6 }, () => learner.join('m/s'));
    expect(jobs.map((j) => j.scout)).toEqual([false, false, false, true, false, false]);
    jobs[3]?.leave();
    expect(learner.join('m/s').scout).toBe(true);
  });

  it('estimates a plausible range from recent durations', () => {
    const learner = new DurationLearner();
    expect(learner.estimate('m/a')).toBeUndefined();
    learner.record('m/a', 2900, 3100);
    expect(learner.estimate('m/a')).toEqual({ mean: 3000, lo: 2400, hi: 3600, samples: 1 });
    for (const d of [2800, 3200, 3000]) learner.record('m/a', d, d);
    const estimate = learner.estimate('m/a');
    expect(estimate?.samples).toBe(4);
    expect(estimate?.lo).toBeLessThan(2800);
    expect(estimate?.hi).toBeGreaterThan(3200);
    for (let i = 0; i < 40; i += 1) learner.record('m/a', 5000, 5000);
    expect(learner.estimate('m/a')).toMatchObject({ mean: 5000, samples: 16 });
  });

  it('follows a shift after two jobs that both end far outside the learned range', () => {
    const learner = new DurationLearner();
    for (let i = 0; i < 8; i += 1) learner.record('m/shift', 280, 320);
    learner.record('m/shift', 3_400, 3_600);
    // One job far off may be noise: the estimate still centres on the old range.
    expect(learner.estimate('m/shift')?.mean).toBeLessThan(1_000);
    learner.record('m/shift', 3_300, 3_500);
    const now = learner.estimate('m/shift');
    expect(now?.lo).toBeGreaterThan(2_500);
    expect(now?.samples).toBeLessThanOrEqual(2);
  });

  it('learns run times from the reported inference, apart from the queue time', () => {
    const learner = new DurationLearner();
    expect(learner.runTime('m/run')).toBeUndefined();
    learner.record('m/run', 5_000, 5_200, 1_000);
    learner.record('m/run', 2_000, 2_100, 1_100);
    const run = learner.runTime('m/run');
    expect(run?.lo).toBeLessThanOrEqual(1_000);
    expect(run?.lo).toBeGreaterThan(800);
    expect(run?.hi).toBeGreaterThanOrEqual(1_100);
    expect(run?.hi).toBeLessThan(1_300);
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
      submittedAt: Date.now(),
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

  it('takes the reported inference time as a lower bound of the duration', async () => {
    const learner = new DurationLearner();
    await pollUntilDone<P & { timings?: { inference?: number } }>({
      id: 'p1',
      submittedAt: Date.now() - 3_000,
      pollInterval: 1,
      learner,
      initial: { ...base, status: 'created' },
      fetch: async () => ({ ...base, status: 'completed', timings: { inference: 2_500 } }),
    });
    // Seen done 3 s after submit, never seen running: without the inference time, anything
    // from 0 to 3 s.
    expect(learner.estimate('m/x')?.mean).toBeGreaterThan(2_400);
  });

  it('plans at once when a sibling job of an unseen model finishes first', async () => {
    vi.useFakeTimers();
    try {
      const learner = new DurationLearner();
      const started = Date.now();
      let done = false;
      const waiting = pollUntilDone<P>({
        id: 'slow-to-look',
        submittedAt: started,
        learner,
        initial: { id: 'slow-to-look', model: 'm/w', status: 'created' },
        fetch: async () => ({ id: 'slow-to-look', model: 'm/w', status: 'completed' }),
      }).then(() => {
        done = true;
      });
      const sibling = pollUntilDone<P>({
        id: 'sibling',
        submittedAt: started,
        pollInterval: 5,
        learner,
        initial: { id: 'sibling', model: 'm/w', status: 'created' },
        fetch: async () => ({ id: 'sibling', model: 'm/w', status: 'completed' }),
      });
      // Far less than the first look of an unseen model: only the sibling's finish can wake it.
      await vi.advanceTimersByTimeAsync(POLL_SCHEDULE.unseen.first / 10);
      expect(done).toBe(true);
      await Promise.all([waiting, sibling]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets one of many jobs of an unseen model scout early for all of them', async () => {
    vi.useFakeTimers();
    try {
      const learner = new DurationLearner();
      const started = Date.now();
      let calls = 0;
      let settled = 0;
      const all = Array.from({ length: 8 }, (_, i) =>
        pollUntilDone<P>({
          id: `j${i}`,
          submittedAt: started,
          learner,
          initial: { id: `j${i}`, model: 'm/b', status: 'created' },
          fetch: async () => {
            calls += 1;
            return { id: `j${i}`, model: 'm/b', status: 'completed' };
          },
        }).then(() => {
          settled += 1;
        }),
      );
      await vi.advanceTimersByTimeAsync(POLL_SCHEDULE.unseen.first / 2);
      expect(settled).toBe(8);
      expect(calls).toBe(8);
      await Promise.all(all);
    } finally {
      vi.useRealTimers();
    }
  });

  it('spends no look on a queued job before its shortest run could end, and plans from its start', async () => {
    vi.useFakeTimers();
    try {
      const learner = new DurationLearner();
      // Jobs of this model run ~2 s once they leave the queue.
      for (let i = 0; i < 4; i += 1) learner.record('m/q', 2_900, 3_000, 2_000);
      const started = Date.now();
      // This one waits 20 s in the queue (the account's other jobs), then runs 2 s.
      const statusAt = (t: number): string =>
        t < 20_000 ? 'created' : t < 22_000 ? 'processing' : 'completed';
      let looks = 0;
      const done = pollUntilDone<P>({
        id: 'queued',
        submittedAt: started,
        learner,
        initial: { id: 'queued', model: 'm/q', status: 'created' },
        fetch: async () => {
          looks += 1;
          return { id: 'queued', model: 'm/q', status: statusAt(Date.now() - started) };
        },
      });
      await vi.advanceTimersByTimeAsync(30_000);
      const result = await done;
      expect(result.status).toBe('completed');
      // A 1 s poll would look 23 times; the queued stretch costs one look per shortest run.
      expect(looks).toBeLessThanOrEqual(16);
    } finally {
      vi.useRealTimers();
    }
  });

  it('costs no more looks than a 1 s poll when a queued look shows a learnt duration shifted', async () => {
    vi.useFakeTimers();
    try {
      const learner = new DurationLearner();
      // Jobs of this model took 300 ms (250 ms of it running).
      for (let i = 0; i < 5; i += 1) learner.record('m/shift', 290, 310, 250);
      const started = Date.now();
      // This one is queued for 450 ms and ends at 3.1 s.
      const statusAt = (t: number): string =>
        t < 450 ? 'created' : t < 3_100 ? 'processing' : 'completed';
      const looks: number[] = [];
      const done = pollUntilDone<P>({
        id: 'shifted',
        submittedAt: started,
        learner,
        initial: { id: 'shifted', model: 'm/shift', status: 'created' },
        fetch: async () => {
          looks.push(Date.now() - started);
          return { id: 'shifted', model: 'm/shift', status: statusAt(Date.now() - started) };
        },
      });
      await vi.advanceTimersByTimeAsync(10_000);
      expect((await done).status).toBe('completed');
      // A 1 s poll looks at 0, 1, 2, 3 and 4 s and sees it done 900 ms late.
      expect(looks.length).toBeLessThanOrEqual(5);
      expect((looks.at(-1) ?? 0) - 3_100).toBeLessThanOrEqual(1_000);
      // The first look at the planned end found it queued: the next ones are a second apart.
      expect(looks.slice(1).map((t, i) => t - (looks[i] ?? 0))).toEqual(
        looks.slice(1).map(() => POLL_SCHEDULE.late),
      );
    } finally {
      vi.useRealTimers();
    }
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

  it('passes a non-transient poll failure on as it was built (fetch gives it the id)', async () => {
    const failure = new ValidationError('bad', { predictionId: 'p9' });
    const error = await pollUntilDone<P>({
      id: 'p9',
      pollInterval: 1,
      fetch: async () => {
        throw failure;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(Object.isFrozen(error)).toBe(false);
    expect((error as ValidationError).predictionId).toBe('p9');
  });

  it('keeps waiting when onProgress throws, the first call included', async () => {
    const seen: string[] = [];
    const done = await pollUntilDone<P>({
      id: 'p1',
      pollInterval: 1,
      initial: { ...base, status: 'created' },
      onProgress: (p) => {
        seen.push(p.status);
        throw new Error('a broken progress bar');
      },
      fetch: async () => ({ ...base, status: 'completed' }),
    });
    expect(done.status).toBe('completed');
    expect(seen).toEqual(['created', 'completed']);
  });

  it('ends at the deadline with the id and last status, even mid-request', async () => {
    vi.useFakeTimers();
    try {
      // The request never answers: only the deadline can end the wait.
      const waiting = pollUntilDone<P>({
        id: 'p1',
        timeout: 150,
        pollInterval: 1,
        initial: { ...base, status: 'processing' },
        fetch: () => new Promise<P>(() => undefined),
      }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(150);
      const error = await waiting;
      expect(error).toBeInstanceOf(PredictionTimeoutError);
      expect(error).toMatchObject({ predictionId: 'p1', lastStatus: 'processing', timeout: 150 });
      expect((error as Error).message).toContain('client.predictions.wait("p1")');
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives each request the caller’s signal (none when they passed none) and the deadline', async () => {
    const seen: Array<[AbortSignal | undefined, number]> = [];
    const fetch = async (signal: AbortSignal | undefined, deadline: number) => {
      seen.push([signal, deadline]);
      return { ...base, status: 'completed' };
    };
    const before = Date.now();
    await pollUntilDone<P>({ id: 'p1', pollInterval: 1, timeout: 5_000, fetch });
    const controller = new AbortController();
    await pollUntilDone<P>({ id: 'p1', pollInterval: 1, signal: controller.signal, fetch });
    expect(seen[0]?.[0]).toBeUndefined();
    expect(seen[0]?.[1]).toBeGreaterThanOrEqual(before + 5_000);
    expect(seen[0]?.[1]).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(seen[1]?.[0]).toBe(controller.signal);
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
