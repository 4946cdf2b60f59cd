import { type ClientOptions, type ResolvedConfig, resolveConfig } from './core/config.js';
import { HttpClient } from './core/http.js';
import { createLogger } from './core/logger.js';
import { DurationLearner } from './core/polling.js';
import { JobQueue } from './core/queue.js';
import { RecentIds } from './core/recent-ids.js';
import type { ModelId, ModelInput } from './models/types.js';
import { Account } from './resources/account.js';
import { Files } from './resources/files.js';
import { Models } from './resources/models.js';
import { Predictions, type RunOptions } from './resources/predictions.js';
import type { ClientContext } from './resources/resource.js';
import { createStream, type StreamEvent, type StreamOptions } from './streaming.js';
import { Webhooks } from './webhooks.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Prediction ids a client remembers owning (far more than a recovery window ever holds). */
const MAX_CLAIMED_IDS = 10_000;

/**
 * The WaveSpeed AI client. Reads `WAVESPEED_API_KEY` / `WAVESPEED_BASE_URL` when created (not at
 * import); a missing key fails the first call with `AuthenticationError`.
 *
 * @example
 * ```ts
 * import { WaveSpeedClient } from 'wavespeed-sdk';
 *
 * const client = new WaveSpeedClient();
 * const [url] = await client.run('wavespeed-ai/flux-dev', { prompt: 'A cat' });
 * ```
 */
export class WaveSpeedClient {
  /** Submit, check, wait for, list and delete predictions. */
  readonly predictions: Predictions;
  /** The model catalog, schemas and prices. */
  readonly models: Models;
  /** Uploads of local files (paths, Blobs, bytes, streams). */
  readonly files: Files;
  /** Balance, usage and billings. */
  readonly account: Account;
  /** The webhook secret and signature verification. */
  readonly webhooks: Webhooks;
  readonly #ctx: ClientContext;
  readonly #config: ResolvedConfig;

  constructor(options: ClientOptions = {}) {
    const { config, apiKey } = resolveConfig(options);
    this.#config = config;
    const logger = createLogger({
      logger: config.logger,
      level: config.logLevel,
      secrets: apiKey === undefined ? [] : [apiKey],
    });
    const http = new HttpClient(config, apiKey, logger);
    const ctx: ClientContext = {
      http,
      logger,
      queue: new JobQueue({
        concurrency: config.maxConcurrency,
        jobsPerMinute: config.maxJobsPerMinute,
      }),
      learner: new DurationLearner(),
      claimedIds: new RecentIds(MAX_CLAIMED_IDS),
      submittedAt: new Map(),
    };
    this.#ctx = ctx;
    this.models = new Models(ctx, { cacheTtl: config.modelsCacheTtl });
    this.predictions = new Predictions(ctx);
    this.account = new Account(ctx);
    this.webhooks = new Webhooks(ctx);
    ctx.schemaOf = async (model) => (await this.models.get(model)).inputSchema;
    ctx.modelIds = async () => (await this.models.list()).map((m) => m.id);
    this.files = new Files(ctx);
    ctx.uploader = (file, { signal }) => this.files.upload(file, signal ? { signal } : {});
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
   * const outputs = await client.run('wavespeed-ai/flux-dev', { prompt: 'A cat' }, {
   *   timeout: 120_000,
   *   onProgress: (p) => console.log(p.status),
   * });
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
    return createStream(this.#ctx, model, input, options);
  }

  /** Shows the configuration, never the key. */
  [INSPECT](): string {
    return `WaveSpeedClient { baseUrl: '${this.#config.baseUrl}', apiKey: ${
      this.#ctx.http.hasApiKey ? "'[redacted]'" : 'undefined'
    } }`;
  }

  /** Serialises the configuration, never the key. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.#config.baseUrl,
      timeout: this.#config.timeout,
      maxRetries: this.#config.maxRetries,
      maxConcurrency: this.#config.maxConcurrency,
    };
  }
}
