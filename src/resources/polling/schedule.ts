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
   * First check of a job of a model never seen before. A fixed 1 s poll spends its first request
   * at once, when no job can be done yet; this look replaces it, early enough to catch the
   * fastest models and to learn their durations from the start.
   */
  first: 250,
  /**
   * With several jobs of a model never seen before in flight, one of them (the scout) also
   * looks at these times (ms after submit) before `first`; what it finds lets the others plan.
   */
  scout: [10, 20, 40, 80, 160] as readonly number[],
  /** Jobs of an unseen model in flight before one of them scouts. */
  scoutAfter: 4,
  /** Interval for a model never seen before, and the ceiling of every interval. */
  cap: 1_000,
  /**
   * A video model never seen before: video jobs take tens of seconds to minutes, so the first
   * look waits `videoFirst` ms, and the requests saved pay for an interval of `videoInterval`
   * until `videoUntil` ms (never more requests than a 1 s poll for jobs of 5 s or more).
   */
  videoFirst: 5_000,
  videoInterval: 900,
  videoUntil: 45_000,
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
  /** Fixed interval chosen by the user. */
  fixed?: number | undefined;
}

/**
 * The schedule as a pure function: how long to sleep before the next poll.
 * - the user's fixed interval when set;
 * - unknown model: a first look after 0.25 s, then every second (never slower than a 1 s poll);
 *   a video model: a first look after 5 s, then every 0.9 s up to 45 s, then every second;
 * - known model: one sleep until the planned first look, dense polls, then easing back toward
 *   1 s once the job is later than any recent one.
 *
 * @example
 * ```ts
 * nextPollDelay({ elapsed: 0, polls: 0 }); // 250
 * nextPollDelay({ elapsed: 0, polls: 0, plan: { wake: 2700, interval: 250, lateAt: 3600 } }); // 2700
 * ```
 */
export function nextPollDelay(state: PollState): number {
  const { elapsed, polls, plan, fixed } = state;
  if (fixed !== undefined) return fixed;
  if (plan === undefined) {
    if (state.video) {
      if (polls === 0) return Math.max(0, POLL_SCHEDULE.videoFirst - elapsed);
      return elapsed < POLL_SCHEDULE.videoUntil ? POLL_SCHEDULE.videoInterval : POLL_SCHEDULE.cap;
    }
    if (state.scout) {
      const probe = POLL_SCHEDULE.scout.find((at) => at > elapsed);
      if (probe !== undefined) return probe - elapsed;
      if (elapsed < POLL_SCHEDULE.first) return POLL_SCHEDULE.first - elapsed;
    }
    return polls === 0 ? Math.max(0, POLL_SCHEDULE.first - elapsed) : POLL_SCHEDULE.cap;
  }
  if (elapsed < plan.wake) {
    return Math.min(POLL_SCHEDULE.maxSleep, plan.wake - elapsed);
  }
  if (state.planned === 0) return 0;
  const late = elapsed - plan.lateAt;
  if (late <= 0) return plan.interval;
  return Math.min(POLL_SCHEDULE.cap, Math.round(plan.interval + late * 0.25));
}
