// When to look at a job next: pure functions of what is known about the model and the job, so
// the schedule is tested without timers. The learner (learner.ts) supplies what is known; the
// loop (poll.ts) sleeps and fetches.

/**
 * Poll schedule constants (ms).
 *
 * @example
 * ```ts
 * POLL_SCHEDULE.timeout; // 600000: the default deadline of wait() and run()
 * ```
 */
export const POLL_SCHEDULE = {
  /**
   * A model never seen finishing: its first look (ms after submit), then `interval` until
   * `until`, then `cap`. A fixed 1 s poll spends its first requests when no job can be done
   * yet; the requests saved pay for a shorter interval around the end, so a first job is seen
   * done sooner with fewer requests (for jobs of up to ~10 s; longer ones fall back to 1 s).
   */
  unseen: { first: 1_000, interval: 900, until: 12_000 },
  /** The same for a video model: video jobs take tens of seconds to minutes. */
  unseenVideo: { first: 5_000, interval: 900, until: 45_000 },
  /**
   * With several jobs of a model never seen before in flight, one of them (the scout) also
   * looks at these times (ms after submit) before the first look; what it finds lets the others
   * plan.
   */
  scout: [10, 20, 40, 80, 160, 320, 640] as readonly number[],
  /** Jobs of an unseen model in flight before one of them scouts. */
  scoutAfter: 4,
  /** The longest interval between two looks at a job that may be done (a 1 s poll's). */
  cap: 1_000,
  /**
   * A job later than its plan allowed (past `lateAt`: its model's durations shifted) is looked at
   * less and less often: each next look waits `lateGrowth` times the time since submit (×2.5 per
   * look) until the looks are `late` ms apart.
   */
  lateGrowth: 1.5,
  /**
   * How far apart the looks at a late job end up: a 1 s poll's. A job still queued where its plan
   * expected it nearly done waits for the queue, which no model duration predicts: it gets looks
   * this far apart at once. The look that found it queued stands for a 1 s poll's first one, so a
   * shifted job costs no more requests than a 1 s poll and is seen done about as soon.
   */
  late: 1_000,
  /**
   * The same for a video model, a little denser: a video job's plan sleeps through most of a
   * long expected run, and the looks it saved pay for the extra ones.
   */
  lateVideo: 900,
  /** Intervals tried around a learned expected end (scaled down for sub-second jobs). */
  dense: [150, 200, 250, 300, 400] as readonly number[],
  /** Shortest interval or sleep of a plan. */
  minInterval: 1,
  /** Longest single sleep before the expected end, so an early failure is still noticed. */
  maxSleep: 30_000,
  /** How long a 404 for a just-created id is treated as "not visible yet". */
  notFoundGrace: 5_000,
  /** Default overall deadline of wait()/run(). */
  timeout: 600_000,
} as const;

/**
 * What is known about one model's job durations (submit → completed, ms).
 */
export interface DurationEstimate {
  /** Typical duration. */
  mean: number;
  /** Plausible earliest end (recent minimum, widened for the small sample). */
  lo: number;
  /** Plausible latest end (recent maximum, widened likewise). */
  hi: number;
  /** How many durations it is based on. */
  samples: number;
}

/**
 * When to look at a job of a model whose durations are known: the first poll (`wake`, ms after
 * submit), the interval after it, and when the job counts as late (then the interval eases
 * back toward 1 s).
 */
export interface PollPlan {
  wake: number;
  interval: number;
  lateAt: number;
}

const POINTS = 40;

/**
 * Chooses the first poll time and the interval for a known model. The yardstick is a plain 1 s
 * poll: for end times spread over the plausible range, it picks the plan whose worse ratio
 * (requests, or delay between the job ending and the SDK noticing) against that poll is
 * smallest, and among equals the one with the smaller other ratio. Short jobs get one late
 * look; long ones a first look near the earliest plausible end, then dense polls (intervals
 * shrink in proportion for jobs under a second).
 *
 * @example
 * ```ts
 * planPolls({ mean: 3000, lo: 2600, hi: 3400, samples: 5 }); // { wake: ~2900, interval: 250, … }
 * ```
 */
export function planPolls(estimate: DurationEstimate): PollPlan {
  const { lo, hi } = estimate;
  const span = Math.max(1, hi - lo);
  // Mostly inside the range, with tails either side: a few recent jobs can misjudge it.
  const tails = POINTS / 8;
  const ends: number[] = new Array(POINTS + 2 * tails).fill(0);
  for (let i = 0; i < POINTS; i += 1) ends[i] = lo + (span * (i + 0.5)) / POINTS;
  for (let i = 0; i < tails; i += 1) {
    const d = (span * (i + 0.5)) / POINTS;
    ends[POINTS + i] = Math.max(0, lo - d);
    ends[POINTS + tails + i] = hi + d;
  }
  // The yardstick polls at once, then every second; for jobs under a second, every `mean` ms
  // (but no more often than every 50 ms, where round trips dominate), so that a job of a few ms
  // is held to a poll on its own timescale. Its phase against the job's end is anybody's guess,
  // so it is averaged: half an interval late, half a poll more.
  const every = Math.max(50, Math.min(POLL_SCHEDULE.cap, estimate.mean));
  let fixedRequests = 0;
  for (const end of ends) fixedRequests += 1.5 + end / every;
  const fixedDelay = (every / 2) * ends.length;
  const scale = Math.min(1, Math.max(estimate.mean, span) / POLL_SCHEDULE.cap);
  let best: { score: number; tie: number; wake: number; interval: number } | undefined;
  for (const dense of POLL_SCHEDULE.dense) {
    const interval = Math.max(POLL_SCHEDULE.minInterval, Math.round(dense * scale));
    for (let step = 0; step <= 30; step += 1) {
      const wake = Math.max(0, lo - span * 0.25 + (span * step) / 20);
      let requests = 0;
      let delay = 0;
      for (let i = 0; i < ends.length; i += 1) {
        const end = ends[i] as number;
        if (end <= wake) {
          requests += 1;
          delay += wake - end;
        } else {
          const more = Math.ceil((end - wake) / interval);
          requests += 1 + more;
          delay += wake + more * interval - end;
        }
      }
      const r = requests / fixedRequests;
      const d = delay / fixedDelay;
      const score = Math.max(r, d);
      const tie = Math.min(r, d);
      if (
        best === undefined ||
        score < best.score - 1e-9 ||
        (score <= best.score + 1e-9 && tie < best.tie - 1e-9)
      ) {
        best = { score, tie, wake, interval };
      }
    }
  }
  const chosen = best ?? { wake: lo, interval: POLL_SCHEDULE.cap };
  return {
    wake: Math.max(0, chosen.wake),
    interval: chosen.interval,
    lateAt: hi + 0.3 * span,
  };
}

const VIDEO = /video|[-/](?:t2v|i2v|v2v)(?:[-/]|$)/i;

/**
 * Whether a model id names a video model (`…/text-to-video`, `…-t2v-480p`, `…/i2v-…`): what the
 * schedule assumes about a model it has not seen finish yet.
 *
 * @example
 * ```ts
 * isVideoModel('alibaba/wan-2.5/text-to-video'); // true
 * isVideoModel('wavespeed-ai/flux-dev'); // false
 * ```
 */
export function isVideoModel(model: string): boolean {
  return VIDEO.test(model);
}

/**
 * Inputs of {@link nextPollDelay}.
 */
export interface PollState {
  /** ms since the job was submitted. */
  elapsed: number;
  /** Polls done so far. */
  polls: number;
  /** The plan for a model with known durations. */
  plan?: PollPlan | undefined;
  /** Polls sent since the plan was made; a plan made mid-wait whose first look is due polls now. */
  planned?: number | undefined;
  /** Whether this job scouts for others of a model never seen before. */
  scout?: boolean | undefined;
  /** Whether the model makes videos (slow jobs); see {@link isVideoModel}. */
  video?: boolean | undefined;
  /**
   * ms after submit before which the job cannot be done: it was still queued (`created`) at a
   * look, and no job of the model has run for less than the time left.
   */
  notBefore?: number | undefined;
  /**
   * Whether a look found the job still queued where its plan expected it nearly done: the queue
   * it waits in decides its end, not the model's durations.
   */
  queuedLate?: boolean | undefined;
  /** Fixed interval chosen by the user. */
  fixed?: number | undefined;
}

/**
 * The schedule as a pure function: how long to sleep before the next poll.
 * - the user's fixed interval when set;
 * - a job that cannot be done yet (still queued, see `notBefore`): sleep until it could be;
 * - unknown model: the kind's prior (`unseen`, `unseenVideo`): a first look after 1 s (5 s for
 *   video), then every 0.9 s, then every second, on a fixed grid from the first look;
 * - known model: one sleep until the planned first look, dense polls, then, once the job is
 *   later than any recent one, looks that back off geometrically until they are `late` apart;
 * - a job found still queued where its plan expected it nearly done: looks `late` apart.
 *
 * @example
 * ```ts
 * nextPollDelay({ elapsed: 0, polls: 0 }); // 1000
 * nextPollDelay({ elapsed: 0, polls: 0, plan: { wake: 2700, interval: 250, lateAt: 3600 } }); // 2700
 * ```
 */
export function nextPollDelay(state: PollState): number {
  if (state.fixed !== undefined) return state.fixed;
  const { elapsed, notBefore } = state;
  // A job still queued cannot be done before `notBefore`: no look is spent before then.
  const wait = Math.max(scheduled(state), notBefore === undefined ? 0 : notBefore - elapsed);
  return Math.min(POLL_SCHEDULE.maxSleep, wait);
}

/** The schedule's next delay, before `notBefore` and the longest sleep. */
function scheduled(state: PollState): number {
  const { elapsed, polls, plan } = state;
  const late = state.video ? POLL_SCHEDULE.lateVideo : POLL_SCHEDULE.late;
  if (state.queuedLate) return late;
  if (plan === undefined) {
    const prior = state.video ? POLL_SCHEDULE.unseenVideo : POLL_SCHEDULE.unseen;
    if (state.scout && !state.video) {
      const probe = POLL_SCHEDULE.scout.find((at) => at > elapsed);
      if (probe !== undefined) return probe - elapsed;
    }
    if (polls === 0 || elapsed < prior.first) return Math.max(0, prior.first - elapsed);
    // The 1 s grid starts at the first tick of the denser one at or after `until`.
    const { first, interval } = prior;
    const switchAt = first + Math.ceil((prior.until - first) / interval) * interval;
    return elapsed < switchAt - EARLY
      ? untilNextTick(elapsed - first, interval)
      : untilNextTick(elapsed - switchAt, POLL_SCHEDULE.cap);
  }
  if (elapsed < plan.wake) return plan.wake - elapsed;
  if (state.planned === 0) return 0;
  if (elapsed <= plan.lateAt) return plan.interval;
  return Math.min(late, Math.max(plan.interval, Math.round(POLL_SCHEDULE.lateGrowth * elapsed)));
}

/** A look this close before a tick (a timer that fired a little early) counts as on it. */
const EARLY = 5;

/**
 * Time to the next tick of a clock that ticks every `interval` ms from 0, `since` ms after its
 * start: looks stay on their grid however long each request took (a loop that sleeps a fixed
 * interval after each response drifts later by a round trip per look).
 */
function untilNextTick(since: number, interval: number): number {
  const left = interval - (((since % interval) + interval) % interval);
  return left < EARLY ? left + interval : left;
}
