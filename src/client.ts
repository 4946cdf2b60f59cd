import type { BatchDeps } from './batch/job.js';
import type { BatchJob, BatchOptions, BatchResult } from './batch/types.js';
import { type ClientOptions, type ResolvedConfig, resolveConfig } from './core/config.js';
import { HttpClient } from './core/http.js';
import { createLogger } from './core/logger.js';
import { JobQueue } from './core/queue.js';
import { lazy } from './core/util.js';
import type { ModelId, ModelInput } from './models/types.js';
import { Account } from './resources/account.js';
import { Files } from './resources/files/index.js';
import { createInputCheck } from './resources/input-check.js';
import { Models } from './resources/models.js';
import { DurationLearner } from './resources/polling/learner.js';
import { Predictions } from './resources/predictions/index.js';
import type { RunOptions } from './resources/predictions/options.js';
import { createStream } from './resources/stream.js';
import type { StreamDeps, StreamEvent, StreamOptions } from './resources/stream-types.js';
import { Webhooks } from './resources/webhooks.js';

// Wiring only: one request function, one job queue, one learner; each namespace gets what it uses.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const loadBatch = lazy(() => import('./batch/run.js'));

/**
 * The WaveSpeed AI client. Reads `WAVESPEED_API_KEY` / `WAVESPEED_BASE_URL` when created (not at
 * import); a missing key fails the first call with `AuthenticationError`.
 *
 * @example
 * ```ts
 * import { WaveSpeedClient } from 'wavespeed-sdk';
 *
 * const client = new WaveSpeedClient({ maxConcurrency: 4 });
 * const outputs = await Promise.all(
 *   prompts.map((prompt) => client.run('wavespeed-ai/flux-dev', { prompt })), // 4 at a time
 * );
 * ```
 */
export class WaveSpeedClient {
  /** Submit, check, wait for, list, find and delete predictions. */
  readonly predictions: Predictions;
  /** The model catalog, schemas and prices. */
  readonly models: Models;
  /** Uploads of local files (paths, Blobs, bytes, streams). */
  readonly files: Files;
  /** Balance, usage and billings. */
  readonly account: Account;
  /** The webhook secret and signature verification. */
  readonly webhooks: Webhooks;
  readonly #config: ResolvedConfig;
  readonly #stream: StreamDeps;
  readonly #batch: BatchDeps & { concurrency: number };

  constructor(options: ClientOptions = {}) {
    const { config, apiKey } = resolveConfig(options);
    this.#config = config;
    const secrets = apiKey === undefined ? [] : [apiKey];
    const logger = createLogger({ logger: config.logger, level: config.logLevel, secrets });
    const http = new HttpClient(config, apiKey, logger);
    const models = new Models({ http, cacheTtl: config.modelsCacheTtl });
    this.models = models;
    const files = new Files({
      http,
      logger,
      maxRetries: config.maxRetries,
      stallTimeout: config.timeout,
    });
    this.files = files;
    const remote = async (id: string) => (await models.get(id)).inputSchema;
    const checkInput =
      config.validateInput === false
        ? undefined
        : createInputCheck(config.validateInput === 'remote' ? remote : undefined);
    this.predictions = new Predictions({
      http,
      logger,
      queue: new JobQueue({
        concurrency: config.maxConcurrency,
        jobsPerMinute: config.maxJobsPerMinute,
      }),
      learner: new DurationLearner(),
      uploader: (file, { signal }) => files.upload(file, signal ? { signal } : {}),
      checkInput,
      modelIds: async () => (await models.list()).map((m) => m.id),
      pollInterval: config.pollInterval,
    });
    this.account = new Account({ http });
    this.webhooks = new Webhooks({ http });
    this.#stream = { http, logger, checkInput };
    this.#batch = {
      predictions: this.predictions,
      upload: (file, { signal }) => files.upload(file, signal ? { signal } : {}),
      logger,
      concurrency: config.maxConcurrency,
    };
  }

  /** The API root this client talks to. */
  get baseUrl(): string {
    return this.#config.baseUrl;
  }

  /**
   * Runs a model and returns its output URLs: submit, wait (adaptive polling), return
   * `outputs`. Files inside `input` (Blob, Buffer, `file:` URL) are uploaded first.
   *
   * @example
   * ```ts
   * const [video] = await client.run('alibaba/wan-2.5/image-to-video', {
   *   image: new URL('file:///tmp/first-frame.png'), // uploaded for you
   *   prompt: 'The camera pulls back slowly',
   * }, { timeout: 15 * 60_000, onProgress: (p) => console.log(p.status) });
   * ```
   */
  async run<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: RunOptions = {},
  ): Promise<string[]> {
    const prediction = await this.predictions.run(model, input, options);
    return prediction.outputs;
  }

  /**
   * Streams a model's output as Server-Sent Events (speech, music and LLM models). The request
   * is sent when iteration starts.
   *
   * @example
   * ```ts
   * for await (const event of client.stream('wavespeed-ai/any-llm', { prompt: 'Hi' })) {
   *   process.stdout.write(String(event.raw));
   * }
   * ```
   */
  stream<M extends ModelId>(
    model: M,
    input: ModelInput<M>,
    options: StreamOptions = {},
  ): AsyncIterable<StreamEvent> {
    return createStream(this.#stream, model, input, options);
  }

  /**
   * Runs many jobs and yields each one's result as it finishes, at most `concurrency` at a time,
   * under the client's rate limits. With a journal (a path or a {@link Journal}) the batch
   * survives crashes: every state change is recorded before it is acted on, so running the same
   * jobs again yields the finished ones from the journal, waits on the ones still running, finds
   * lost submits in the history, and submits only what never reached the API: nothing is paid
   * for twice, no output is lost. `jobs` may be an array (checked whole before any request) or
   * an iterable read as slots free up.
   *
   * @example
   * ```ts
   * const jobs = prompts.map((prompt) => ({ model: 'wavespeed-ai/flux-dev', input: { prompt } }));
   * for await (const result of client.batch(jobs, { journal: './prompts.journal.jsonl', download: { dir: './out' } })) {
   *   if (result.status === 'completed') console.log(result.key, result.files);
   *   else console.error(result.key, result.error.message);
   * }
   * ```
   */
  async *batch(
    jobs: Iterable<BatchJob> | AsyncIterable<BatchJob>,
    options: BatchOptions = {},
  ): AsyncGenerator<BatchResult, void, undefined> {
    const { runBatch } = await loadBatch();
    yield* runBatch(this.#batch, jobs, options);
  }

  /** Shows the configuration, never the key. */
  [INSPECT](): string {
    return `WaveSpeedClient { baseUrl: '${this.#config.baseUrl}', apiKey: ${
      this.#stream.http.hasApiKey ? "'[redacted]'" : 'undefined'
    } }`;
  }

  /** The configuration, never the key. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.#config.baseUrl,
      timeout: this.#config.timeout,
      maxRetries: this.#config.maxRetries,
      maxConcurrency: this.#config.maxConcurrency,
    };
  }
}
