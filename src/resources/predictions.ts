import { APIError, NotFoundError, ServerError, ValidationError } from '../core/errors.js';
import { hasInputFiles } from '../core/input-scan.js';
import { describeInput, logsAt } from '../core/logger.js';
import { POLL_SCHEDULE, pollUntilDone, type WaitOptions } from '../core/polling.js';
import { type RetryInfo, submitOutcomeUnknown } from '../core/retry.js';
import { rfc3339 } from '../core/time.js';
import type { ValidationIssue } from '../models/preflight.js';
import type { ModelId, ModelInput } from '../models/types.js';
import type { FindPredictionsParams } from './recover.js';
import { APIResource } from './resource.js';

/**
 * The wire shape of a prediction (submit, result, history, webhook).
 *
 * @example
 * ```ts
 * const wire: WirePrediction = { id: 'abc', model: 'wavespeed-ai/flux-dev', status: 'created', outputs: [] };
 * ```
 */
export interface WirePrediction {
  id?: string;
  model?: string;
  status?: string;
  outputs?: unknown[];
  error?: string;
  created_at?: string;
  timings?: { inference?: number } & Record<string, unknown>;
  has_nsfw_contents?: boolean[];
  urls?: { get?: string } & Record<string, unknown>;
  executionTime?: number;
  execution_time?: number;
  input?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  code?: number;
}

const SYNC_TIMEOUT_CODE = 5004;
const DELETE_CHUNK = 100;
/** Submit times remembered for a later wait(). */
const MAX_REMEMBERED = 1_000;
/** The validation glue, once loaded. */
let preflight: Promise<typeof import('../models/preflight.js')> | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps a wire prediction (snake_case) to the SDK's {@link Prediction} (camelCase).
 *
 * @example
 * ```ts
 * const p = toPrediction({ id: 'abc', model: 'wavespeed-ai/flux-dev', status: 'created', outputs: [] });
 * ```
 */
export function toPrediction(wire: WirePrediction): Prediction {
  const outputs = Array.isArray(wire.outputs)
    ? wire.outputs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o)))
    : [];
  const input = wire.input ?? wire.inputs;
  const executionTime = wire.executionTime ?? wire.execution_time;
  // Built field by field (in this order) rather than with conditional spreads: this runs on
  // every poll.
  const id = String(wire.id ?? '');
  const model = String(wire.model ?? '');
  const status = (wire.status ?? 'created') as PredictionStatus;
  const createdAt = wire.created_at ?? '';
  const prediction: Prediction = wire.error
    ? { id, model, status, outputs, error: wire.error, createdAt }
    : { id, model, status, outputs, createdAt };
  if (wire.timings !== undefined) prediction.timings = wire.timings;
  if (wire.has_nsfw_contents !== undefined) prediction.hasNsfwContents = wire.has_nsfw_contents;
  if (wire.urls !== undefined) prediction.urls = wire.urls;
  if (executionTime !== undefined) prediction.executionTime = executionTime;
  if (input !== undefined) prediction.input = input;
  return prediction;
}

/** True for the answer of a sync submit whose server-side wait timed out (the job runs on). */
function isSyncTimeout(wire: WirePrediction): boolean {
  return (
    wire.code === SYNC_TIMEOUT_CODE ||
    (wire.status === 'processing' && /sync mode timed out/i.test(wire.error ?? ''))
  );
}

/** Client-side checks that need no schema: model id shape, input shape, option values. */
function basicIssues(model: unknown, input: unknown, options: RunOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof model !== 'string' || model.trim() === '') {
    issues.push({
      path: 'model',
      message: 'the model id is empty; pass e.g. "wavespeed-ai/flux-dev"',
    });
  } else if (
    !model.includes('/') ||
    model.startsWith('/') ||
    model.endsWith('/') ||
    /\s/.test(model)
  ) {
    issues.push({
      path: 'model',
      message: `"${model}" is not a model id; ids look like "owner/model", e.g. "wavespeed-ai/flux-dev"`,
    });
  }
  if (!isRecord(input)) {
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

/**
 * Predictions (jobs): submit, check, wait, run, list and delete.
 *
 * @example
 * ```ts
 * const done = await client.predictions.run('wavespeed-ai/flux-dev', { prompt: 'A cat' });
 * console.log(done.outputs);
 * ```
 */
export class Predictions extends APIResource {
  /**
   * Submits a job and returns at once with the new prediction (status `created`), or with the
   * finished one when `sync` is set. Never re-sent when the job may already exist.
   *
   * @example
   * ```ts
   * const { id } = await client.predictions.submit('wavespeed-ai/flux-dev', { prompt: 'A cat' });
   * ```
   */
  async submit<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: SubmitOptions = {},
  ): Promise<Prediction> {
    const prepared = await this.#prepare(model, input as Record<string, unknown>, options);
    return this._ctx.queue.run(
      async () => {
        const { prediction, submittedAt } = await this.#submit(
          model,
          prepared,
          options,
          Date.now(),
        );
        const times = this._ctx.submittedAt;
        times?.set(prediction.id, submittedAt);
        if (times && times.size > MAX_REMEMBERED) times.delete(times.keys().next().value as string);
        return prediction;
      },
      { signal: options.signal },
    );
  }

  /**
   * Fetches a prediction's current state.
   *
   * @example
   * ```ts
   * const p = await client.predictions.get('e6832d4abffb4d79bfbca19783fca133');
   * console.log(p.status);
   * ```
   */
  async get(id: string, options: { signal?: AbortSignal | undefined } = {}): Promise<Prediction> {
    if (typeof id !== 'string' || id.trim() === '') {
      throw ValidationError.fromIssues('Invalid prediction id', [
        {
          path: 'id',
          message: 'pass the id returned by submit(), e.g. "e6832d4abffb4d79bfbca19783fca133"',
        },
      ]);
    }
    const wire = await this._ctx.http.request<WirePrediction>({
      method: 'GET',
      path: `/api/v3/predictions/${encodeURIComponent(id)}/result`,
      signal: options.signal,
    });
    if (!isRecord(wire)) {
      // A transient ServerError: a poll retries it, and the id stays on it either way.
      throw new ServerError(
        `The API answered GET /result for ${id} without a prediction object. Retry; if it ` +
          'persists, report it to WaveSpeed support.',
        { status: 200, body: wire, predictionId: id },
      );
    }
    return toPrediction(wire);
  }

  /**
   * Waits until a prediction ends, polling on an adaptive schedule. Resolves with the completed
   * prediction; throws `PredictionFailedError` for failed/cancelled/timeout/deleted, and
   * `PredictionTimeoutError` (with the id) when `timeout` (default 10 min) passes first.
   *
   * @example
   * ```ts
   * const done = await client.predictions.wait(id, { onProgress: (p) => console.log(p.status) });
   * ```
   */
  async wait(
    idOrPrediction: string | Prediction,
    options: WaitOptions<Prediction> = {},
  ): Promise<Prediction> {
    const initial = typeof idOrPrediction === 'string' ? undefined : idOrPrediction;
    const id = typeof idOrPrediction === 'string' ? idOrPrediction : idOrPrediction?.id;
    const issues = basicIssues('x/y', {}, options);
    if (typeof id !== 'string' || id.trim() === '') {
      issues.push({ path: 'id', message: 'pass a prediction id or the object submit() returned' });
    }
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid wait() call', issues);
    options.signal?.throwIfAborted();
    return this.#wait(id as string, initial, options, this._ctx.submittedAt?.get(id as string));
  }

  /**
   * Submits a job and waits for it: the one-call path. Resolves with the completed prediction.
   * Files inside `input` (Blob, Buffer, `file:` URL) are uploaded first.
   *
   * @example
   * ```ts
   * const p = await client.predictions.run('wavespeed-ai/flux-dev', { prompt: 'A cat' }, { timeout: 120_000 });
   * console.log(p.outputs[0]);
   * ```
   */
  async run<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: RunOptions = {},
  ): Promise<Prediction> {
    const prepared = await this.#prepare(model, input as Record<string, unknown>, options);
    return this._ctx.queue.run(
      async () => {
        const started = Date.now();
        const { prediction, submittedAt } = await this.#submit(model, prepared, options, started);
        const timeout = options.timeout ?? POLL_SCHEDULE.timeout;
        const remaining = Math.max(1, timeout - (Date.now() - started));
        return this.#wait(
          prediction.id,
          prediction,
          { ...options, timeout: remaining },
          submittedAt,
        );
      },
      { signal: options.signal },
    );
  }

  /**
   * Lists predictions, newest first, fetching pages lazily as you iterate. Defaults to the last
   * 24 hours (the API keeps 7 days).
   *
   * @example
   * ```ts
   * for await (const p of client.predictions.list({ status: 'failed' })) console.log(p.id, p.error);
   * ```
   */
  list(params: ListPredictionsParams = {}): AsyncIterable<Prediction> {
    const http = this._ctx.http;
    const now = Date.now();
    const to = rfc3339(params.to ?? now, 'to', true);
    const from = rfc3339(params.from ?? now - 24 * 3_600_000, 'from');
    const pageSize = params.pageSize ?? 50;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw ValidationError.fromIssues('Invalid list() call', [
        {
          path: 'pageSize',
          message: `must be a whole number from 1 to 100, got ${String(pageSize)}`,
        },
      ]);
    }
    return {
      async *[Symbol.asyncIterator]() {
        for (let page = 1; ; page += 1) {
          const data = await http.request<{ items?: WirePrediction[]; total?: number }>({
            method: 'POST',
            path: '/api/v3/predictions',
            json: {
              page,
              page_size: pageSize,
              created_after: from,
              created_before: to,
              ...(params.model === undefined ? {} : { model: params.model }),
              ...(params.status === undefined ? {} : { status: params.status }),
            },
            retry: 'idempotent',
            signal: params.signal,
          });
          const items = Array.isArray(data?.items) ? data.items : [];
          for (const item of items) if (isRecord(item)) yield toPrediction(item);
          const total = typeof data?.total === 'number' ? data.total : undefined;
          if (items.length < pageSize || (total !== undefined && page * pageSize >= total)) return;
        }
      },
    };
  }

  /**
   * Finds the jobs of `model` created in a time window whose stored input matches `input`,
   * newest first: how to tell whether a job whose submit outcome is unknown (a crash between
   * the POST and its answer, a `SubmissionUnknownError`) was created, instead of submitting and
   * paying again. Keys the API dropped from its stored copy are ignored; every key it kept must
   * hold the same value.
   *
   * @example
   * ```ts
   * const [job] = await client.predictions.find({ model, input, from: new Date(Date.now() - 10 * 60_000) });
   * const done = job ? await client.predictions.wait(job.id) : await client.predictions.run(model, input);
   * ```
   */
  async find(params: FindPredictionsParams): Promise<Prediction[]> {
    const issues = basicIssues(params?.model, params?.input, {});
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid find() call', issues);
    params.signal?.throwIfAborted();
    const { findInHistory } = await import('./recover.js');
    return findInHistory(this._ctx.http, params);
  }

  /**
   * Permanently deletes one or more predictions (and their outputs). Unknown ids are ignored.
   *
   * @example
   * ```ts
   * await client.predictions.delete(['id1', 'id2']);
   * ```
   */
  async delete(ids: string | string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    const list = Array.isArray(ids) ? ids : [ids];
    if (list.length === 0 || list.some((id) => typeof id !== 'string' || id.trim() === '')) {
      throw ValidationError.fromIssues('Invalid delete() call', [
        { path: 'ids', message: 'pass one prediction id or a non-empty array of ids' },
      ]);
    }
    const unique = [...new Set(list)];
    for (let i = 0; i < unique.length; i += DELETE_CHUNK) {
      await this._ctx.http.request({
        method: 'POST',
        path: '/api/v3/predictions/delete',
        json: { ids: unique.slice(i, i + DELETE_CHUNK) },
        retry: 'idempotent',
        signal: options.signal,
      });
    }
  }

  /** Checks everything knowable before a request, then uploads files inside the input. */
  async #prepare(
    model: string,
    input: Record<string, unknown>,
    options: RunOptions,
  ): Promise<Record<string, unknown>> {
    options.signal?.throwIfAborted();
    const issues = basicIssues(model, input, options);
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid request', issues);
    if (this._ctx.http.config.validateInput) {
      // Validation (the id list, schemas, zod) loads on the first submit, in its own chunks.
      preflight ??= import('../models/preflight.js').catch((error: unknown) => {
        preflight = undefined;
        throw error;
      });
      const { preflightIssues } = await preflight;
      const schemaOf = this._ctx.schemaOf;
      const found = await preflightIssues(model, input, {
        ...(schemaOf === undefined
          ? {}
          : { fetchSchema: (id: string) => schemaOf(id).catch(() => undefined) }),
      });
      options.signal?.throwIfAborted();
      if (found.length > 0) throw ValidationError.fromIssues(`Invalid input for ${model}`, found);
    }
    if (!hasInputFiles(input)) return input;
    const uploader = this._ctx.uploader;
    if (uploader === undefined) {
      throw ValidationError.fromIssues(`Invalid input for ${model}`, [
        { path: '', message: 'file uploads are not available in this client; pass URLs instead' },
      ]);
    }
    const { uploadInputFiles } = await import('../core/input-files.js');
    return uploadInputFiles(input, uploader, options.signal ? { signal: options.signal } : {});
  }

  async #submit(
    model: string,
    input: Record<string, unknown>,
    options: RunOptions,
    started: number,
  ): Promise<{ prediction: Prediction; submittedAt: number }> {
    const { logger, http, queue, claimedIds } = this._ctx;
    const body = {
      ...input,
      ...(options.sync ? { enable_sync_mode: true } : {}),
      ...(options.base64 ? { enable_base64_output: true } : {}),
    };
    if (logsAt(http.config.logLevel, 'info')) {
      const described = describeInput(input);
      logger.info(`submitting to ${model}`, {
        model,
        keys: described.keys,
        sizes: described.sizes,
      });
    }
    const deadline = options.timeout ?? POLL_SCHEDULE.timeout;
    let wire: WirePrediction;
    try {
      wire = await http.request<WirePrediction>({
        method: 'POST',
        path: `/api/v3/${model}`,
        json: body,
        query: { webhook: options.webhook },
        // Sync mode blocks until the job ends: give it the whole job deadline.
        timeout: options.sync ? Math.max(http.config.timeout, deadline) : undefined,
        // Re-sent only when provably no job was created (429, refused, empty 503), sync or not.
        retry: 'submit',
        signal: options.signal,
        onRetry: (info: RetryInfo) => {
          if (info.error instanceof APIError && info.error.status === 429)
            queue.pauseFor(info.delay);
        },
      });
      if (!isRecord(wire) || typeof wire.id !== 'string' || wire.id === '') {
        throw new ServerError(
          `The submit to ${model} succeeded but the answer has no prediction id. Check the history.`,
          { status: 200, body: wire },
        );
      }
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof NotFoundError) throw await this.#unknownModel(model, error);
      if (!submitOutcomeUnknown(error)) throw error;
      // Recovery is rare: it loads only when a submit's outcome is unknown.
      const { recoverSubmission } = await import('./recover.js');
      const get = (id: string, o: { signal?: AbortSignal | undefined }) => this.get(id, o);
      return {
        prediction: await recoverSubmission(this._ctx, get, model, input, started, error, options),
        submittedAt: started,
      };
    }
    const submittedAt = Date.now();
    claimedIds.add(wire.id);
    if (options.sync && isSyncTimeout(wire)) {
      logger.info(`sync wait for ${wire.id} timed out on the server; polling instead`, { model });
      const { error: _ignored, code: _code, ...rest } = wire;
      return { prediction: toPrediction({ ...rest, status: 'processing' }), submittedAt: started };
    }
    if (logsAt(http.config.logLevel, 'debug')) {
      logger.debug(`submitted ${wire.id}`, { model, status: wire.status });
    }
    return { prediction: toPrediction({ model, ...wire }), submittedAt };
  }

  /** Enriches a submit 404 with the closest known model ids. */
  async #unknownModel(model: string, error: NotFoundError): Promise<NotFoundError> {
    let ids: string[] = [];
    try {
      ids = (await this._ctx.modelIds?.()) ?? [];
    } catch {
      ids = [];
    }
    const { closest } = await import('../models/suggest.js');
    const suggestions = closest(model, ids, 3);
    const hint =
      suggestions.length > 0
        ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`
        : ' List the models with client.models.list().';
    return new NotFoundError(`Model "${model}" was not found (HTTP 404).${hint}`, {
      status: 404,
      code: error.code,
      requestId: error.requestId,
      body: error.body,
      headers: error.headers,
      suggestions,
      cause: error,
    });
  }

  #wait(
    id: string,
    initial: Prediction | undefined,
    options: WaitOptions<Prediction>,
    submittedAt: number | undefined,
  ): Promise<Prediction> {
    const { learner, logger, http } = this._ctx;
    return pollUntilDone<Prediction>({
      id,
      initial,
      submittedAt,
      justCreated: submittedAt !== undefined,
      timeout: options.timeout,
      pollInterval: options.pollInterval ?? http.config.pollInterval,
      signal: options.signal,
      onProgress: options.onProgress,
      learner,
      logger,
      fetch: (signal) => this.get(id, { signal }),
    });
  }
}

/**
 * A prediction's status: `created` (queued) → `processing` → `completed` | `failed` |
 * `cancelled` | `timeout` | `deleted`, or any newer status the API adds.
 *
 * @example
 * ```ts
 * const status: PredictionStatus = 'completed';
 * ```
 */
export type PredictionStatus =
  | 'created'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timeout'
  | 'deleted'
  | (string & {});

/**
 * A prediction (one job), in camelCase.
 *
 * @example
 * ```ts
 * const p: Prediction = await client.predictions.get(id);
 * if (p.status === 'completed') console.log(p.outputs);
 * ```
 */
export interface Prediction {
  /** Prediction id (32 hex characters): quote it to support, pass it to `get`/`wait`. */
  id: string;
  /** Model id. */
  model: string;
  /** Where the job is: `created` → `processing` → `completed` or `failed` (or another terminal). */
  status: PredictionStatus;
  /** Output URLs (or base64 strings / text for some models); empty until completed. */
  outputs: string[];
  /** The server's error text when the job failed. */
  error?: string;
  /** RFC3339 creation time. */
  createdAt: string;
  /** `inference`: model run time in ms, once completed. */
  timings?: { inference?: number } & Record<string, unknown>;
  /** One flag per output. */
  hasNsfwContents?: boolean[];
  /** `get`: the URL of this prediction's result. */
  urls?: { get?: string } & Record<string, unknown>;
  /** Run time in ms (history items and webhooks). */
  executionTime?: number;
  /** The input, when the API includes it (webhooks, history). */
  input?: Record<string, unknown>;
}

/**
 * Options of `predictions.submit`.
 *
 * @example
 * ```ts
 * await client.predictions.submit(model, input, { webhook: 'https://example.com/hook' });
 * ```
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
 *
 * @example
 * ```ts
 * await client.run(model, input, { timeout: 120_000, onProgress: (p) => console.log(p.status) });
 * ```
 */
export interface RunOptions extends SubmitOptions, WaitOptions<Prediction> {
  /** Whole-job deadline in ms (submit + wait). @default 600_000 */
  timeout?: number | undefined;
}

/**
 * Filters of `predictions.list`.
 *
 * @example
 * ```ts
 * client.predictions.list({ model: 'wavespeed-ai/flux-dev', from: new Date(Date.now() - 3_600_000) });
 * ```
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

export type { WaitOptions };
