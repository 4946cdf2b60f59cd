import type { ValidationIssue } from './types.js';

// The errors of requests and configuration (a job's outcome: prediction-errors.ts). Every error is
// built whole: nothing is added to it after construction.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const BRAND = Symbol.for('wavespeed-sdk.error');

/** Plain data every error serialises to (`toJSON()` / `util.inspect`). Never holds request headers. */
type ErrorJson = Record<string, unknown> & { name: string; message: string };

/**
 * What every {@link WaveSpeedError} may carry besides its message.
 */
export interface WaveSpeedErrorInit {
  /** The prediction involved, when one is known, so a billed job is never lost. */
  predictionId?: string | undefined;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

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
 *   if (!(error instanceof WaveSpeedError)) throw error;
 *   // Whatever went wrong after the submit, the job is not lost: its id is on the error.
 *   if (error.predictionId) console.error(`job ${error.predictionId}: ${error.message}`);
 * }
 * ```
 */
export class WaveSpeedError extends Error {
  /** The error class's name, e.g. `'RateLimitError'`; it starts the stack trace. */
  override name = 'WaveSpeedError';
  /** The prediction involved, when one is known: wait on it or look it up instead of resubmitting. */
  readonly predictionId: string | undefined;

  constructor(message: string, init: WaveSpeedErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.predictionId = init.predictionId;
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
 * // In code that may see a second copy of the SDK (a bundled dependency, the CJS build):
 * if (isWaveSpeedError(error)) logger.warn(error.name, error.predictionId);
 * ```
 */
export function isWaveSpeedError(value: unknown): value is WaveSpeedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/** What an {@link APIError} is built from. */
export interface APIErrorInit extends WaveSpeedErrorInit {
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
}

/**
 * What {@link APIError.fromResponse} reads: the status, the API's own message and code, and
 * what the response said besides.
 */
export interface APIErrorResponse extends APIErrorInit {
  /** HTTP status (for an error inside a 200 envelope, the body's `code`). */
  status: number;
  /** The API's message, or what the SDK could tell about the body. */
  message: string;
  /** How long the API asked to wait, in ms (`Retry-After`). */
  retryAfter?: number | undefined;
  /** Names what was being done, put before the message (e.g. `Storage rejected the upload of a.png`). */
  context?: string | undefined;
}

/**
 * Error codes (`error_code`) that mean the account is out of credit. The API documents none; a
 * code naming the balance or credits counts.
 */
const BALANCE_CODE = /balance|credit/i;
/**
 * The fallback for the one case the API gives no code: a 400/402/403 whose message is about the
 * balance (as the exhausted-balance 403 of the submit endpoint reads).
 */
const BALANCE_MESSAGE = /\b(insufficient|balance|credits?|top[ -]?up)\b/i;

function isBalanceError(
  status: number,
  message: string,
  code: string | number | undefined,
): boolean {
  if (typeof code === 'string' && code !== '') return BALANCE_CODE.test(code);
  return (status === 400 || status === 402 || status === 403) && BALANCE_MESSAGE.test(message);
}

/** What to do about each status, appended to every API error message. */
function advice(status: number, balance: boolean): string {
  if (balance) return 'Top up your balance at https://wavespeed.ai and retry.';
  switch (status) {
    case 400:
    case 422:
      return 'Check the input against the model schema (client.models.get(model)).';
    case 401:
      return 'Check the API key: set WAVESPEED_API_KEY or pass apiKey (keys: https://wavespeed.ai/accesskey).';
    case 403:
      return 'The key is not allowed to do this; use a key from a role with access, or check the account.';
    case 404:
      return 'Check the model id or prediction id (predictions are kept for 7 days).';
    case 408:
    case 429:
      return 'Slow down or lower maxConcurrency / maxJobsPerMinute, then retry.';
    default:
      return status >= 500
        ? 'WaveSpeed had a problem; retry later. If it persists, quote the request id to support.'
        : 'Retry, and quote the request id to support if it persists.';
  }
}

/**
 * The API answered with an error (HTTP status ≥ 400, or HTTP 200 with an error `code` in the body,
 * or a body that could not be read). Subclasses name the common cases.
 *
 * @example
 * ```ts
 * try {
 *   await client.predictions.get(id);
 * } catch (error) {
 *   if (!(error instanceof APIError)) throw error;
 *   // Quote the request id to WaveSpeed support.
 *   console.error(error.status, error.code, error.requestId, error.message);
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

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers;
  }

  /**
   * The error for an API answer: the subclass is chosen from the HTTP status and the API's error
   * code (an `error_code` about the balance or credits → {@link InsufficientBalanceError}; only
   * when the API sends no code does a 400/402/403 whose message is about the balance count), and
   * the message ends with the status, the request id and what to do.
   *
   * @example
   * ```ts
   * // A proxy or test double answering in the API's own terms:
   * const error = APIError.fromResponse({ status: 403, message: 'Insufficient balance', requestId: 'req_1' });
   * error instanceof InsufficientBalanceError; // true: no error_code, and the message says so
   * ```
   */
  static fromResponse(response: APIErrorResponse): APIError {
    const { status, message, context, retryAfter, ...init } = response;
    const balance = isBalanceError(status, message, init.code);
    const said = context === undefined ? message : `${context}: ${message}`;
    const full = `${said} (HTTP ${status}${init.requestId ? `, request id ${init.requestId}` : ''}). ${advice(status, balance)}`;
    const withStatus = { ...init, status };
    if (balance) return new InsufficientBalanceError(full, withStatus);
    if (status === 400 || status === 422) return new ValidationError(full, withStatus);
    if (status === 401) return new AuthenticationError(full, withStatus);
    if (status === 403) return new PermissionDeniedError(full, withStatus);
    if (status === 404) return new NotFoundError(full, withStatus);
    if (status === 429) return new RateLimitError(full, { ...withStatus, retryAfter });
    if (status >= 500) return new ServerError(full, withStatus);
    return new APIError(full, withStatus);
  }
}

/** 401: the API key is missing, wrong or revoked. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}

/** 403: the key is valid but not allowed to do this (key role, account state). */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}

/**
 * 404: the prediction or model does not exist. For an unknown model, `suggestions` lists the
 * closest known model ids.
 *
 * @example
 * ```ts
 * try {
 *   await client.run('wavespeed-ai/flux-dve', { prompt: 'A cat' });
 * } catch (error) {
 *   if (error instanceof NotFoundError && error.suggestions.length > 0) {
 *     console.error(`Unknown model; did you mean ${error.suggestions[0]}?`);
 *   }
 * }
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
 * try {
 *   await client.run('wavespeed-ai/flux-dev', { promt: 'A cat' });
 * } catch (error) {
 *   if (!(error instanceof ValidationError)) throw error;
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
  static fromIssues(
    summary: string,
    issues: ValidationIssue[],
    init: WaveSpeedErrorInit = {},
  ): ValidationError {
    const lines = issues.map((issue) => {
      const where = issue.path === '' ? 'input' : `"${issue.path}"`;
      const hint = issue.suggestion === undefined ? '' : ` (did you mean "${issue.suggestion}"?)`;
      return `  - ${where}: ${issue.message}${hint}`;
    });
    return new ValidationError(`${summary}:\n${lines.join('\n')}`, { ...init, issues });
  }
}

/** The account has too little credit for this job. Top up at https://wavespeed.ai and retry. */
export class InsufficientBalanceError extends APIError {
  override name = 'InsufficientBalanceError';
}

/**
 * 429: too many requests or jobs for the account's rate tier. `retryAfter` is how long the API
 * asked to wait, in milliseconds, when it said. The SDK already waited and retried before
 * throwing it.
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

/** 5xx, or a response body that could not be read (truncated, HTML from a proxy, empty). */
export class ServerError extends APIError {
  override name = 'ServerError';
}

/** What a {@link ConnectionError} is built from. */
export interface ConnectionErrorInit extends WaveSpeedErrorInit {
  /** System error code such as `ECONNREFUSED` or `ECONNRESET`, when known. */
  errorCode?: string | undefined;
  /** Whether the request may have reached the server (false only when provably not sent). */
  maybeSent?: boolean;
}

/** The request could not be completed at the network level (refused, reset, DNS failure). */
export class ConnectionError extends WaveSpeedError {
  override name = 'ConnectionError';
  /** System error code, e.g. `ECONNREFUSED`. */
  readonly errorCode: string | undefined;
  /** False only when the request provably never reached the server (connection refused). */
  readonly maybeSent: boolean;

  constructor(message: string, init: ConnectionErrorInit = {}) {
    super(message, init);
    this.errorCode = init.errorCode;
    this.maybeSent = init.maybeSent ?? true;
  }
}

/** One HTTP request took longer than the `timeout` option (per request, default 60 s). */
export class RequestTimeoutError extends WaveSpeedError {
  override name = 'RequestTimeoutError';
  /** The per-request timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, init: WaveSpeedErrorInit & { timeout: number }) {
    super(message, init);
    this.timeout = init.timeout;
  }
}

/**
 * A webhook delivery failed verification (missing headers, bad signature, tampered body,
 * timestamp outside the tolerance window, or a body that is not JSON). Answer it with HTTP 400.
 *
 * @example
 * ```ts
 * try {
 *   await handle(verifyWebhook({ body: rawBody, headers: req.headers, secret }));
 * } catch (error) {
 *   res.statusCode = error instanceof WebhookVerificationError ? 400 : 500;
 * }
 * ```
 */
export class WebhookVerificationError extends WaveSpeedError {
  override name = 'WebhookVerificationError';
}

/**
 * Invalid client options (bad `baseUrl`, `timeout` ≤ 0, `maxConcurrency` < 1 …), thrown by the
 * constructor so the mistake shows up at start-up; also a missing optional package.
 */
export class ConfigurationError extends WaveSpeedError {
  override name = 'ConfigurationError';
}

/**
 * Saving an output file failed: the file host (not the API) answered badly, or the file could
 * not be written. The job itself is done: `predictionId` names it, and its outputs can be
 * fetched again (they expire after 7 days).
 */
export class DownloadError extends WaveSpeedError {
  override name = 'DownloadError';
  /** The output URL that could not be saved, when it was a URL. */
  readonly url: string | undefined;

  constructor(message: string, init: WaveSpeedErrorInit & { url?: string | undefined } = {}) {
    super(message, init);
    this.url = init.url;
  }
}
