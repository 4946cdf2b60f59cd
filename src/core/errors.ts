import type { ValidationIssue } from '../models/preflight.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const BRAND = Symbol.for('wavespeed-sdk.error');

/** Plain data every error serialises to (`toJSON()` / `util.inspect`). Never holds request headers. */
type ErrorJson = Record<string, unknown> & { name: string; message: string };

/**
 * Base class of every error the SDK throws. Use {@link isWaveSpeedError} instead of `instanceof`
 * when the error may come from another copy of the package (ESM + CJS, bundled twice).
 *
 * The API key is never stored on an error: not in `message`, `stack`, `toJSON()` or
 * `util.inspect` output.
 *
 * @example
 * ```ts
 * try {
 *   await client.run('wavespeed-ai/flux-dev', { prompt: 'A cat' });
 * } catch (error) {
 *   if (error instanceof WaveSpeedError) console.error(error.message);
 * }
 * ```
 */
export class WaveSpeedError extends Error {
  /** The error class's name, e.g. `'RateLimitError'`; it starts the stack trace. */
  override name = 'WaveSpeedError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The fields that identify this error, for logs and `JSON.stringify`. */
  toJSON(): ErrorJson {
    const json: ErrorJson = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key === 'name' || key === 'message' || value === undefined) continue;
      if (key === 'headers' || key === 'body' || key === 'prediction') continue;
      json[key] = value;
    }
    return json;
  }

  /** @internal How `util.inspect` / `console.log` show the error: its fields, never the key. */
  [INSPECT](): string {
    const { name, message, ...rest } = this.toJSON();
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    const stack = (this.stack ?? '').split('\n').slice(1).join('\n');
    return `${name}: ${message}${extra}${stack ? `\n${stack}` : ''}`;
  }
}

/**
 * True when `value` is an error thrown by this SDK, including one from another copy of the
 * package (works across realms and across the ESM and CJS builds).
 *
 * @example
 * ```ts
 * if (isWaveSpeedError(error)) console.error(error.name, error.message);
 * ```
 */
export function isWaveSpeedError(value: unknown): value is WaveSpeedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/**
 * What an {@link APIError} is built from.
 *
 * @example
 * ```ts
 * const init: APIErrorInit = { status: 503, requestId: 'req_1' };
 * ```
 */
export interface APIErrorInit {
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The `code` from the response body (`error_code` when present, else the numeric code). */
  code?: string | number | undefined;
  /** The request id the API sent back (`x-request-id` and similar headers), when present. */
  requestId?: string | undefined;
  /** The parsed response body (or a short text snippet when it was not JSON). */
  body?: unknown;
  /** Response headers (never request headers, so never the Authorization header). */
  headers?: Record<string, string> | undefined;
  /** The prediction this call was about, when known, so it is never lost. */
  predictionId?: string | undefined;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * The API answered with an error (HTTP status ≥ 400, or HTTP 200 with an error `code` in the body,
 * or a body that could not be read). Subclasses name the common cases.
 *
 * @example
 * ```ts
 * try {
 *   await client.predictions.get('0123abcd');
 * } catch (error) {
 *   if (error instanceof APIError) console.error(error.status, error.code, error.requestId);
 * }
 * ```
 */
export class APIError extends WaveSpeedError {
  override name = 'APIError';
  /** HTTP status, or `undefined` for errors found before any request (client-side validation). */
  readonly status: number | undefined;
  /** Error code from the body: the `error_code` string when present, else the numeric `code`. */
  readonly code: string | number | undefined;
  /** Request id sent by the API, to quote when asking WaveSpeed support. */
  readonly requestId: string | undefined;
  /** Parsed response body (or a short snippet of a non-JSON body). */
  readonly body: unknown;
  /** Response headers. */
  readonly headers: Record<string, string> | undefined;
  /** The prediction involved, when one is known. */
  readonly predictionId: string | undefined;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers;
    this.predictionId = init.predictionId;
  }
}

/**
 * 401: the API key is missing, wrong or revoked.
 *
 * @example
 * ```ts
 * if (error instanceof AuthenticationError) console.error('Check WAVESPEED_API_KEY');
 * ```
 */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}

/**
 * 403: the key is valid but not allowed to do this (key role, account state).
 *
 * @example
 * ```ts
 * if (error instanceof PermissionDeniedError) console.error(error.message);
 * ```
 */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}

/**
 * 404: the prediction or model does not exist. For an unknown model, `suggestions` lists the
 * closest known model ids.
 *
 * @example
 * ```ts
 * if (error instanceof NotFoundError) console.error(error.suggestions);
 * ```
 */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
  /** Closest known model ids, when the missing thing was a model. */
  readonly suggestions: string[];

  constructor(message: string, init: APIErrorInit & { suggestions?: string[] } = {}) {
    super(message, init);
    this.suggestions = init.suggestions ?? [];
  }
}

/**
 * The input was rejected: by the API (400/422) or by the SDK before sending (unknown keys,
 * wrong types, bad model id, bad options). `issues` lists every problem found.
 *
 * @example
 * ```ts
 * if (error instanceof ValidationError) {
 *   for (const issue of error.issues) console.error(issue.path, issue.message, issue.suggestion);
 * }
 * ```
 */
export class ValidationError extends APIError {
  override name = 'ValidationError';
  /** Every problem found; empty when the API gave only a message. */
  readonly issues: ValidationIssue[];

  constructor(message: string, init: APIErrorInit & { issues?: ValidationIssue[] } = {}) {
    super(message, init);
    this.issues = init.issues ?? [];
  }

  /**
   * Builds a client-side validation error whose message lists each issue and its suggestion.
   *
   * @example
   * ```ts
   * throw ValidationError.fromIssues('Invalid input for wavespeed-ai/flux-dev', [
   *   { path: 'promt', message: 'unknown key', suggestion: 'prompt' },
   * ]);
   * ```
   */
  static fromIssues(summary: string, issues: ValidationIssue[]): ValidationError {
    const lines = issues.map((issue) => {
      const where = issue.path === '' ? 'input' : `"${issue.path}"`;
      const hint = issue.suggestion === undefined ? '' : ` (did you mean "${issue.suggestion}"?)`;
      return `  - ${where}: ${issue.message}${hint}`;
    });
    return new ValidationError(`${summary}:\n${lines.join('\n')}`, { issues });
  }
}

/**
 * The account has too little credit for this job. Top up at https://wavespeed.ai and retry.
 *
 * @example
 * ```ts
 * if (error instanceof InsufficientBalanceError) console.error('Top up your WaveSpeed balance');
 * ```
 */
export class InsufficientBalanceError extends APIError {
  override name = 'InsufficientBalanceError';
}

/**
 * 429: too many requests or jobs for the account's rate tier. `retryAfter` is how long the API
 * asked to wait, in milliseconds, when it said.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitError) console.error(`retry in ${error.retryAfter ?? 1000} ms`);
 * ```
 */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Milliseconds the API asked to wait before retrying, when it sent Retry-After. */
  readonly retryAfter: number | undefined;

  constructor(message: string, init: APIErrorInit & { retryAfter?: number | undefined } = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}

/**
 * 5xx, or a response body that could not be read (truncated, HTML from a proxy, empty).
 *
 * @example
 * ```ts
 * if (error instanceof ServerError) console.error('WaveSpeed had a problem:', error.status);
 * ```
 */
export class ServerError extends APIError {
  override name = 'ServerError';
}

/**
 * What a {@link ConnectionError} is built from.
 *
 * @example
 * ```ts
 * const init: ConnectionErrorInit = { errorCode: 'ECONNREFUSED', maybeSent: false };
 * ```
 */
export interface ConnectionErrorInit {
  /** System error code such as `ECONNREFUSED` or `ECONNRESET`, when known. */
  errorCode?: string | undefined;
  /** Whether the request may have reached the server (false only when provably not sent). */
  maybeSent?: boolean;
  /** The prediction involved, when one is known. */
  predictionId?: string | undefined;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * The request could not be completed at the network level (refused, reset, DNS failure).
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionError) console.error(error.errorCode);
 * ```
 */
export class ConnectionError extends WaveSpeedError {
  override name = 'ConnectionError';
  /** System error code, e.g. `ECONNREFUSED`. */
  readonly errorCode: string | undefined;
  /** False only when the request provably never reached the server (connection refused). */
  readonly maybeSent: boolean;
  /** The prediction involved, when one is known. */
  readonly predictionId: string | undefined;

  constructor(message: string, init: ConnectionErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.errorCode = init.errorCode;
    this.maybeSent = init.maybeSent ?? true;
    this.predictionId = init.predictionId;
  }
}

/**
 * One HTTP request took longer than the `timeout` option (per request, default 60 s).
 *
 * @example
 * ```ts
 * const client = new WaveSpeedClient({ timeout: 120_000 }); // after a RequestTimeoutError
 * ```
 */
export class RequestTimeoutError extends WaveSpeedError {
  override name = 'RequestTimeoutError';
  /** The per-request timeout that elapsed, in milliseconds. */
  readonly timeout: number;
  /** The prediction involved, when one is known. */
  readonly predictionId: string | undefined;

  constructor(message: string, init: { timeout: number; predictionId?: string | undefined }) {
    super(message);
    this.timeout = init.timeout;
    this.predictionId = init.predictionId;
  }
}

/**
 * The subset of a prediction the prediction errors carry.
 *
 * @example
 * ```ts
 * const p: FailedPredictionLike = { id: 'abc', model: 'm/x', status: 'failed', error: 'NSFW' };
 * ```
 */
export interface FailedPredictionLike {
  /** Prediction id. */
  id: string;
  /** Model id. */
  model: string;
  /** Its status. */
  status: string;
  /** The server's error text, when it failed. */
  error?: string | undefined;
}

/**
 * The job ended without success (`failed`, `cancelled`, `timeout` or `deleted`). It carries the
 * prediction and the server's error text.
 *
 * @example
 * ```ts
 * if (error instanceof PredictionFailedError) console.error(error.predictionId, error.error);
 * ```
 */
export class PredictionFailedError<
  P extends FailedPredictionLike = FailedPredictionLike,
> extends WaveSpeedError {
  override name = 'PredictionFailedError';
  /** The prediction as last seen. */
  readonly prediction: P;
  /** Its id. */
  readonly predictionId: string;
  /** Its final status. */
  readonly status: string;
  /** The server's error text (may be empty). */
  readonly error: string;

  constructor(prediction: P) {
    const reason = prediction.error ? `: ${prediction.error}` : '';
    super(
      `Prediction ${prediction.id} (${prediction.model}) ended with status "${prediction.status}"${reason}. ` +
        'Check the input and try again; a new run creates a new (billed) job.',
    );
    this.prediction = prediction;
    this.predictionId = prediction.id;
    this.status = prediction.status;
    this.error = prediction.error ?? '';
  }
}

/**
 * The SDK stopped waiting (the `timeout` of `wait`/`run` elapsed) before the job ended. The job
 * may still finish: wait again with `client.predictions.wait(error.predictionId)`.
 *
 * @example
 * ```ts
 * if (error instanceof PredictionTimeoutError) {
 *   const done = await client.predictions.wait(error.predictionId, { timeout: 30 * 60_000 });
 * }
 * ```
 */
export class PredictionTimeoutError extends WaveSpeedError {
  override name = 'PredictionTimeoutError';
  /** The job that is still running. */
  readonly predictionId: string;
  /** Its last known status. */
  readonly lastStatus: string;
  /** How long the SDK waited, in milliseconds. */
  readonly timeout: number;

  constructor(init: {
    predictionId: string;
    lastStatus: string;
    timeout: number;
    cause?: unknown;
  }) {
    super(
      `Stopped waiting for prediction ${init.predictionId} after ${init.timeout} ms (last status ` +
        `"${init.lastStatus}"). The job may still finish: call client.predictions.wait("${init.predictionId}") ` +
        'to keep waiting, or pass a larger `timeout`.',
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.predictionId = init.predictionId;
    this.lastStatus = init.lastStatus;
    this.timeout = init.timeout;
  }
}

/**
 * A submit failed in a way that leaves unknown whether the job was created (connection reset
 * after sending, gateway timeout), and the job could not be found in the history. It was NOT
 * re-sent, to avoid a second billed job. Look for it with `client.predictions.list({ model, from,
 * to })` before submitting again.
 *
 * @example
 * ```ts
 * if (error instanceof SubmissionUnknownError) {
 *   for await (const p of client.predictions.list({ model: error.model, from: error.windowStart, to: error.windowEnd })) {
 *     console.log(p.id, p.status);
 *   }
 * }
 * ```
 */
export class SubmissionUnknownError extends WaveSpeedError {
  override name = 'SubmissionUnknownError';
  /** The model the job was submitted to. */
  readonly model: string;
  /** Earliest time the job could have been created. */
  readonly windowStart: Date;
  /** Latest time the job could have been created. */
  readonly windowEnd: Date;
  /** Candidate prediction ids when several history entries matched the input. */
  readonly candidates: string[];

  constructor(init: {
    model: string;
    windowStart: Date;
    windowEnd: Date;
    candidates?: string[];
    cause?: unknown;
  }) {
    const candidates = init.candidates ?? [];
    const found =
      candidates.length > 0
        ? `${candidates.length} jobs with the same input were found (${candidates.join(', ')}), so the SDK cannot tell which one is yours.`
        : 'No matching job was found in the history yet.';
    super(
      `The submit to ${init.model} may or may not have created a job (the response was lost). ${found} ` +
        'It was not re-sent, to avoid paying twice. Check with client.predictions.list({ model: ' +
        `"${init.model}", from: "${init.windowStart.toISOString()}", to: "${init.windowEnd.toISOString()}" }) ` +
        'or `wavespeed history` before submitting again.',
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.model = init.model;
    this.windowStart = init.windowStart;
    this.windowEnd = init.windowEnd;
    this.candidates = candidates;
  }
}

/**
 * A webhook delivery failed verification (missing headers, bad signature, tampered body,
 * timestamp outside the tolerance window, or a body that is not JSON). Answer it with HTTP 400.
 *
 * @example
 * ```ts
 * try {
 *   verifyWebhook({ body, headers, secret });
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) res.statusCode = 400;
 * }
 * ```
 */
export class WebhookVerificationError extends WaveSpeedError {
  override name = 'WebhookVerificationError';
}

/**
 * Invalid client options (bad `baseUrl`, `timeout` ≤ 0, `maxConcurrency` < 1 …), thrown by the
 * constructor so the mistake shows up at start-up.
 *
 * @example
 * ```ts
 * new WaveSpeedClient({ timeout: 0 }); // throws ConfigurationError
 * ```
 */
export class ConfigurationError extends WaveSpeedError {
  override name = 'ConfigurationError';
}
