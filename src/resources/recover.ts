import { SubmissionUnknownError } from '../core/errors.js';
import { abortableSleep } from '../core/retry.js';
import { rfc3339 } from '../core/time.js';
import {
  type Prediction,
  type RunOptions,
  toPrediction,
  type WirePrediction,
} from './predictions.js';
import type { ClientContext } from './resource.js';

// Recovery after a submit whose outcome is unknown: rare, so it loads only when needed.

const RECOVERY_LOOKBACK_MS = 5_000;
const HISTORY_PAGE = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, to compare inputs regardless of key order. */
function canonical(value: unknown): string {
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
 * Whether a history item's stored input is the one we sent. The API drops keys it does not
 * know, so keys we sent may be missing from it; every key it kept must hold our value.
 */
function sameInput(
  stored: Record<string, unknown> | undefined,
  sent: Record<string, unknown>,
): boolean {
  if (!isRecord(stored)) return false;
  const kept = withoutFlags(stored);
  const keys = Object.keys(kept);
  if (keys.length === 0 && Object.keys(sent).length > 0) return false;
  return keys.every((key) => key in sent && canonical(kept[key]) === canonical(sent[key]));
}

const FLAGS = new Set(['enable_sync_mode', 'enable_base64_output', 'webhook', 'webhook_url']);

function withoutFlags(input: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input ?? {})) if (!FLAGS.has(key)) out[key] = value;
  return out;
}

/**
 * After an ambiguous submit failure, finds the job instead of re-sending it: the id the error
 * carried, else a single history entry of `model` created since just before the submit whose
 * stored input matches (retried once after a second). Never claims an id this client already
 * owns. Throws {@link SubmissionUnknownError} when no single job can be told apart.
 *
 * @example
 * ```ts
 * const prediction = await recoverSubmission(ctx, (id, o) => client.predictions.get(id, o),
 *   'wavespeed-ai/flux-dev', input, started, error, {});
 * ```
 */
export async function recoverSubmission(
  ctx: ClientContext,
  get: (id: string, options: { signal?: AbortSignal | undefined }) => Promise<Prediction>,
  model: string,
  input: Record<string, unknown>,
  started: number,
  cause: unknown,
  options: RunOptions,
): Promise<Prediction> {
  const { http, logger, claimedIds } = ctx;
  const carried = (cause as { predictionId?: unknown }).predictionId;
  if (typeof carried === 'string' && carried !== '' && !claimedIds.has(carried)) {
    claimedIds.add(carried);
    logger.warn(`submit to ${model} failed after creating ${carried}; continuing with it`);
    try {
      return await get(carried, { signal: options.signal });
    } catch {
      return toPrediction({ id: carried, model, status: 'created' });
    }
  }
  const windowStart = new Date(started - RECOVERY_LOOKBACK_MS);
  const sent = withoutFlags(input);
  logger.warn(`submit to ${model} may have created a job; looking for it in the history`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (attempt > 0) await abortableSleep(1_000, options.signal);
    let items: WirePrediction[];
    try {
      const data = await http.request<{ items?: WirePrediction[] }>({
        method: 'POST',
        path: '/api/v3/predictions',
        json: {
          page: 1,
          page_size: HISTORY_PAGE,
          model,
          created_after: rfc3339(windowStart, 'from'),
          include_inputs: true,
        },
        retry: 'idempotent',
        signal: options.signal,
      });
      items = Array.isArray(data?.items) ? data.items : [];
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new SubmissionUnknownError({
        model,
        windowStart,
        windowEnd: new Date(),
        cause: error,
      });
    }
    const matches = items.filter(
      (item) =>
        typeof item.id === 'string' &&
        !claimedIds.has(item.id) &&
        sameInput(item.inputs ?? item.input, sent),
    );
    if (matches.length === 1 && matches[0]?.id !== undefined) {
      const found = matches[0];
      claimedIds.add(found.id as string);
      logger.warn(`recovered job ${found.id} of ${model} from the history`);
      return toPrediction({ model, ...found });
    }
    if (matches.length > 1) {
      throw new SubmissionUnknownError({
        model,
        windowStart,
        windowEnd: new Date(),
        candidates: matches.map((m) => String(m.id)),
        cause,
      });
    }
  }
  throw new SubmissionUnknownError({ model, windowStart, windowEnd: new Date(), cause });
}
