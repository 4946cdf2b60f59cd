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
 * Filters of {@link findInHistory} (and `client.predictions.find`).
 *
 * @example
 * ```ts
 * const params: FindPredictionsParams = { model: 'wavespeed-ai/flux-dev', input: { prompt: 'A cat' }, from: new Date(Date.now() - 60_000) };
 * ```
 */
export interface FindPredictionsParams {
  /** The model the job was submitted to. */
  model: string;
  /** The input it was submitted with (files already replaced by their URLs). */
  input: Record<string, unknown>;
  /** Earliest creation time to look at (the API keeps 7 days). */
  from: Date | string | number;
  /** Latest creation time. @default now */
  to?: Date | string | number | undefined;
  /** Aborts the search; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Lists the predictions of `params.model` created in the window whose stored input matches
 * `params.input` (keys the API dropped may be missing from the stored copy; every key it kept
 * must hold the same value), newest first.
 *
 * @example
 * ```ts
 * const found = await findInHistory(http, { model, input, from: new Date(started - 5_000) });
 * ```
 */
export async function findInHistory(
  http: ClientContext['http'],
  params: FindPredictionsParams,
): Promise<Prediction[]> {
  const sent = withoutFlags(params.input);
  const found: Prediction[] = [];
  for (let page = 1; ; page += 1) {
    const data = await http.request<{ items?: WirePrediction[]; total?: number }>({
      method: 'POST',
      path: '/api/v3/predictions',
      json: {
        page,
        page_size: HISTORY_PAGE,
        model: params.model,
        created_after: rfc3339(params.from, 'from'),
        ...(params.to === undefined ? {} : { created_before: rfc3339(params.to, 'to', true) }),
        include_inputs: true,
      },
      retry: 'idempotent',
      signal: params.signal,
    });
    const items: unknown[] = Array.isArray(data?.items) ? data.items : [];
    for (const item of items) {
      if (!isRecord(item) || typeof item.id !== 'string') continue;
      const wire = item as WirePrediction;
      if (sameInput(wire.inputs ?? wire.input, sent)) {
        found.push(toPrediction({ model: params.model, ...wire }));
      }
    }
    const total = typeof data?.total === 'number' ? data.total : undefined;
    if (items.length < HISTORY_PAGE || (total !== undefined && page * HISTORY_PAGE >= total)) {
      return found;
    }
  }
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
  logger.warn(`submit to ${model} may have created a job; looking for it in the history`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (attempt > 0) await abortableSleep(1_000, options.signal);
    let found: Prediction[];
    try {
      found = await findInHistory(http, {
        model,
        input,
        from: windowStart,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new SubmissionUnknownError({
        model,
        windowStart,
        windowEnd: new Date(),
        cause: error,
      });
    }
    const matches = found.filter((p) => !claimedIds.has(p.id));
    if (matches.length === 1 && matches[0] !== undefined) {
      const match = matches[0];
      claimedIds.add(match.id);
      logger.warn(`recovered job ${match.id} of ${model} from the history`);
      return match;
    }
    if (matches.length > 1) {
      throw new SubmissionUnknownError({
        model,
        windowStart,
        windowEnd: new Date(),
        candidates: matches.map((m) => m.id),
        cause,
      });
    }
  }
  throw new SubmissionUnknownError({ model, windowStart, windowEnd: new Date(), cause });
}
