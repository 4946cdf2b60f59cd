// Small helpers every layer uses, one copy each. This module imports nothing.

/**
 * True for a plain JSON object (not `null`, not an array).
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Longest delay `setTimeout` can hold (2³¹ − 1 ms); longer ones fire at once. */
export const MAX_TIMER = 2_147_483_647;

/**
 * A delay made safe for `setTimeout`: at least 0, at most {@link MAX_TIMER} (a longer one
 * would fire immediately), and a whole number of ms.
 */
export function clampTimer(ms: number): number {
  if (!(ms > 0)) return 0;
  return ms >= MAX_TIMER ? MAX_TIMER : Math.ceil(ms);
}

/**
 * Wraps a module loader (`() => import('./x.js')`) so it runs once and every caller shares the
 * result. A failed load is not kept: the next call tries again (a flaky file system or a peer
 * installed meanwhile). This is how rarely used code stays out of the eager bundle.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
