import { createHash } from 'node:crypto';
import { isRecord } from './util.js';

// The key of a job in a batch or a queue: the same model and input always give the same key, so
// running or enqueuing the same list again finds the work already done instead of paying twice.

/** JSON with the keys of every object sorted, so `{ a, b }` and `{ b, a }` are the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * A stable key for a job: the SHA-256 of the model and its input with keys sorted (32 hex
 * characters). Use your own keys instead when two jobs may have the same model and input.
 *
 * @example
 * ```ts
 * jobKey('wavespeed-ai/flux-dev', { prompt: 'A cat', seed: 1 }) ===
 *   jobKey('wavespeed-ai/flux-dev', { seed: 1, prompt: 'A cat' }); // true
 * ```
 */
export function jobKey(model: string, input: Record<string, unknown>): string {
  // The hex of the first 16 bytes, not `.digest('hex').slice(0, 32)`: a slice of a string keeps
  // the whole string alive, and a batch holds every job's key for its whole run.
  return createHash('sha256')
    .update(`${model}\n${canonicalJson(input)}`)
    .digest()
    .toString('hex', 0, 16);
}

/** The SHA-256 of an input with its keys sorted (hex): tells a changed input without storing it. */
export function inputHash(input: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}
