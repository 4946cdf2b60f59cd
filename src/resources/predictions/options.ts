import { ValidationError } from '../../core/errors.js';
import { rfc3339 } from '../../core/time.js';
import type { ValidationIssue } from '../../core/types.js';
import { isRecord } from '../../core/util.js';
import { modelIdIssues } from '../../models/model-id.js';
import type { WaitOptions } from '../polling/poll.js';
import type { Prediction, PredictionStatus } from './prediction.js';

// The options of the predictions namespace, and the checks that need no schema (model id shape,
// input shape, option values), made before any request.

/**
 * Options of `predictions.submit`.
 */
export interface SubmitOptions {
  /** Block on the server until the job ends (`enable_sync_mode`); falls back to polling. */
  sync?: boolean | undefined;
  /** URL that receives the finished prediction (verify it with `verifyWebhook`). */
  webhook?: string | undefined;
  /** Outputs as base64 strings instead of URLs (not with `webhook`). */
  base64?: boolean | undefined;
  /** Aborts the call; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Deadline of a sync submit in ms. @default 600_000 */
  timeout?: number | undefined;
}

/**
 * Options of `run`: those of submit and wait together.
 */
export interface RunOptions extends SubmitOptions, WaitOptions<Prediction> {
  /** Whole-job deadline in ms (submit + wait). @default 600_000 */
  timeout?: number | undefined;
}

/**
 * Filters of `predictions.list`.
 */
export interface ListPredictionsParams {
  /** Only predictions of this model. */
  model?: string | undefined;
  /** Only predictions with this status. */
  status?: PredictionStatus | undefined;
  /** Start of the window (Date or ISO time). @default 24 hours ago */
  from?: Date | string | undefined;
  /** End of the window. @default now */
  to?: Date | string | undefined;
  /** Items per request, 1–100. @default 50 */
  pageSize?: number | undefined;
  /** Aborts the iteration; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Filters of `predictions.find`.
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
 * What is wrong with a call, found without any request: the model id (the one rule of
 * models/model-id.ts), the input's shape and the option values (`timeout`, `pollInterval`,
 * `webhook`, `base64`).
 */
export function callIssues(
  model: unknown,
  input: unknown,
  options: Pick<RunOptions, 'timeout' | 'pollInterval' | 'webhook' | 'base64'>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = model === undefined ? [] : modelIdIssues(model);
  if (input !== undefined && !isRecord(input)) {
    issues.push({
      path: '',
      message: 'the input must be an object of model fields, e.g. { prompt: "A cat" }',
    });
  }
  for (const name of ['timeout', 'pollInterval'] as const) {
    const value = options[name];
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value > 0)
    ) {
      issues.push({
        path: name,
        message: `must be a number of milliseconds > 0, got ${String(value)}`,
      });
    }
  }
  if (options.webhook !== undefined) {
    let ok = false;
    try {
      const url = new URL(options.webhook);
      ok = url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) issues.push({ path: 'webhook', message: 'must be an absolute http(s) URL' });
    if (options.base64) {
      issues.push({
        path: 'base64',
        message: 'base64 output cannot be combined with a webhook; drop one of them',
      });
    }
  }
  return issues;
}

/** The filters of one history query, as the API spells them. */
export interface HistoryQuery {
  created_after: string;
  created_before?: string | undefined;
  model?: string | undefined;
  status?: string | undefined;
  include_inputs?: boolean | undefined;
}

/**
 * The history query of `predictions.list`: the window (default the last 24 hours, as strict
 * RFC3339) and the page size (1–100, default 50), checked before any request.
 */
export function historyQueryOf(params: ListPredictionsParams): {
  query: HistoryQuery;
  pageSize: number;
} {
  const now = Date.now();
  const pageSize = params.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw ValidationError.fromIssues('Invalid list() call', [
      {
        path: 'pageSize',
        message: `must be a whole number from 1 to 100, got ${String(pageSize)}`,
      },
    ]);
  }
  const query: HistoryQuery = {
    created_after: rfc3339(params.from ?? now - 24 * 3_600_000, 'from'),
    created_before: rfc3339(params.to ?? now, 'to', true),
    model: params.model,
    status: params.status,
  };
  return { query, pageSize };
}
