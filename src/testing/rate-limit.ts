import type { SimTier, SimTierLimits } from './types.js';

/**
 * Limits per tier from the account-levels table (images or videos per minute, concurrent tasks).
 *
 * @example
 * ```ts
 * TIERS.bronze; // { perMinute: 2, concurrency: 2 }
 * ```
 */
export const TIERS: Readonly<Record<'bronze' | 'silver' | 'gold' | 'ultra', SimTierLimits>> = {
  bronze: { perMinute: 2, concurrency: 2 },
  silver: { perMinute: 500, concurrency: 300 },
  gold: { perMinute: 3000, concurrency: 3000 },
  ultra: { perMinute: 5000, concurrency: 10000 },
};

/**
 * Resolves a tier option to limits (`undefined` = unlimited).
 *
 * @example
 * ```ts
 * tierLimits('silver'); // { perMinute: 500, concurrency: 300 }
 * ```
 */
export function tierLimits(tier: SimTier | undefined): SimTierLimits | undefined {
  if (tier === undefined) return undefined;
  return typeof tier === 'string' ? TIERS[tier] : tier;
}

/**
 * Sliding one-minute submit window per key and bucket (`image` or `video`).
 * The minute is scaled by the simulator's speed, like every other duration.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(2, 60_000);
 * limiter.take('key', 'image', Date.now()); // { ok: true }
 * ```
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
  ) {}

  /** Records a submit if allowed; otherwise says how long until a slot frees. */
  take(
    key: string,
    bucket: string,
    now: number,
  ): { ok: true } | { ok: false; retryAfterMs: number } {
    const id = `${bucket}\u0000${key}`;
    const times = (this.windows.get(id) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length >= this.perWindow) {
      this.windows.set(id, times);
      const oldest = times[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
    }
    times.push(now);
    this.windows.set(id, times);
    return { ok: true };
  }

  /** Forgets every window. */
  clear(): void {
    this.windows.clear();
  }
}
