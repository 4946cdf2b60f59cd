import { APIError, ServerError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { describeInput, type SdkLogger } from '../../core/logger.js';
import type { JobQueue } from '../../core/queue.js';
import { RecentIds } from '../../core/recent-ids.js';
import { isRecord, lazy } from '../../core/util.js';
import type { ModelId, ModelInput } from '../../models/types.js';
import type { InputFileUploader } from '../files/input-files.js';
import { hasInputFiles } from '../files/input-scan.js';
import type { InputCheck } from '../input-check.js';
import type { DurationLearner } from '../polling/learner.js';
import { pollUntilDone, type WaitOptions } from '../polling/poll.js';
import { POLL_SCHEDULE } from '../polling/schedule.js';
import {
  callIssues,
  type FindPredictionsParams,
  historyQueryOf,
  type ListPredictionsParams,
  type RunOptions,
  type SubmitOptions,
} from './options.js';
import { isSyncTimeout, type Prediction, toPrediction, type WirePrediction } from './prediction.js';

// `client.predictions`: the path of every job. run() = check → upload files → queue slot →
// submit → poll. The rare paths (recovery of an unknown submit, did-you-mean on an unknown
// model, uploads of files inside inputs) load on first use.

const DELETE_CHUNK = 100;
/** Submit times remembered for a later wait(). */
const MAX_REMEMBERED = 1_000;
/** Prediction ids a client remembers owning (far more than a recovery window ever holds). */
const MAX_CLAIMED_IDS = 10_000;

const loadHistory = lazy(() => import('./history.js'));
const loadSubmitFailure = lazy(() => import('./submit-failure.js'));
const loadInputFiles = lazy(() => import('../files/input-files.js'));

/**
 * What the predictions namespace uses, given by the client.
 */
export interface PredictionsDeps {
  http: HttpClient;
  /** Bounds the jobs in flight (submit → terminal) and their rate. */
  queue: JobQueue;
  /** Learns each model's durations, so polls land near the end of a job. */
  learner: DurationLearner;
  logger: SdkLogger;
  /** Uploads a file found inside an input. */
  uploader: InputFileUploader;
  /** Checks inputs against model schemas; absent when validation is off. */
  checkInput?: InputCheck | undefined;
  /** Known model ids, for "did you mean" when a submit answers 404. */
  modelIds: () => Promise<string[]>;
  /** The client's fixed poll interval, when set. */
  pollInterval?: number | undefined;
}

/**
 * Predictions (jobs): submit, check, wait, run, list, find and delete.
 */
export class Predictions {
  readonly #deps: PredictionsDeps;
  /** Prediction ids this client created or recovered, so recovery never claims one twice. */
  readonly #claimedIds = new RecentIds(MAX_CLAIMED_IDS);
  /** When this client submitted recent predictions (epoch ms), so a later wait() can learn. */
  readonly #submittedAt = new Map<string, number>();

  constructor(deps: PredictionsDeps) {
    this.#deps = deps;
  }

  /**
   * Submits a job and returns at once with the new prediction (status `created`), or with the
   * finished one when `sync` is set. Never re-sent when the job may already exist.
   *
   * @example
   * ```ts
   * const job = await client.predictions.submit('wavespeed-ai/flux-dev', { prompt: 'A cat' }, {
   *   webhook: 'https://example.com/hooks/wavespeed',
   * });
   * await saveJobId(job.id); // the job is billed whether or not anyone waits for it
   * ```
   */
  async submit<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: SubmitOptions = {},
  ): Promise<Prediction> {
    const prepared = await this.#prepare(model, input as Record<string, unknown>, options);
    return this.#deps.queue.run(
      async () => {
        const { prediction, submittedAt } = await this.#submit(
          model,
          prepared,
          options,
          Date.now(),
        );
        const times = this.#submittedAt;
        times.set(prediction.id, submittedAt);
        if (times.size > MAX_REMEMBERED) times.delete(times.keys().next().value as string);
        return prediction;
      },
      { signal: options.signal },
    );
  }

  /**
   * Fetches a prediction's current state. Every error it throws carries the id.
   *
   * @example
   * ```ts
   * const { status, outputs } = await client.predictions.get(id, { signal: AbortSignal.timeout(10_000) });
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
    return this.#fetch(id, options.signal, undefined);
  }

  /** GET /result of a valid id; `deadline` (epoch ms) bounds the request without a signal. */
  async #fetch(
    id: string,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
  ): Promise<Prediction> {
    const wire = await this.#deps.http.request<WirePrediction>({
      method: 'GET',
      path: `/api/v3/predictions/${encodeURIComponent(id)}/result`,
      signal,
      deadline,
      predictionId: id,
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
   * `PredictionTimeoutError` (with the id) when `timeout` (default 10 min) passes first. The
   * job itself is never cancelled by giving up on it.
   *
   * @example
   * ```ts
   * const done = await client.predictions.wait(jobId, {
   *   timeout: 30 * 60_000,
   *   onProgress: (p) => console.log(p.status),
   * });
   * ```
   */
  async wait(
    idOrPrediction: string | Prediction,
    options: WaitOptions<Prediction> = {},
  ): Promise<Prediction> {
    const initial = typeof idOrPrediction === 'string' ? undefined : idOrPrediction;
    const id = typeof idOrPrediction === 'string' ? idOrPrediction : idOrPrediction?.id;
    const issues = callIssues(undefined, undefined, options);
    if (typeof id !== 'string' || id.trim() === '') {
      issues.push({ path: 'id', message: 'pass a prediction id or the object submit() returned' });
    }
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid wait() call', issues);
    options.signal?.throwIfAborted();
    return this.#wait(id as string, initial, options, this.#submittedAt.get(id as string));
  }

  /**
   * Submits a job and waits for it: the one-call path. Resolves with the completed prediction.
   * Files inside `input` (Blob, Buffer, `file:` URL) are uploaded first.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * const job = client.predictions.run('wavespeed-ai/flux-dev', { prompt: 'A cat' }, {
   *   timeout: 120_000,
   *   signal: controller.signal, // aborting stops the wait, not the (billed) job
   * });
   * const { id, outputs, timings } = await job;
   * ```
   */
  async run<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: RunOptions = {},
  ): Promise<Prediction> {
    const prepared = await this.#prepare(model, input as Record<string, unknown>, options);
    return this.#deps.queue.run(
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
   * for await (const p of client.predictions.list({ status: 'failed', from: new Date(Date.now() - 3_600_000) })) {
   *   console.log(p.id, p.model, p.error);
   * }
   * ```
   */
  list(params: ListPredictionsParams = {}): AsyncIterable<Prediction> {
    const http = this.#deps.http;
    const { query, pageSize } = historyQueryOf(params);
    return {
      async *[Symbol.asyncIterator]() {
        const { historyPages } = await loadHistory();
        for await (const item of historyPages(http, query, pageSize, params.signal)) {
          yield toPrediction(item);
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
    const issues = callIssues(params?.model, params?.input ?? null, {});
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid find() call', issues);
    params.signal?.throwIfAborted();
    const { findInHistory } = await loadHistory();
    return findInHistory(this.#deps.http, params);
  }

  /**
   * Permanently deletes one or more predictions (and their outputs). Unknown ids are ignored.
   *
   * @example
   * ```ts
   * const old = [];
   * for await (const p of client.predictions.list({ to: new Date(Date.now() - 86_400_000) })) old.push(p.id);
   * await client.predictions.delete(old); // sent in chunks of 100
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
      await this.#deps.http.request({
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
    const issues = callIssues(model, input, options);
    if (issues.length > 0) throw ValidationError.fromIssues('Invalid request', issues);
    await this.#deps.checkInput?.(model, input, options.signal);
    if (!hasInputFiles(input)) return input;
    const { uploadInputFiles } = await loadInputFiles();
    return uploadInputFiles(
      input,
      this.#deps.uploader,
      options.signal ? { signal: options.signal } : {},
    );
  }

  async #submit(
    model: string,
    input: Record<string, unknown>,
    options: RunOptions,
    started: number,
  ): Promise<{ prediction: Prediction; submittedAt: number }> {
    const { logger, http, queue } = this.#deps;
    const body = {
      ...input,
      ...(options.sync ? { enable_sync_mode: true } : {}),
      ...(options.base64 ? { enable_base64_output: true } : {}),
    };
    if (logger.enabled('info')) {
      const { keys, sizes } = describeInput(input);
      logger.info(`submitting to ${model}`, { model, keys, sizes });
    }
    const deadline = options.timeout ?? POLL_SCHEDULE.timeout;
    let wire: WirePrediction;
    let sentAt = Date.now();
    try {
      wire = await http.request<WirePrediction>({
        method: 'POST',
        path: `/api/v3/${model}`,
        json: body,
        query: { webhook: options.webhook },
        // Sync mode blocks until the job ends: give it the whole job deadline.
        timeout: options.sync ? Math.max(http.timeout, deadline) : undefined,
        // Re-sent only when provably no job was created (429, refused, empty 503), sync or not.
        retry: 'submit',
        signal: options.signal,
        onRetry: (info) => {
          sentAt = Number.NaN;
          if (info.error instanceof APIError && info.error.status === 429) {
            queue.pauseFor(info.delay);
          }
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
      const { afterSubmitFailure } = await loadSubmitFailure();
      const deps = {
        ...this.#deps,
        claimedIds: this.#claimedIds,
        get: (id: string, o: { signal?: AbortSignal | undefined }) => this.get(id, o),
      };
      const found = await afterSubmitFailure(deps, model, input, started, error, options.signal);
      return { prediction: found, submittedAt: started };
    }
    // The server created the job between the request and its answer: the middle is the best
    // estimate (the poll schedule and what it learns count from it).
    // After a retry, the last attempt's start is not known: its answer is the estimate then.
    const answeredAt = Date.now();
    const submittedAt = Number.isNaN(sentAt) ? answeredAt : (sentAt + answeredAt) / 2;
    this.#claimedIds.add(wire.id);
    if (options.sync && isSyncTimeout(wire)) {
      logger.info(`sync wait for ${wire.id} timed out on the server; polling instead`, { model });
      const { error: _ignored, code: _code, ...rest } = wire;
      return { prediction: toPrediction({ ...rest, status: 'processing' }), submittedAt: started };
    }
    if (logger.enabled('debug')) {
      logger.debug(`submitted ${wire.id}`, { model, status: wire.status });
    }
    return { prediction: toPrediction({ model, ...wire }), submittedAt };
  }

  #wait(
    id: string,
    initial: Prediction | undefined,
    options: WaitOptions<Prediction>,
    submittedAt: number | undefined,
  ): Promise<Prediction> {
    const { learner, logger, pollInterval } = this.#deps;
    return pollUntilDone<Prediction>({
      id,
      initial,
      submittedAt,
      justCreated: submittedAt !== undefined,
      timeout: options.timeout,
      pollInterval: options.pollInterval ?? pollInterval,
      signal: options.signal,
      onProgress: options.onProgress,
      learner,
      logger,
      // The caller's signal, if any, and the wait's deadline: a poll adds no AbortSignal.
      fetch: (signal, deadline) => this.#fetch(id, signal, deadline),
    });
  }
}
