/**
 * Human-readable elapsed time: `850ms`, `3.2s`, `1m 05s`, `1h 02m`.
 *
 * @example
 * ```ts
 * formatDuration(65_000); // '1m 05s'
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0.0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/**
 * A US-dollar amount with as many decimals as small prices need (`$0.005`, `$12.35`).
 *
 * @example
 * ```ts
 * formatUsd(0.005); // '$0.005'
 * ```
 */
export function formatUsd(amount: number, currency = 'USD'): string {
  if (!Number.isFinite(amount)) return String(amount);
  const decimals = Math.abs(amount) >= 1 || amount === 0 ? 2 : 4;
  const fixed = amount.toFixed(decimals);
  // Trim trailing zeros beyond cents so 0.0050 reads as 0.005.
  const trimmed = fixed.includes('.') ? fixed.replace(/(\.\d\d\d*?)0+$/, '$1') : fixed;
  return currency === 'USD' ? `$${trimmed}` : `${trimmed} ${currency}`;
}

/**
 * A date as `YYYY-MM-DD HH:MM:SS` in UTC (history and usage tables).
 *
 * @example
 * ```ts
 * formatDate('2026-01-01T12:00:00.123Z'); // '2026-01-01 12:00:00'
 * ```
 */
export function formatDate(value: string | number | Date | undefined): string {
  if (value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
