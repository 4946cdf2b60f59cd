/**
 * Order statistics for benchmark samples.
 *
 * @example
 * ```ts
 * const s = summarize([3, 1, 2]); // { n: 3, mean: 2, median: 2, p99: 3, min: 1, max: 3 }
 * ```
 */
export interface Summary {
  n: number;
  mean: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/**
 * The `q`-quantile (0–1) of `values` with linear interpolation between closest ranks.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const low = sorted[lo] ?? Number.NaN;
  const high = sorted[hi] ?? Number.NaN;
  return low + (high - low) * (pos - lo);
}

/**
 * Arithmetic mean (NaN for no samples).
 *
 * @example
 * ```ts
 * mean([1, 2, 3]); // 2
 * ```
 */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Count, mean, median, p99, min and max of `values`.
 *
 * @example
 * ```ts
 * summarize([5, 7]).median; // 6
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    mean: mean(values),
    median: quantile(values, 0.5),
    p99: quantile(values, 0.99),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/**
 * Rounds to `digits` decimals, keeping results.json readable.
 *
 * @example
 * ```ts
 * round(1.23456, 2); // 1.23
 * ```
 */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Standard error of the difference between the means of two independent samples.
 *
 * @example
 * ```ts
 * standardErrorOfDifference([1, 2, 3], [2, 3, 4]); // ≈ 0.816
 * ```
 */
export function standardErrorOfDifference(a: readonly number[], b: readonly number[]): number {
  const variance = (v: readonly number[]) => {
    const m = mean(v);
    return v.reduce((sum, x) => sum + (x - m) ** 2, 0) / Math.max(1, v.length - 1);
  };
  return Math.sqrt(variance(a) / Math.max(1, a.length) + variance(b) / Math.max(1, b.length));
}
