import { abortableSleep } from '../../core/abort.js';
import type { HttpClient } from '../../core/http.js';
import { canonicalJson } from '../../core/job-key.js';
import type { Logger } from '../../core/logger.js';
import { SubmissionUnknownError } from '../../core/prediction-errors.js';
import { rfc3339 } from '../../core/time.js';
import { isRecord } from '../../core/util.js';
import type { FindPredictionsParams, HistoryQuery } from './options.js';
import { type Prediction, toPrediction, type WirePrediction } from './prediction.js';

// The history (`POST /api/v3/predictions`): its pages, `predictions.list`, finding a job by its
// input (`predictions.find`) and the recovery after a submit whose outcome is unknown. Loaded on
// first use: a client that only runs jobs never needs it.

const RECOVERY_LOOKBACK_MS = 5_000;
const HISTORY_PAGE = 100;
/** Body flags the API may keep in its stored copy of an input; never part of the match. */
const FLAGS = new Set(['enable_sync_mode', 'enable_base64_output', 'webhook', 'webhook_url']);

function withoutFlags(input: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input ?? {})) if (!FLAGS.has(key)) out[key] = value;
  return out;
}

/**
 * Whether a history item's stored input is the one we sent. The API drops keys it does not
 * know, so keys we sent may be missing from it; every key it kept must hold our value.
 */
function sameInput(stored: unknown, sent: Record<string, unknown>): boolean {
  if (!isRecord(stored)) return false;
  const kept = withoutFlags(stored);
  const keys = Object.keys(kept);
  if (keys.length === 0 && Object.keys(sent).length > 0) return false;
  return keys.every((key) => key in sent && canonicalJson(kept[key]) === canonicalJson(sent[key]));
}

/**
 * Yields the history items of a query, newest first, fetching page after page until the last.
 */
export async function* historyPages(
  http: HttpClient,
  query: HistoryQuery,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<WirePrediction> {
  const filters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) filters[key] = value;
  for (let page = 1; ; page += 1) {
    const data = await http.request<{ items?: unknown[]; total?: number }>({
      method: 'POST',
      path: '/api/v3/predictions',
      json: { page, page_size: pageSize, ...filters },
      retry: 'idempotent',
      signal,
    });
    const items: unknown[] = Array.isArray(data?.items) ? data.items : [];
    for (const item of items) if (isRecord(item)) yield item as WirePrediction;
    const total = typeof data?.total === 'number' ? data.total : undefined;
    if (items.length < pageSize || (total !== undefined && page * pageSize >= total)) return;
  }
}

/**
 * Lists the predictions of `params.model` created in the window whose stored input matches
 * `params.input`, newest first, across every page of the window.
 */
export async function findInHistory(
  http: HttpClient,
  params: FindPredictionsParams,
): Promise<Prediction[]> {
  const sent = withoutFlags(params.input);
  const query: HistoryQuery = {
    model: params.model,
    created_after: rfc3339(params.from, 'from'),
    created_before: params.to === undefined ? undefined : rfc3339(params.to, 'to', true),
    include_inputs: true,
  };
  const found: Prediction[] = [];
  for await (const item of historyPages(http, query, HISTORY_PAGE, params.signal)) {
    if (typeof item.id === 'string' && sameInput(item.inputs ?? item.input, sent)) {
      found.push(toPrediction({ model: params.model, ...item }));
    }
  }
  return found;
}

/**
 * What a recovery uses: the request function, the logger, the ids this client already owns
 * (never claimed twice) and a way to fetch one prediction.
 */
export interface RecoveryDeps {
  http: HttpClient;
  logger: Logger;
  claimedIds: Set<string>;
  get: (id: string, options: { signal?: AbortSignal | undefined }) => Promise<Prediction>;
}

/**
 * After an ambiguous submit failure, finds the job instead of re-sending it: the id the error
 * carried, else a single history entry of `model` created since just before the submit whose
 * stored input matches (looked for twice, a second apart). Never claims an id this client
 * already owns. Throws {@link SubmissionUnknownError} when no single job can be told apart.
 */
export async function recoverSubmission(
  deps: RecoveryDeps,
  model: string,
  input: Record<string, unknown>,
  started: number,
  cause: unknown,
  signal: AbortSignal | undefined,
): Promise<Prediction> {
  const { http, logger, claimedIds } = deps;
  const carried = (cause as { predictionId?: unknown }).predictionId;
  if (typeof carried === 'string' && carried !== '' && !claimedIds.has(carried)) {
    claimedIds.add(carried);
    logger.warn(`submit to ${model} failed after creating ${carried}; continuing with it`);
    try {
      return await deps.get(carried, { signal });
    } catch {
      return toPrediction({ id: carried, model, status: 'created' });
    }
  }
  const windowStart = new Date(started - RECOVERY_LOOKBACK_MS);
  logger.warn(`submit to ${model} may have created a job; looking for it in the history`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (attempt > 0) await abortableSleep(1_000, signal);
    let found: Prediction[];
    try {
      found = await findInHistory(http, { model, input, from: windowStart, signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new SubmissionUnknownError({ model, windowStart, windowEnd: new Date(), cause: error });
    }
    const matches = found.filter((p) => !claimedIds.has(p.id));
    const [match] = matches;
    if (match !== undefined && matches.length === 1) {
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
