import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatUsd } from '../../src/cli/format.js';

describe('formatDuration', () => {
  it('reads naturally at every scale', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(3_250)).toBe('3.2s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
    expect(formatDuration(-5)).toBe('0.0s');
  });

  it('never throws and never prints NaN', () => {
    fc.assert(
      fc.property(fc.double(), (ms) => {
        expect(formatDuration(ms)).not.toContain('NaN');
      }),
    );
  });
});

describe('formatUsd', () => {
  it('keeps the decimals small prices need', () => {
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(0.005)).toBe('$0.005');
    expect(formatUsd(0.0004)).toBe('$0.0004');
    expect(formatUsd(0.1)).toBe('$0.10');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(3, 'EUR')).toBe('3.00 EUR');
  });
});

describe('formatDate', () => {
  it('prints UTC without milliseconds and passes odd values through', () => {
    expect(formatDate('2026-01-01T12:00:00.123456789Z')).toBe('2026-01-01 12:00:00');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('soon')).toBe('soon');
  });
});
