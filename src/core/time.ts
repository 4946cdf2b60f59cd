import { ValidationError } from './errors.js';

/**
 * Reads a time option (a `Date`, an ISO 8601 string or epoch ms), throwing a
 * {@link ValidationError} that names the option when it is not a valid time.
 *
 * @example
 * ```ts
 * toDate('2026-01-01T00:00:00Z', 'from'); // Date
 * toDate('yesterday', 'from'); // throws ValidationError
 * ```
 */
export function toDate(value: Date | string | number, name: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw ValidationError.fromIssues('Invalid time', [
      { path: name, message: `expected a Date or an ISO 8601 time, got ${JSON.stringify(value)}` },
    ]);
  }
  return date;
}

/**
 * Formats a time as strict RFC3339 in UTC, whole seconds, as the API's filters want it. Window
 * ends round up so the current second is included.
 *
 * @example
 * ```ts
 * rfc3339(new Date('2026-01-01T10:00:00.400Z'), 'to', true); // '2026-01-01T10:00:01Z'
 * ```
 */
export function rfc3339(value: Date | string | number, name: string, roundUp = false): string {
  const ms = toDate(value, name).getTime();
  const whole = roundUp ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
