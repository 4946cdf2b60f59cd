import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare } from '../../bench/lib/results.js';
import { quantile, standardErrorOfDifference, summarize } from '../../bench/lib/stats.js';
import { advantage, formatTarget } from '../../bench/render/format.js';

const base = {
  id: 'x',
  group: 'G',
  label: 'l',
  unit: 'ms',
  baselineName: 'raw',
} as const;

describe('bench statistics', () => {
  it('quantiles stay within the samples and grow with q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(quantile(values, lo)).toBeGreaterThanOrEqual(Math.min(...values));
          expect(quantile(values, hi)).toBeLessThanOrEqual(Math.max(...values));
          expect(quantile(values, lo)).toBeLessThanOrEqual(quantile(values, hi) + 1e-9);
        },
      ),
    );
  });

  it('summarises a known sample', () => {
    expect(summarize([3, 1, 2, 4])).toMatchObject({ n: 4, mean: 2.5, median: 2.5, min: 1, max: 4 });
    expect(standardErrorOfDifference([1, 1, 1], [2, 2, 2])).toBe(0);
  });
});

describe('compare()', () => {
  it('passes and fails ratio targets in the direction of the metric', () => {
    const target = { on: 'ratio', op: '<=', value: 1.1 } as const;
    expect(compare({ ...base, ours: 1.05, baseline: 1, better: 'lower', target }).pass).toBe(true);
    const missed = compare({ ...base, ours: 1.5, baseline: 1, better: 'lower', target });
    expect(missed.pass).toBe(false);
    expect(missed.shortfall).toBe('ratio 1.500× is 36.4 % above the target (≤ 1.1×)');
  });

  it('checks value targets on our own figure, not the ratio', () => {
    const target = { on: 'value', op: '<', value: 64 } as const;
    const c = compare({ ...base, unit: 'MiB', ours: 70, baseline: 700, better: 'lower', target });
    expect(c.pass).toBe(false);
    expect(c.shortfall).toContain('70 MiB');
    expect(formatTarget(target, 'MiB')).toBe('< 64 MiB');
  });

  it('has no verdict without a target, and no ratio against a zero baseline', () => {
    const c = compare({ ...base, ours: 1, baseline: 0, better: 'lower' });
    expect(c.pass).toBeUndefined();
    expect(Number.isNaN(c.ratio)).toBe(true);
  });

  it('reads advantage the same way for both directions', () => {
    expect(advantage({ ratio: 0.5, better: 'lower' })).toBe(2);
    expect(advantage({ ratio: 2, better: 'higher' })).toBe(2);
  });
});
