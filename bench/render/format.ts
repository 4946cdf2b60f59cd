import type { Comparison, Target } from '../lib/results.js';

/**
 * A figure with a sensible number of digits for its size, plus its unit.
 *
 * @example
 * ```ts
 * formatValue(0.41234, 'ms'); // '0.412 ms'
 * ```
 */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * A ratio such as `1.04×`.
 *
 * @example
 * ```ts
 * formatRatio(1.0412); // '1.04×'
 * ```
 */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/**
 * A target in words, e.g. `ratio ≤ 1.1×` or `< 64 MiB`.
 *
 * @example
 * ```ts
 * formatTarget({ on: 'ratio', op: '<=', value: 1.1 }, 'ms'); // 'ratio ≤ 1.1×'
 * ```
 */
export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '—';
  const op = target.op === '<=' ? '≤' : target.op === '>=' ? '≥' : '<';
  return target.on === 'ratio' ? `ratio ${op} ${target.value}×` : `${op} ${target.value} ${unit}`;
}

/**
 * ✓ met, ✗ missed, or “info” for a comparison without a target.
 *
 * @example
 * ```ts
 * verdict(comparison); // '✓ met'
 * ```
 */
export function verdict(c: Comparison): string {
  if (c.pass === undefined) return 'info';
  return c.pass ? '✓ met' : '✗ missed';
}

/**
 * How many times better ours is than the baseline (> 1 = better), whichever way the metric goes.
 *
 * @example
 * ```ts
 * advantage({ ratio: 0.5, better: 'lower' } as Comparison); // 2
 * ```
 */
export function advantage(c: Pick<Comparison, 'ratio' | 'better'>): number {
  return c.better === 'lower' ? 1 / c.ratio : c.ratio;
}
