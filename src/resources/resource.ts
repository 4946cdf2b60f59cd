import type { HttpClient } from '../core/http.js';
import type { InputFileUploader } from '../core/input-files.js';
import type { Logger } from '../core/logger.js';
import type { DurationLearner } from '../core/polling.js';
import type { JobQueue } from '../core/queue.js';

/**
 * What every resource shares with its client: the request core, the job queue, the learned
 * model durations and the ids this client has already seen.
 *
 * @example
 * ```ts
 * class Things extends APIResource {
 *   list() { return this._ctx.http.request({ method: 'GET', path: '/api/v3/things' }); }
 * }
 * ```
 */
export interface ClientContext {
  http: HttpClient;
  logger: Logger;
  queue: JobQueue;
  learner: DurationLearner;
  /** Prediction ids this client created or recovered, so recovery never claims one twice. */
  claimedIds: Set<string>;
  /** When this client submitted recent predictions (epoch ms), so a later wait() can learn. */
  submittedAt?: Map<string, number> | undefined;
  /** Uploads a local file and resolves its URL; set once the files resource exists. */
  uploader?: InputFileUploader | undefined;
  /** The input schema of a model, when it can be found (used by pre-flight validation). */
  schemaOf?: ((model: string) => Promise<unknown>) | undefined;
  /** Known model ids, for "did you mean" suggestions. */
  modelIds?: (() => Promise<string[]>) | undefined;
}

/**
 * Base of every resource class: it only holds the shared client context.
 *
 * @example
 * ```ts
 * class Account extends APIResource {}
 * ```
 */
export class APIResource {
  protected readonly _ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this._ctx = ctx;
  }
}
